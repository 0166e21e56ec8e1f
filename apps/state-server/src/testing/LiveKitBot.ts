import {
  AudioFrame,
  AudioSource,
  AudioStream,
  LocalAudioTrack,
  Room,
  RoomEvent,
  TrackKind,
  TrackPublishOptions,
  TrackSource,
  type RemoteParticipant,
  type RemoteTrack,
  type RemoteTrackPublication,
} from '@livekit/rtc-node';

const SAMPLE_RATE = 48_000;
const FRAME_MS = 10;

/**
 * A participant that is not a browser: joins a LiveKit room with a token, can publish a tone as its microphone, and
 * counts the audio frames it receives from each other participant. For tests and benchmarks that need more people
 * than two cores can hold browsers.
 */
export class LiveKitBot {
  readonly room = new Room();
  /** Audio frames received, by the sender's identity. */
  private readonly frames = new Map<string, number>();
  private readonly firstAudioAt = new Map<string, number>();
  private tone: { source: AudioSource; timer: NodeJS.Timeout } | undefined;
  private disconnectedAt: number | undefined;
  /** Stop reading a sender's audio after this many frames (see `join`). */
  private frameBudget = Infinity;

  constructor(readonly name: string) {
    this.room
      .on(RoomEvent.TrackSubscribed, (track, _publication, participant) => {
        if (track.kind === TrackKind.KIND_AUDIO) void this.count(participant.identity, track);
      })
      .on(RoomEvent.Disconnected, () => {
        this.disconnectedAt = Date.now();
      });
  }

  /**
   * Joins with the token. By default it subscribes to everyone; with `listenTo` it subscribes only to those
   * identities' tracks (a crowd of bots that each decode every other's audio would measure the test machine, not the
   * SFU); with `autoSubscribe: false` and no `listenTo`, to nobody. With `audioOnly`, it takes only their audio: a
   * lecture's worth of bots each decoding the teacher's camera would measure the machine too. With `framesToCount`,
   * it stops reading a sender's audio after that many frames (it has heard them): every audio stream of rtc-node
   * listens to every event of the process's native library, so dozens of bots reading 100 frames a second each
   * would stall the process that holds them.
   */
  async join(
    url: string,
    token: string,
    options: {
      autoSubscribe?: boolean;
      listenTo?: readonly string[];
      audioOnly?: boolean;
      framesToCount?: number;
    } = {},
  ): Promise<void> {
    const { listenTo, audioOnly = false } = options;
    this.frameBudget = options.framesToCount ?? Infinity;
    if (listenTo) {
      const wanted = (publication: RemoteTrackPublication, participant: RemoteParticipant): void => {
        if (!listenTo.includes(participant.identity)) return;
        if (audioOnly && publication.kind !== TrackKind.KIND_AUDIO) return;
        publication.setSubscribed(true);
      };
      this.room.on(RoomEvent.TrackPublished, wanted);
      await this.room.connect(url, token, { autoSubscribe: false, dynacast: false });
      for (const participant of this.room.remoteParticipants.values()) {
        for (const publication of participant.trackPublications.values()) wanted(publication, participant);
      }
      return;
    }
    await this.room.connect(url, token, { autoSubscribe: options.autoSubscribe ?? true, dynacast: false });
  }

  /** Publishes a 440 Hz tone as this bot's microphone, 10 ms frames paced in real time (again: a new track). */
  async publishTone(): Promise<void> {
    await this.stopTone();
    const source = new AudioSource(SAMPLE_RATE, 1);
    const track = LocalAudioTrack.createAudioTrack('tone', source);
    const options = new TrackPublishOptions({ source: TrackSource.SOURCE_MICROPHONE });
    await this.room.localParticipant!.publishTrack(track, options);
    const samples = (SAMPLE_RATE * FRAME_MS) / 1000;
    let phase = 0;
    const timer = setInterval(() => {
      const data = new Int16Array(samples);
      for (let i = 0; i < samples; i++)
        data[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * phase++) / SAMPLE_RATE));
      void source.captureFrame(new AudioFrame(data, SAMPLE_RATE, 1, samples)).catch(() => undefined);
    }, FRAME_MS);
    this.tone = { source, timer };
  }

  /** Audio frames received from `identity` so far. */
  framesFrom(identity: string): number {
    return this.frames.get(identity) ?? 0;
  }

  /** When the first audio frame from `identity` arrived (Date.now), if one has. */
  firstAudioFrom(identity: string): number | undefined {
    return this.firstAudioAt.get(identity);
  }

  /** Identities of the others in the room, as this bot sees them. */
  others(): string[] {
    return [...this.room.remoteParticipants.keys()];
  }

  /** When the SFU ended this bot's session (removal, server gone), if it has. */
  get disconnected(): number | undefined {
    return this.disconnectedAt;
  }

  /** Bytes of media received over WebRTC, from the session's stats (LiveKit may carry both ways on one transport). */
  async inboundBytes(): Promise<number> {
    const stats = await this.room.getRtcStats();
    let bytes = 0;
    for (const stat of [...stats.publisherStats, ...stats.subscriberStats]) {
      const s = stat.stats;
      if (s.case === 'inboundRtp') bytes += Number(s.value.inbound?.bytesReceived ?? 0);
    }
    return bytes;
  }

  async leave(): Promise<void> {
    await this.stopTone();
    await this.room.disconnect().catch(() => undefined);
  }

  private async stopTone(): Promise<void> {
    if (!this.tone) return;
    clearInterval(this.tone.timer);
    await this.tone.source.close().catch(() => undefined);
    this.tone = undefined;
  }

  private async count(identity: string, track: RemoteTrack): Promise<void> {
    const reader = new AudioStream(track).getReader();
    for (;;) {
      const { done } = await reader.read();
      if (done) return;
      if (!this.firstAudioAt.has(identity)) this.firstAudioAt.set(identity, Date.now());
      const frames = (this.frames.get(identity) ?? 0) + 1;
      this.frames.set(identity, frames);
      if (frames >= this.frameBudget) {
        await reader.cancel().catch(() => undefined);
        return;
      }
    }
  }
}
