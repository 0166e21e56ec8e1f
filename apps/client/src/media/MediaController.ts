import type { CrowdPolicy, Point } from '@campus/protocol';
import { DEFAULT_PROXIMITY, ProximityLinks, distance, isCaller, type Neighbour } from '@campus/world';
import type { Membership } from '../classroom/ClassroomController';
import type { CampusConnection } from '../net/CampusConnection';
import type { Positions } from '../store/CampusStore';
import type { Roster } from '../world/Roster';
import { nextActiveSpeaker, SPEAKING_LEVEL, type ActiveSpeaker } from './activeSpeaker';
import { ClassroomMedia } from './ClassroomMedia';
import { LocalMedia } from './LocalMedia';
import { MediaBubbles, type BubbleView } from './MediaBubbles';
import { MediaControls } from './MediaControls';
import { NearbyConnection } from './NearbyConnection';
import { gainForDistance, panForOffset, videoBitratePerLink } from './mediaPolicy';
import { PeerMesh } from './PeerMesh';
import { nextCrowded, planProximity, type LinkTransport } from './proximityPlan';
import { ScreenShare } from './ScreenShare';
import { SpatialMixer } from './SpatialMixer';

/** When a link formed, measured for the media benchmark. */
export interface LinkTiming {
  userId: string;
  enteredAt: number;
  linkedAt?: number;
  firstAudioAt?: number;
  /** Audio samples the call had already received when they entered (a prepared call may have carried talk before). */
  baseline?: number;
  probing?: boolean;
}

/** A call placed but not connected within this long is given up and placed again. */
const RETRY_CALL_AFTER_MS = 2500;

/**
 * Calls are set up (connected, carrying nothing) while people approach within this range, so that talk starts the
 * moment they link at the enter radius instead of waiting for signaling, ICE and DTLS.
 */
export const PREPARE: typeof DEFAULT_PROXIMITY = {
  enterRadius: 160,
  exitRadius: 200,
  linkDelay: 0,
  unlinkDelay: 1000,
  maxLinks: DEFAULT_PROXIMITY.maxLinks + 4,
};
const RENDER_EVERY_MS = 200;
/** The mixer's key for our own microphone, measured (never played) for the speaker grid. */
const SELF_LEVEL = 'self';

/**
 * Proximity voice and video: from where everyone stands it decides who is linked (ProximityLinks), places calls as
 * the caller of each pair, answers only people it considers near, sets each voice's volume and side, and keeps the
 * upstream within budget.
 */
export class MediaController {
  private readonly links = new ProximityLinks(DEFAULT_PROXIMITY);
  private readonly prepared = new ProximityLinks(PREPARE);
  private readonly mixer: SpatialMixer;
  private readonly bubbles = new MediaBubbles();
  private readonly controls: MediaControls;
  private mesh: PeerMesh | undefined;
  private local: LocalMedia | undefined;
  private readonly remoteStreams = new Map<string, MediaStream>();
  private readonly lastCallAt = new Map<string, number>();
  private readonly timings = new Map<string, LinkTiming>();
  private directLinks = 0;
  private dnd = false;
  private lastRender = 0;
  private lastPositions: Positions | undefined;
  private running = false;
  /** In a classroom, the room is one conversation among its members and proximity rules stop. */
  private classroom: Membership | undefined;
  private iceTimer: number | undefined;
  private speaker: ActiveSpeaker = { id: undefined, since: 0 };
  /** Screen sharing and, where the server runs rooms on LiveKit, the classroom's SFU connection. */
  private readonly room: ClassroomMedia;
  /** Where the server has an SFU: when proximity links move to it, and the connection to its campus-wide room. */
  private crowdPolicy: CrowdPolicy | undefined;
  private crowded = false;
  private readonly nearby: NearbyConnection;
  /** How each linked person's voice reaches us now, and which road it is playing from. */
  private transports: ReadonlyMap<string, LinkTransport> = new Map();
  private playing = new Map<string, LinkTransport>();

  constructor(
    private readonly connection: CampusConnection,
    private readonly roster: Roster,
    private readonly selfId: () => string,
    private readonly selfName: () => string,
    private readonly positions: () => Positions | undefined,
    audio: AudioContext,
    private readonly notify: (text: string) => void,
    private readonly iceTransportPolicy: RTCIceTransportPolicy = 'all',
    /** True where a point lies inside a classroom: people there do not link with people outside. */
    private readonly insideClassroom: (p: Point) => boolean = () => false,
  ) {
    this.mixer = new SpatialMixer(audio);
    this.room = new ClassroomMedia({
      connection,
      roster,
      membership: () => this.classroom,
      local: () => this.local,
      mesh: () => this.mesh,
      notify,
      personStream: (userId, stream) => {
        if (stream) this.remoteStreams.set(userId, stream);
        else this.dropStream(userId);
      },
      hangUpCalls: () => {
        for (const userId of [...this.calledOrConnected()]) this.hangUp(userId);
      },
      publishState: () => this.publishState(),
    });
    this.controls = new MediaControls({
      toggleMic: () => this.setMic(!(this.local?.micOn ?? false)),
      toggleCam: () => this.setCam(!(this.local?.camOn ?? false)),
      toggleDnd: () => this.setDnd(!this.dnd),
      toggleScreen: () => void this.room.toggleScreen(),
      useDevice: (kind, id) => void this.local?.useDevice(kind, id).then(() => this.publishState()),
    });
    this.nearby = new NearbyConnection({
      requestAccess: async () => {
        const reply = await connection.request('media:sfu', undefined).catch(() => undefined);
        return reply?.ok ? reply.livekit : undefined;
      },
      local: () => this.local,
      onStream: () => {},
    });
    this.exposeDebugHandle();
  }

  /** Asks for camera and microphone, registers with the signaling server, and starts linking. */
  async start(): Promise<void> {
    const { media, notice } = await LocalMedia.acquire(this.mixer.context);
    this.local = media;
    this.mixer.add(SELF_LEVEL, media.stream, { audible: false });
    media.onTrackReplaced((kind, track) => {
      this.mesh?.replaceTrack();
      void this.room.sfu?.replaceTrack(kind, track);
      this.nearby.replaceTrack(kind, track);
      this.mixer.add(SELF_LEVEL, media.stream, { audible: false });
    });
    if (notice) this.notify(notice);
    await this.register();
    void this.controls.listDevices({});
    this.running = true;
    const loop = (): void => {
      if (!this.running) return;
      this.tick(performance.now());
      requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  }

  private async register(): Promise<void> {
    const reply = await this.connection.request('media:register', undefined);
    if (!reply.ok || !this.local) throw new Error(reply.ok ? 'no local media' : reply.error.message);
    this.mesh?.destroy();
    this.mesh = new PeerMesh({
      peerId: reply.peerId,
      token: reply.token,
      iceServers: reply.iceServers,
      iceTransportPolicy: this.iceTransportPolicy,
      localStream: this.local.stream,
      accept: (peerId) => this.accepts(peerId),
      onRemoteStream: (peerId, stream) => {
        const user = this.roster.byPeerId(peerId);
        // On the SFU the room's streams come through it; a late direct call must not replace them.
        if (!user || (this.classroom && this.room.onSfu)) return;
        this.remoteStreams.set(user.userId, stream);
      },
      onClosed: (peerId) => {
        const user = this.roster.byPeerId(peerId);
        if (user && !(this.classroom && this.room.onSfu)) this.dropStream(user.userId);
      },
      acceptScreen: (peerId) => {
        const user = this.roster.byPeerId(peerId);
        return !!user && !!this.classroom?.members.includes(user.userId);
      },
      onRemoteScreen: (peerId, stream) => {
        const user = this.roster.byPeerId(peerId);
        if (user) this.room.screenArrived(user.userId, stream);
      },
      onScreenClosed: (peerId) => {
        const user = this.roster.byPeerId(peerId);
        if (user) this.room.screenGone(user.userId);
      },
    });
    await this.mesh.ready();
    this.crowdPolicy = reply.crowd;
    this.publishState();
    this.scheduleIceRefresh(reply.expiresAt);
  }

  /** After the connection came back, the server may be new: register again and relink from scratch. */
  async rejoined(): Promise<void> {
    if (!this.local) return;
    for (const userId of [...this.calledOrConnected()]) this.dropStream(userId);
    void this.nearby.leave();
    this.crowded = false;
    this.lastCallAt.clear();
    this.links.reset();
    this.prepared.reset();
    await this.register().catch((err: unknown) =>
      console.warn('campus media: could not register again', err),
    );
  }

  /** Enters (or, with undefined, leaves) a classroom's conversation. */
  setClassroom(membership: Membership | undefined): void {
    const left = this.classroom && this.classroom.roomId !== membership?.roomId;
    this.classroom = membership;
    this.links.reset();
    this.bubbles.setGrid(!!membership);
    if (left) this.speaker = { id: undefined, since: 0 };
    this.room.changed(membership, !!left);
    this.publishState();
  }

  private tick(now: number): void {
    const mesh = this.mesh;
    const where = this.positions();
    if (!mesh || !where) return;
    this.lastPositions = where;
    if (this.classroom) {
      // The room is one conversation: no proximity links, none through the campus-wide SFU either.
      this.nearby.apply(now, false, new Set());
      if (this.room.onSfu) this.tickLiveKit(now, this.classroom);
      else this.tickClassroom(now, mesh, this.classroom);
      return;
    }
    const neighbours: Neighbour[] = [];
    const selfInside = this.insideClassroom(where.self);
    for (const [userId, position] of where.others) {
      const entry = this.roster.get(userId);
      const available =
        !!entry &&
        entry.online &&
        entry.status !== 'dnd' &&
        !!entry.media &&
        !selfInside &&
        !this.insideClassroom(position);
      neighbours.push({ userId, position, available });
      const near = distance(where.self, position) < DEFAULT_PROXIMITY.enterRadius;
      if (near && available && !this.timings.has(userId))
        this.timings.set(userId, { userId, enteredAt: now });
      if (!near && !this.links.current.has(userId)) this.timings.delete(userId);
    }
    const changes = this.links.update(where.self, !this.dnd, neighbours, now);
    const ready = this.prepared.update(where.self, !this.dnd, neighbours, now);
    for (const userId of changes.linked) {
      const timing = this.timings.get(userId);
      if (timing) timing.linkedAt = now;
    }
    const policy = this.crowdPolicy;
    const crowded = !!policy && nextCrowded(this.crowded, changes.current.size, policy);
    if (crowded !== this.crowded) {
      this.crowded = crowded;
      this.publishState();
    }
    const receivingMesh = new Set(this.remoteStreams.keys());
    const plan = planProximity({
      linked: changes.current,
      prepared: ready.current,
      crowdPolicy: policy,
      selfCrowded: crowded,
      crowded: (userId) => this.roster.get(userId)?.media?.crowd === true,
      receivingMesh,
      receivingSfu: this.nearby.receiving(),
    });
    this.transports = plan.transport;
    const directLinks = [...changes.current].filter((id) => plan.transport.get(id) === 'mesh').length;
    if (changes.linked.length || changes.unlinked.length || directLinks !== this.directLinks) {
      this.directLinks = directLinks;
      mesh.setVideoBitrate(videoBitratePerLink(directLinks));
    }
    for (const userId of [...this.calledOrConnected()]) if (!plan.calls.has(userId)) this.hangUp(userId);
    for (const userId of plan.calls) {
      const peerId = this.roster.get(userId)?.media?.peerId;
      if (!peerId) continue;
      const connected = this.ensureCall(now, mesh, userId, peerId);
      // Our voice and camera go only to those we are linked with; prepared calls stay silent.
      mesh.setSending(peerId, changes.current.has(userId));
      const timing = this.timings.get(userId);
      if (timing && timing.firstAudioAt === undefined && connected) void this.probeFirstAudio(peerId, timing);
    }
    this.nearby.apply(now, plan.publish, plan.sfu);
    for (const userId of [...this.playing.keys()]) if (!plan.play.has(userId)) this.stopPlaying(userId);
    for (const [userId, road] of plan.play) {
      const stream = road === 'sfu' ? this.nearby.streams.get(userId) : this.remoteStreams.get(userId);
      this.play(userId, stream, road);
      const position = where.others.get(userId);
      if (position)
        this.mixer.place(
          userId,
          gainForDistance(distance(where.self, position)),
          panForOffset(position.x - where.self.x),
        );
    }
    if (now - this.lastRender > RENDER_EVERY_MS) {
      this.lastRender = now;
      this.render(changes.overflow);
    }
  }

  /**
   * Keeps a call up with someone we should be connected to: the caller of the pair places it, and places it again if
   * it has not connected after a while. Returns whether their media is arriving.
   */
  private ensureCall(now: number, mesh: PeerMesh, userId: string, peerId: string): boolean {
    const connected = this.remoteStreams.has(userId);
    const due = now - (this.lastCallAt.get(userId) ?? -Infinity) > RETRY_CALL_AFTER_MS;
    if (!connected && due && isCaller(this.selfId(), userId)) {
      this.lastCallAt.set(userId, now);
      mesh.hangUp(peerId);
      mesh.call(peerId);
    }
    return connected;
  }

  /** A classroom as a mesh: everyone in it is called (up to the mesh cap) and heard at full volume. */
  private tickClassroom(now: number, mesh: PeerMesh, room: Membership): void {
    const self = this.selfId();
    const members = room.members.filter((id) => id !== self).slice(0, room.meshCap - 1);
    const wanted = new Set(members);
    for (const userId of [...this.calledOrConnected()]) if (!wanted.has(userId)) this.hangUp(userId);
    for (const userId of members) {
      const peerId = this.roster.get(userId)?.media?.peerId;
      if (!peerId) continue;
      this.ensureCall(now, mesh, userId, peerId);
      mesh.setSending(peerId, true);
      this.play(userId, this.remoteStreams.get(userId), 'mesh');
      this.mixer.place(userId, 1, 0);
    }
    mesh.setVideoBitrate(videoBitratePerLink(members.length));
    this.room.tickScreens(now, mesh, members);
    if (now - this.lastRender > RENDER_EVERY_MS) {
      this.lastRender = now;
      this.render(0);
    }
  }

  /** A classroom on the SFU: everyone in it is heard at full volume; LiveKit carries the media. */
  private tickLiveKit(now: number, room: Membership): void {
    for (const userId of room.members) {
      this.play(userId, this.remoteStreams.get(userId), 'sfu');
      this.mixer.place(userId, 1, 0);
    }
    if (now - this.lastRender > RENDER_EVERY_MS) {
      this.lastRender = now;
      this.render(0);
    }
  }

  /** Notes when audio from a newly entered neighbour first arrives: samples beyond what the call had when they entered. */
  private async probeFirstAudio(peerId: string, timing: LinkTiming): Promise<void> {
    if (timing.probing) return;
    timing.probing = true;
    const stats = await this.mesh?.stats(peerId);
    timing.probing = false;
    if (!stats) return;
    if (timing.baseline === undefined) timing.baseline = stats.audioSamplesReceived;
    else if (stats.audioSamplesReceived > timing.baseline && timing.firstAudioAt === undefined) {
      timing.firstAudioAt = performance.now();
    }
  }

  private *calledOrConnected(): Generator<string> {
    yield* this.remoteStreams.keys();
    yield* this.lastCallAt.keys();
  }

  /** Answer only someone near: known, available, and within the range where calls are prepared. */
  private accepts(peerId: string): boolean {
    const user = this.roster.byPeerId(peerId);
    const where = this.lastPositions;
    if (!user || !where || !user.online) return false;
    if (this.classroom) return !this.room.onSfu && this.classroom.members.includes(user.userId);
    if (this.dnd || user.status === 'dnd') return false;
    const position = where.others.get(user.userId);
    return position !== undefined && distance(where.self, position) <= PREPARE.exitRadius;
  }

  private hangUp(userId: string): void {
    const peerId = this.roster.get(userId)?.media?.peerId;
    if (peerId) this.mesh?.hangUp(peerId);
    this.dropStream(userId);
    this.lastCallAt.delete(userId);
  }

  private dropStream(userId: string): void {
    const stream = this.remoteStreams.get(userId);
    this.remoteStreams.delete(userId);
    if (stream && this.mixer.streamOf(userId) === stream) this.stopPlaying(userId);
  }

  /** The stream shown and heard for someone: whichever road it plays from now. */
  private streamOf(userId: string): MediaStream | undefined {
    return !this.classroom && this.playing.get(userId) === 'sfu'
      ? this.nearby.streams.get(userId)
      : this.remoteStreams.get(userId);
  }

  /** Plays this person's voice from `stream` (switching from another road without a fade), or nothing. */
  private play(userId: string, stream: MediaStream | undefined, road: LinkTransport): void {
    if (!stream) {
      if (this.playing.get(userId) === road) this.stopPlaying(userId);
      return;
    }
    if (this.mixer.streamOf(userId) === stream) return;
    this.mixer.add(userId, stream);
    this.playing.set(userId, road);
  }

  private stopPlaying(userId: string): void {
    this.mixer.remove(userId);
    this.playing.delete(userId);
  }

  private setMic(on: boolean): void {
    this.local?.setMic(on);
    this.publishState();
  }

  private setCam(on: boolean): void {
    this.local?.setCam(on);
    this.publishState();
  }

  private setDnd(on: boolean): void {
    this.dnd = on;
    this.connection.updateProfile({ status: on ? 'dnd' : 'available' });
    this.notify(
      on
        ? 'Do not disturb: you will not link with anyone until you turn it off.'
        : 'You are available again.',
    );
    this.publishState();
  }

  private publishState(): void {
    if (!this.local) return;
    void this.room.sfu?.setSending({ mic: this.local.micOn, cam: this.local.camOn });
    this.nearby.setSending({ mic: this.local.micOn, cam: this.local.camOn });
    this.connection.send('media:state', {
      mic: this.local.micOn,
      cam: this.local.camOn,
      screen: this.room.sharing,
      ...(this.crowdPolicy ? { crowd: this.crowded } : {}),
    });
    this.controls.show({
      mic: this.local.micOn,
      cam: this.local.camOn,
      dnd: this.dnd,
      screen: this.room.sharing,
      screenAvailable: !!this.classroom && ScreenShare.supported,
      micAvailable: this.local.capabilities.mic,
      camAvailable: this.local.capabilities.cam,
    });
    this.render(0);
  }

  private scheduleIceRefresh(expiresAt: number): void {
    window.clearTimeout(this.iceTimer);
    const wait = Math.max(10_000, expiresAt - Date.now() - 60_000);
    this.iceTimer = window.setTimeout(() => {
      void this.connection
        .request('media:ice', undefined)
        .then((reply) => {
          if (!reply.ok) return;
          this.mesh?.setIceServers(reply.iceServers);
          this.scheduleIceRefresh(reply.expiresAt);
        })
        .catch(() => this.scheduleIceRefresh(Date.now() + 70_000));
    }, wait);
  }

  private render(overflow: number): void {
    const views: BubbleView[] = [];
    // How loud each voice is now: one reading each, for the speaking mark and the grid's highlighted speaker.
    const levels = new Map<string, number>();
    if (this.local) {
      levels.set(this.selfId(), this.local.micOn ? this.mixer.loudness(SELF_LEVEL) : 0);
      views.push({
        id: this.selfId(),
        name: this.selfName(),
        stream: this.local.stream,
        muted: !this.local.micOn,
        cameraOff: !this.local.camOn,
        speaking: (levels.get(this.selfId()) ?? 0) > SPEAKING_LEVEL,
        self: true,
      });
    }
    const shown = this.classroom
      ? this.classroom.members.filter((id) => id !== this.selfId())
      : [...this.links.current];
    for (const userId of shown) {
      const entry = this.roster.get(userId);
      levels.set(userId, this.mixer.loudness(userId));
      views.push({
        id: userId,
        name: entry?.name ?? 'Someone',
        stream: this.streamOf(userId),
        muted: !(entry?.media?.mic ?? false),
        cameraOff: !(entry?.media?.cam ?? false),
        speaking: (levels.get(userId) ?? 0) > SPEAKING_LEVEL,
      });
    }
    if (this.classroom) {
      // The grid highlights who is talking to the room, ourselves included.
      this.speaker = nextActiveSpeaker(levels, this.speaker, performance.now());
      for (const v of views) v.active = v.id === this.speaker.id;
    }
    this.bubbles.render(views);
    this.bubbles.setNote(
      this.dnd
        ? 'Do not disturb is on'
        : this.classroom && this.room.note
          ? this.room.note
          : overflow > 0
            ? `${overflow} more ${overflow === 1 ? 'person is' : 'people are'} nearby: only the ${DEFAULT_PROXIMITY.maxLinks} nearest can talk with you at once`
            : undefined,
    );
  }

  /** A read-only view for tests and the media benchmark. */
  private exposeDebugHandle(): void {
    if (import.meta.env.MODE === 'production') return; // dev and test builds only
    const peerOf = (userId: string): string => this.roster.get(userId)?.media?.peerId ?? '';
    (window as unknown as { campusMedia: unknown }).campusMedia = {
      links: () => [...this.links.current],
      sending: () =>
        [...this.links.current].filter((id) =>
          this.mesh?.isSending(this.roster.get(id)?.media?.peerId ?? ''),
        ),
      connected: () => [...new Set([...this.remoteStreams.keys(), ...this.nearby.streams.keys()])],
      transport: (userId: string) => this.transports.get(userId),
      playing: (userId: string) => this.playing.get(userId),
      playedAudioTrack: (userId: string) => this.mixer.streamOf(userId)?.getAudioTracks()[0]?.id,
      crowded: () => this.crowded,
      nearby: () => ({
        connected: this.nearby.connected,
        receiving: [...this.nearby.receiving()],
      }),
      classroom: () => this.classroom?.roomId,
      sharing: () => this.room.sharing,
      screenReceivers: () =>
        (this.mesh?.screenReceivers() ?? []).map((peerId) => this.roster.byPeerId(peerId)?.userId),
      screens: () => this.room.screensReceived(),
      screenStats: (userId: string) =>
        this.room.onSfu ? this.room.sfu?.stats(userId, 'screen') : this.mesh?.stats(peerOf(userId), 'screen'),
      senders: (userId: string) => this.mesh?.senderTracks(peerOf(userId)),
      stats: (userId: string) =>
        this.classroom && this.room.onSfu
          ? this.room.sfu?.stats(userId)
          : !this.classroom && this.playing.get(userId) === 'sfu'
            ? this.nearby.stats(userId)
            : this.mesh?.stats(peerOf(userId)),
      livekit: () => this.room.sfuState === 'live',
      sfuState: () => this.room.sfuState,
      callDirect: (userId: string) => this.mesh?.callDirect(peerOf(userId)),
      refusedCalls: () => this.mesh?.refusedCalls ?? 0,
      gain: (userId: string) => this.mixer.gainOf(userId),
      timings: () => [...this.timings.values()],
      ready: () => this.running,
    };
  }
}
