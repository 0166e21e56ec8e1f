import type { Membership } from '../classroom/ClassroomController';
import type { Roster } from '../world/Roster';
import type { ClassroomMedia } from './ClassroomMedia';
import type { LinkTimings } from './LinkTimings';
import type { MediaApplier } from './MediaApplier';
import type { NearbyConnection } from './NearbyConnection';
import type { PeerMesh } from './PeerMesh';
import type { LinkTransport } from './proximityPlan';
import type { SpatialMixer } from './SpatialMixer';

/** What the debug handle reads of the media controller. */
export interface MediaInsides {
  roster: Roster;
  applier: MediaApplier;
  nearby: NearbyConnection;
  mixer: SpatialMixer;
  room: ClassroomMedia;
  timings: LinkTimings;
  links(): ReadonlySet<string>;
  mesh(): PeerMesh | undefined;
  transports(): ReadonlyMap<string, LinkTransport>;
  crowded(): boolean;
  classroom(): Membership | undefined;
  running(): boolean;
}

/**
 * `window.campusMedia`: a read-only view for end-to-end tests and the media benchmark, in dev and test builds only.
 * Returns the way to take it down.
 */
export function exposeMediaDebugHandle(m: MediaInsides): () => void {
  if (import.meta.env.MODE === 'production') return () => {};
  const peerOf = (userId: string): string => m.roster.get(userId)?.media?.peerId ?? '';
  const handle = {
    links: () => [...m.links()],
    sending: () => [...m.links()].filter((id) => m.mesh()?.isSending(m.roster.get(id)?.media?.peerId ?? '')),
    connected: () => [...new Set([...m.applier.remoteStreams.keys(), ...m.nearby.streams.keys()])],
    transport: (userId: string) => m.transports().get(userId),
    playing: (userId: string) => m.applier.playing.get(userId),
    arrival: (userId: string) => m.applier.arrivalOf(userId),
    playedAudioTrack: (userId: string) => m.mixer.streamOf(userId)?.getAudioTracks()[0]?.id,
    /** Where someone's voice leaves the mixer, for the benchmark to hear what we hear. */
    audioOutput: (userId: string) => ({ context: m.mixer.context, node: m.mixer.outputOf(userId) }),
    crowded: () => m.crowded(),
    nearby: () => ({
      connected: m.nearby.connected,
      receiving: [...m.nearby.receiving()],
    }),
    classroom: () => m.classroom()?.roomId,
    sharing: () => m.room.sharing,
    screenReceivers: () =>
      (m.mesh()?.screenReceivers() ?? []).map((peerId) => m.roster.byPeerId(peerId)?.userId),
    screens: () => m.room.screensReceived(),
    screenStats: (userId: string) =>
      m.room.onSfu ? m.room.sfu?.stats(userId, 'screen') : m.mesh()?.stats(peerOf(userId), 'screen'),
    senders: (userId: string) => m.mesh()?.senderTracks(peerOf(userId)),
    stats: (userId: string) =>
      m.classroom() && m.room.onSfu
        ? m.room.sfu?.stats(userId)
        : !m.classroom() && m.applier.playing.get(userId) === 'sfu'
          ? m.nearby.stats(userId)
          : m.mesh()?.stats(peerOf(userId)),
    livekit: () => m.room.sfuState === 'live',
    sfuState: () => m.room.sfuState,
    // Bypasses proximity: for tests that check the callee refuses.
    callDirect: (userId: string) => m.mesh()?.call(peerOf(userId)),
    refusedCalls: () => m.mesh()?.refusedCalls ?? 0,
    gain: (userId: string) => m.mixer.gainOf(userId),
    timings: () => m.timings.list(),
    ready: () => m.running(),
  };
  const page = window as unknown as { campusMedia?: typeof handle };
  page.campusMedia = handle;
  return () => {
    if (page.campusMedia === handle) delete page.campusMedia;
  };
}
