import type { CrowdPolicy, LessonView, Point } from '@campus/protocol';
import { DEFAULT_PROXIMITY, ProximityLinks } from '@campus/world';
import type { Membership } from '../classroom/ClassroomController';
import { browserClock, type Cancel, type ClientClock } from '../clock';
import type { CampusConnection } from '../net/CampusConnection';
import type { Positions } from '../store/CampusStore';
import type { Roster } from '../world/Roster';
import type { ActiveSpeaker } from './activeSpeaker';
import { bubbleViews } from './bubbleViews';
import { ClassroomMedia } from './ClassroomMedia';
import { IceRefresh } from './IceRefresh';
import { LinkTimings } from './LinkTimings';
import { LocalMedia } from './LocalMedia';
import { MediaApplier } from './MediaApplier';
import { MediaBubbles } from './MediaBubbles';
import { MediaControls } from './MediaControls';
import { exposeMediaDebugHandle } from './mediaDebugHandle';
import { NearbyConnection } from './NearbyConnection';
import { PeerMesh } from './PeerMesh';
import { DND_TEXT, PREPARE } from './mediaPolicy';
import { mediaModeFor, planMedia } from './planMedia';
import { acceptsCall, proximityNeighbours } from './proximityNeighbours';
import { RoomLeavers } from './RoomLeavers';
import type { LinkTransport } from './proximityPlan';
import { ScreenShare } from './ScreenShare';
import { SpatialMixer } from './SpatialMixer';

export type { LinkTiming } from './LinkTimings';

const RENDER_EVERY_MS = 200;
/** The mixer's key for our own microphone, measured (never played) for the speaker grid. */
const SELF_LEVEL = 'self';

export interface MediaControllerOptions {
  connection: CampusConnection;
  /** The people around, from the store. */
  roster: Roster;
  selfId(): string;
  selfName(): string;
  /** Where everyone is now, from the store. */
  positions(): Positions | undefined;
  audio: AudioContext;
  notify(text: string): void;
  iceTransportPolicy?: RTCIceTransportPolicy;
  /** The classroom a point lies in: people there do not link with people outside, and leave its media on walking out. */
  classroomAt: (p: Point) => string | undefined;
  /** The lesson of the classroom we are in: whom to hear while microphones are locked, whom to put on the stage. */
  lesson?: () => LessonView | undefined;
  /** Asked before the person turns their microphone on: false keeps it off (a teacher keeps microphones off). */
  mayUnmute?: () => boolean;
  /** Hears, at each redraw, whether anyone in the classroom speaks (a film on its screen ducks under voices). */
  speaking?: (anyone: boolean) => void;
  /** Hears of each newly registered PeerJS peer: file transfers open their data channels on it (docs/files.md). */
  peerOpened?: (peer: PeerMesh['peer']) => void;
  clock?: ClientClock;
}

/**
 * Proximity voice and video: from where everyone stands it decides who is linked (ProximityLinks), asks planMedia whom
 * to call, what to send and how loud each voice is, and has the MediaApplier carry that out on PeerJS, the SFUs and
 * the mixer; it answers only people it considers near and draws the bubbles.
 */
export class MediaController {
  private readonly links = new ProximityLinks(DEFAULT_PROXIMITY);
  private readonly prepared = new ProximityLinks(PREPARE);
  private readonly connection: CampusConnection;
  private readonly roster: Roster;
  private readonly selfId: () => string;
  private readonly selfName: () => string;
  private readonly positions: () => Positions | undefined;
  private readonly notify: (text: string) => void;
  private readonly iceTransportPolicy: RTCIceTransportPolicy;
  private readonly leavers: RoomLeavers;
  private readonly lesson: () => LessonView | undefined;
  private readonly clock: ClientClock;
  private readonly mixer: SpatialMixer;
  private readonly bubbles: MediaBubbles;
  private readonly controls: MediaControls;
  private readonly calls: MediaApplier;
  private readonly timings: LinkTimings;
  private readonly ice: IceRefresh;
  private mesh: PeerMesh | undefined;
  private local: LocalMedia | undefined;
  private dnd = false;
  private lastRender = 0;
  private lastPositions: Positions | undefined;
  private running = false;
  /** In a classroom, the room is one conversation among its members and proximity rules stop. */
  private classroom: Membership | undefined;
  private speaker: ActiveSpeaker = { id: undefined, since: 0 };
  /** Screen sharing and, where the server runs rooms on LiveKit, the classroom's SFU connection. */
  private readonly room: ClassroomMedia;
  /** Where the server has an SFU: when proximity links move to it, and the connection to its campus-wide room. */
  private crowdPolicy: CrowdPolicy | undefined;
  private crowded = false;
  private readonly nearby: NearbyConnection;
  /** How each linked person's voice reaches us now. */
  private transports: ReadonlyMap<string, LinkTransport> = new Map();
  /** What to undo on dispose: the frame loop, the ICE refresh timer, the debug handle. */
  private stopFrames: Cancel = () => {};
  private readonly hideDebugHandle: Cancel;
  private disposed = false;
  private readonly peerOpened: MediaControllerOptions['peerOpened'];

  constructor(options: MediaControllerOptions) {
    ({
      peerOpened: this.peerOpened,
      connection: this.connection,
      roster: this.roster,
      selfId: this.selfId,
      selfName: this.selfName,
      positions: this.positions,
      notify: this.notify,
    } = options);
    this.iceTransportPolicy = options.iceTransportPolicy ?? 'all';
    this.leavers = new RoomLeavers(options.classroomAt);
    this.lesson = options.lesson ?? (() => undefined);
    this.clock = options.clock ?? browserClock;
    const { connection, roster, notify } = options;
    this.mixer = new SpatialMixer(options.audio);
    this.bubbles = new MediaBubbles(options.speaking);
    this.timings = new LinkTimings(() => this.clock.now());
    this.ice = new IceRefresh(connection, this.clock, (servers) => this.mesh?.setIceServers(servers));
    this.nearby = new NearbyConnection({
      requestAccess: async () => {
        const reply = await connection.request('media:sfu', undefined).catch(() => undefined);
        return reply?.ok ? reply.livekit : undefined;
      },
      local: () => this.local,
      onStream: () => {},
      clock: this.clock,
    });
    this.calls = new MediaApplier({
      mixer: this.mixer,
      nearby: this.nearby,
      selfId: this.selfId,
      peerOf: (userId) => this.roster.get(userId)?.media?.peerId,
    });
    this.room = new ClassroomMedia({
      connection,
      roster,
      clock: this.clock,
      membership: () => this.classroom,
      local: () => this.local,
      mesh: () => this.mesh,
      selfId: this.selfId,
      streamOf: (userId) => this.calls.streamOf(userId, true),
      // What the classroom's media reports is carried out here: it never calls into this controller.
      report: (event) => {
        if (event.kind === 'notice') notify(event.text);
        else if (event.kind === 'sharing') this.publishState();
        else this.calls.fromClassroom(event, this.mesh);
      },
    });
    this.controls = new MediaControls({
      toggleMic: () => {
        const on = !(this.local?.micOn ?? false);
        if (!on || (options.mayUnmute?.() ?? true)) this.setMic(on);
      },
      toggleCam: () => this.setCam(!(this.local?.camOn ?? false)),
      toggleDnd: () => this.setDnd(!this.dnd),
      toggleScreen: () => void this.room.toggleScreen(),
      useDevice: (kind, id) => void this.local?.useDevice(kind, id).then(() => this.publishState()),
    });
    this.hideDebugHandle = exposeMediaDebugHandle({
      roster,
      applier: this.calls,
      nearby: this.nearby,
      mixer: this.mixer,
      room: this.room,
      timings: this.timings,
      links: () => this.links.current,
      mesh: () => this.mesh,
      transports: () => this.transports,
      crowded: () => this.crowded,
      classroom: () => this.classroom,
      running: () => this.running,
    });
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
    if (this.disposed) return;
    this.running = true;
    this.stopFrames = this.clock.everyFrame((now) => this.tick(now));
  }

  /** Stops linking: the frame loop and the ICE refresh end, every call is hung up and the SFUs are left. */
  dispose(): void {
    this.disposed = true;
    this.running = false;
    this.stopFrames();
    this.ice.stop();
    this.calls.hangUpAll(this.mesh);
    void this.nearby.leave();
    this.mesh?.destroy();
    this.mesh = undefined;
    this.hideDebugHandle();
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
        this.calls.remoteStreams.set(user.userId, stream);
      },
      onClosed: (peerId) => {
        const user = this.roster.byPeerId(peerId);
        if (user && !(this.classroom && this.room.onSfu)) this.calls.dropStream(user.userId);
      },
      ...this.room.screenCalls(),
    });
    await this.mesh.ready();
    this.peerOpened?.(this.mesh.peer);
    this.crowdPolicy = reply.crowd;
    this.publishState();
    this.ice.schedule(reply.expiresAt);
  }

  /** After the connection came back, the server may be new: register again and relink from scratch. */
  async rejoined(): Promise<void> {
    if (!this.local || this.disposed) return;
    this.calls.dropAll();
    void this.nearby.leave();
    this.crowded = false;
    this.links.reset();
    this.prepared.reset();
    await this.register().catch((err: unknown) => console.warn('campus media: could not register', err));
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
    const room = this.classroom;
    let overflow = 0;
    if (!room) {
      const neighbours = proximityNeighbours(where, (id) => this.roster.get(id), this.leavers.classroomAt);
      this.timings.observe(now, where.self, neighbours, this.links.current);
      const changes = this.links.update(where.self, !this.dnd, neighbours, now);
      this.prepared.update(where.self, !this.dnd, neighbours, now);
      this.timings.linked(changes.linked, now);
      overflow = changes.overflow;
    }
    const plan = planMedia({
      selfId: this.selfId(),
      // The room is one conversation: no proximity links, none through the campus-wide SFU either.
      mode: mediaModeFor(room, this.room.onSfu),
      positions: where,
      linked: this.links.current,
      prepared: this.prepared.current,
      crowdPolicy: this.crowdPolicy,
      wasCrowded: this.crowded,
      crowded: (userId) => this.roster.get(userId)?.media?.crowd === true,
      reachable: (userId) => !!this.roster.get(userId)?.media?.peerId,
      arrival: this.calls.arrival(now, mesh, this.transports),
      lesson: room && this.lesson(),
      gone: this.leavers.update(room, where.others),
    });
    if (plan.crowded !== this.crowded) {
      this.crowded = plan.crowded;
      this.publishState();
    }
    if (plan.transport) this.transports = plan.transport;
    this.calls.apply(plan, now, mesh, !!room, (userId, peerId, connected) =>
      this.timings.called(this.mesh, userId, peerId, connected),
    );
    if (plan.screenMembers) this.room.tickScreens(now, mesh, plan.screenMembers);
    if (now - this.lastRender > RENDER_EVERY_MS) {
      this.lastRender = now;
      this.render(overflow);
    }
  }

  /** Answer only someone near: known, available, and within the range where calls are prepared. */
  private accepts(peerId: string): boolean {
    const room = this.classroom;
    return acceptsCall({
      caller: this.roster.byPeerId(peerId),
      where: this.lastPositions,
      classroom: room && { members: this.leavers.staying(room.members), onSfu: this.room.onSfu },
      dnd: this.dnd,
      range: PREPARE.exitRadius,
    });
  }

  /** Turns the microphone on or off (the toggle, or a teacher's mute); returns whether it was on. */
  setMic(on: boolean): boolean {
    const was = this.local?.micOn ?? false;
    this.local?.setMic(on);
    this.publishState();
    return was;
  }

  private setCam(on: boolean): void {
    this.local?.setCam(on);
    this.publishState();
  }

  private setDnd(on: boolean): void {
    this.dnd = on;
    this.connection.updateProfile({ status: on ? 'dnd' : 'available' });
    this.notify(on ? DND_TEXT.on : DND_TEXT.off);
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

  private render(overflow: number): void {
    const local = this.local;
    const selfId = this.selfId();
    const room = this.classroom;
    const { views, note, speaker } = bubbleViews({
      self: local && {
        id: selfId,
        name: this.selfName(),
        stream: local.stream,
        micOn: local.micOn,
        camOn: local.camOn,
        level: local.micOn ? this.mixer.loudness(SELF_LEVEL) : 0,
      },
      shown: room
        ? this.leavers.staying(room.members).filter((id) => id !== selfId)
        : [...this.links.current],
      person: (userId) => {
        const entry = this.roster.get(userId);
        return entry && { name: entry.name, mic: entry.media?.mic ?? false, cam: entry.media?.cam ?? false };
      },
      streamOf: (userId) => this.calls.streamOf(userId, !!room),
      loudness: (userId) => this.mixer.loudness(userId),
      classroom: !!room,
      speaker: this.speaker,
      now: this.clock.now(),
      dnd: this.dnd,
      roomNote: this.room.note,
      overflow,
    });
    this.speaker = speaker;
    this.room.showStaged(room && (this.lesson()?.stage ?? undefined));
    this.bubbles.render(views);
    this.bubbles.setNote(note);
  }
}
