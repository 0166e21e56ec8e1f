import { isCaller } from '@campus/world';
import type { ClassroomMediaEvent } from './ClassroomMediaContext';
import type { NearbyConnection } from './NearbyConnection';
import type { PeerMesh } from './PeerMesh';
import type { MediaPlan } from './planMedia';
import type { LinkTransport } from './proximityPlan';
import { RoadArrivals, type Arrival } from './RoadArrivals';
import type { SpatialMixer } from './SpatialMixer';

/**
 * A call placed but not connected within `firstMs` is given up and placed again; each further try waits twice as long,
 * up to `maxMs`. A loaded laptop can take several seconds to connect a call, and a callee that has not yet seen us
 * arrive refuses the first one: a fixed short wait would hang up every call just before its answer arrived.
 */
export const CALL_RETRY = { firstMs: 2500, maxMs: 10_000 } as const;

export interface MediaApplierDeps {
  mixer: SpatialMixer;
  nearby: NearbyConnection;
  selfId(): string;
  /** The PeerJS id someone holds now, if they registered media. */
  peerOf(userId: string): string | undefined;
}

/**
 * Carries out a media plan on PeerJS, the campus-wide SFU and the mixer: keeps the planned direct calls up (the caller
 * of each pair places them, again if they do not connect), hangs up the others, sends to whom the plan says, and plays
 * each voice from its road at its gain. It holds what arrived: each person's direct (or classroom SFU) stream.
 */
export class MediaApplier {
  /** Each person's camera and microphone as they arrive over a direct call, or through a classroom's SFU. */
  readonly remoteStreams = new Map<string, MediaStream>();
  /** Which road each voice is playing from now. */
  readonly playing = new Map<string, LinkTransport>();
  /** The calls we placed that have not connected yet: when, and how long we give this one. */
  private readonly placed = new Map<string, { at: number; patienceMs: number }>();
  private readonly arrivals = new RoadArrivals();
  private lastArrival: (userId: string, road: LinkTransport) => Arrival = () => 'none';
  /** Who has a stream playing silently beside the one heard (`MediaPlan.standby`). */
  private readonly standing = new Set<string>();

  constructor(private readonly deps: MediaApplierDeps) {}

  /**
   * Applies `plan` at `now`; `classroom` says whether the SFU road means the classroom's (whose streams come as
   * remote streams) rather than the campus-wide one. `called` hears of each planned call with a peer, and whether
   * their media is arriving.
   */
  apply(
    plan: MediaPlan,
    now: number,
    mesh: PeerMesh,
    classroom: boolean,
    called: (userId: string, peerId: string, connected: boolean) => void = () => {},
  ): void {
    if (plan.videoBitrate !== undefined) mesh.setVideoBitrate(plan.videoBitrate);
    if (plan.calls) {
      for (const userId of [...this.calledOrConnected()])
        if (!plan.calls.has(userId)) this.hangUp(userId, mesh);
      for (const userId of plan.calls) {
        const peerId = this.deps.peerOf(userId);
        if (!peerId) continue;
        const connected = this.ensureCall(now, mesh, userId, peerId);
        mesh.setSending(peerId, plan.sending.has(userId));
        called(userId, peerId, connected);
      }
    }
    this.deps.nearby.apply(now, plan.nearby.publish, plan.nearby.sfu);
    if (plan.silenceOthers)
      for (const userId of [...this.playing.keys()]) if (!plan.play.has(userId)) this.stopPlaying(userId);
    const streamBy = (userId: string, road: LinkTransport): MediaStream | undefined =>
      !classroom && road === 'sfu' ? this.deps.nearby.streams.get(userId) : this.remoteStreams.get(userId);
    for (const [userId, road] of plan.play) {
      this.play(userId, streamBy(userId, road), road);
      const placed = plan.gains.get(userId);
      if (placed) this.deps.mixer.place(userId, placed.gain, placed.pan);
    }
    for (const userId of [...this.standing])
      if (!plan.standby.has(userId)) {
        this.standing.delete(userId);
        this.deps.mixer.standby(userId, undefined);
      }
    for (const [userId, road] of plan.standby) {
      this.standing.add(userId);
      this.deps.mixer.standby(userId, streamBy(userId, road));
    }
  }

  /**
   * How far each person's voice has come over our direct call with them and through the campus-wide SFU, now;
   * `wanted` is the road the last plan chose for each link (RoadArrivals times a road's settling from it).
   */
  arrival(
    now: number,
    mesh: PeerMesh,
    wanted: ReadonlyMap<string, LinkTransport>,
  ): (userId: string, road: LinkTransport) => Arrival {
    const direct = new Map<string, RTCRtpReceiver | undefined>();
    for (const userId of this.remoteStreams.keys()) {
      const peerId = this.deps.peerOf(userId);
      direct.set(userId, peerId ? mesh.audioReceiver(peerId) : undefined);
    }
    this.lastArrival = this.arrivals.observe(
      now,
      { mesh: direct, sfu: this.deps.nearby.audioReceivers() },
      wanted,
    );
    return this.lastArrival;
  }

  /** How far someone's voice had come by each road at the last update (for tests and the benchmark). */
  arrivalOf(userId: string): Record<LinkTransport, Arrival> {
    return { mesh: this.lastArrival(userId, 'mesh'), sfu: this.lastArrival(userId, 'sfu') };
  }

  /** The stream shown and heard for someone: whichever road it plays from now. */
  streamOf(userId: string, classroom: boolean): MediaStream | undefined {
    return !classroom && this.playing.get(userId) === 'sfu'
      ? this.deps.nearby.streams.get(userId)
      : this.remoteStreams.get(userId);
  }

  /** Hangs up every call and drops every remote stream. */
  hangUpAll(mesh: PeerMesh | undefined): void {
    for (const userId of [...this.calledOrConnected()]) this.hangUp(userId, mesh);
  }

  /** Carries out what a classroom's SFU connection reports about calls and streams (ClassroomMedia). */
  fromClassroom(
    event: Extract<ClassroomMediaEvent, { kind: 'person' | 'calls-end' }>,
    mesh: PeerMesh | undefined,
  ): void {
    if (event.kind === 'calls-end') this.hangUpAll(mesh);
    else if (event.stream) this.remoteStreams.set(event.userId, event.stream);
    else this.dropStream(event.userId);
  }

  /** Forgets every stream and every call placed (a new connection: everything starts afresh). */
  dropAll(): void {
    for (const userId of [...this.calledOrConnected()]) this.dropStream(userId);
    this.placed.clear();
  }

  dropStream(userId: string): void {
    const stream = this.remoteStreams.get(userId);
    this.remoteStreams.delete(userId);
    if (stream && this.deps.mixer.streamOf(userId) === stream) this.stopPlaying(userId);
  }

  private hangUp(userId: string, mesh: PeerMesh | undefined): void {
    const peerId = this.deps.peerOf(userId);
    if (peerId) mesh?.hangUp(peerId);
    this.dropStream(userId);
    this.placed.delete(userId);
  }

  /**
   * Keeps a call up with someone we should be connected to: the caller of the pair places it, and places it again,
   * each time waiting longer (`CALL_RETRY`), while it has not connected. Returns whether their media is arriving.
   */
  private ensureCall(now: number, mesh: PeerMesh, userId: string, peerId: string): boolean {
    const connected = this.remoteStreams.has(userId);
    if (connected) {
      this.placed.delete(userId);
      return true;
    }
    if (!isCaller(this.deps.selfId(), userId)) return false;
    const last = this.placed.get(userId);
    if (last && now - last.at <= last.patienceMs) return false;
    this.placed.set(userId, {
      at: now,
      patienceMs: last ? Math.min(last.patienceMs * 2, CALL_RETRY.maxMs) : CALL_RETRY.firstMs,
    });
    mesh.hangUp(peerId);
    mesh.call(peerId);
    return false;
  }

  private *calledOrConnected(): Generator<string> {
    yield* this.remoteStreams.keys();
    for (const userId of this.placed.keys()) if (!this.remoteStreams.has(userId)) yield userId;
  }

  /** Plays this person's voice from `stream` (switching from another road without a fade), or nothing. */
  private play(userId: string, stream: MediaStream | undefined, road: LinkTransport): void {
    if (!stream) {
      if (this.playing.get(userId) === road) this.stopPlaying(userId);
      return;
    }
    if (this.deps.mixer.streamOf(userId) === stream) return;
    this.deps.mixer.add(userId, stream);
    this.playing.set(userId, road);
  }

  private stopPlaying(userId: string): void {
    this.deps.mixer.remove(userId);
    this.playing.delete(userId);
  }
}
