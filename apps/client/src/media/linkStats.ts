/** A summary of one link's receiving side, from `getStats()`. */
export interface LinkStats {
  audioBytesReceived: number;
  audioSamplesReceived: number;
  /** The received audio's total energy (mesh links): it stops growing when the sender sends silence. */
  audioEnergy?: number;
  videoBytesReceived: number;
  videoFramesDecoded: number;
  relayed: boolean;
}

/** One entry of an `RTCStatsReport`, as the fields we read. */
type StatsEntry = Record<string, unknown>;

/** Sums a peer connection's inbound audio and video and tells whether its chosen candidate pair goes through TURN. */
export function summariseLinkStats(report: { forEach(each: (entry: StatsEntry) => void): void }): LinkStats {
  const summary: LinkStats = {
    audioBytesReceived: 0,
    audioSamplesReceived: 0,
    audioEnergy: 0,
    videoBytesReceived: 0,
    videoFramesDecoded: 0,
    relayed: false,
  };
  const candidateTypes = new Map<string, unknown>();
  let selectedLocal: string | undefined;
  report.forEach((s) => {
    if (s.type === 'inbound-rtp' && s.kind === 'audio') {
      summary.audioBytesReceived += Number(s.bytesReceived ?? 0);
      summary.audioSamplesReceived += Number(s.totalSamplesReceived ?? 0);
      summary.audioEnergy = (summary.audioEnergy ?? 0) + Number(s.totalAudioEnergy ?? 0);
    }
    if (s.type === 'inbound-rtp' && s.kind === 'video') {
      summary.videoBytesReceived += Number(s.bytesReceived ?? 0);
      summary.videoFramesDecoded += Number(s.framesDecoded ?? 0);
    }
    if (s.type === 'local-candidate') candidateTypes.set(String(s.id), s.candidateType);
    if (s.type === 'candidate-pair' && s.state === 'succeeded' && s.nominated)
      selectedLocal = String(s.localCandidateId);
  });
  summary.relayed = selectedLocal !== undefined && candidateTypes.get(selectedLocal) === 'relay';
  return summary;
}
