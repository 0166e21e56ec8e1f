import {
  RemoteAudioTrack,
  RemoteVideoTrack,
  type LocalTrackPublication,
  type RemoteTrack,
} from 'livekit-client';
import type { MediaKind } from './LocalMedia';
import type { LinkStats } from './PeerMesh';

/** Our published microphone and camera in one LiveKit room. */
export interface Publications {
  mic?: LocalTrackPublication;
  cam?: LocalTrackPublication;
}

/** Mutes or unmutes what we publish, as the person's microphone and camera toggles say. */
export async function applySending(
  published: Publications,
  { mic, cam }: { mic: boolean; cam: boolean },
): Promise<void> {
  await Promise.all([
    mic ? published.mic?.unmute() : published.mic?.mute(),
    cam ? published.cam?.unmute() : published.cam?.mute(),
  ]);
}

/** A device change: the publication switches to the new track. */
export async function replacePublished(
  published: Publications,
  kind: MediaKind,
  track: MediaStreamTrack,
): Promise<void> {
  await (kind === 'audio' ? published.mic : published.cam)?.track?.replaceTrack(track, true);
}

/** What we receive on a remote audio and video track, as link stats. */
export async function receivedStats(audioTrack?: RemoteTrack, videoTrack?: RemoteTrack): Promise<LinkStats> {
  const audio = audioTrack instanceof RemoteAudioTrack ? await audioTrack.getReceiverStats() : undefined;
  const video = videoTrack instanceof RemoteVideoTrack ? await videoTrack.getReceiverStats() : undefined;
  return {
    audioBytesReceived: audio?.bytesReceived ?? 0,
    audioSamplesReceived: 0,
    videoBytesReceived: video?.bytesReceived ?? 0,
    videoFramesDecoded: video?.framesDecoded ?? 0,
    relayed: false,
  };
}
