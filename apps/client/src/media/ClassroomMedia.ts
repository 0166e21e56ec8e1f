import type { LiveKitAccess } from '@campus/protocol';
import type { Membership } from '../classroom/ClassroomController';
import type { Cancel } from '../clock';
import type { ClassroomMediaContext } from './ClassroomMediaContext';
import { ClassroomStage } from './ClassroomStage';
import type { LiveKitClassroom } from './LiveKitClassroom';
import type { PeerMesh, PeerMeshOptions } from './PeerMesh';
import { sfuRetryDelay, SFU_INTERRUPTION_GRACE_MS } from './mediaPolicy';
import { ScreenShare } from './ScreenShare';

/**
 * A screen call is kept while its sharer says they share. Their `media:state` and their call travel different roads, so
 * a call that arrives before the state is given this long.
 */
const SCREEN_STATE_GRACE_MS = 3000;

/**
 * Where a LiveKit classroom's media stands for us: not on an SFU (a mesh room, or no room), connecting (for the first
 * time, or `retry`ing while the room runs on direct calls), live, or fallen back to direct calls while the SFU is away
 * (trying again after a while).
 */
type SfuLink =
  | { kind: 'none' }
  | { kind: 'connecting'; roomId: string; sfu: LiveKitClassroom; retry: boolean; failures: number }
  | { kind: 'live'; roomId: string; sfu: LiveKitClassroom; interrupted: Cancel | undefined }
  | { kind: 'fallback'; roomId: string; failures: number; timer: Cancel | undefined };

/** How a screen share reaches us: a direct call from its sharer, or the classroom's SFU. */
type ScreenRoad = 'mesh' | 'sfu';

function exhaustive(value: never): never {
  throw new Error(`unexpected SFU link ${JSON.stringify(value)}`);
}

/**
 * What a classroom adds to media: screen sharing (our own, with its bar; others' on the stage) and, when the server
 * runs rooms on LiveKit, the SFU connection that carries the room's media instead of the mesh. When the SFU cannot be
 * reached, or is lost mid-lesson, the room falls back to direct calls among its members (up to the mesh cap) and
 * goes back to the SFU as soon as it answers again, without a reload.
 */
export class ClassroomMedia {
  private readonly screen = new ScreenShare(() => this.stopScreen('Screen sharing ended.'));
  private readonly stage = new ClassroomStage(() => this.stopScreen());
  /**
   * Screen shares we receive, by sharer, with when each arrived and by which road: while the room moves between the
   * SFU and direct calls a sharer's screen can arrive on the new road before the old one has closed, and the old one
   * closing must not take the new one off the stage.
   */
  private readonly remoteScreens = new Map<string, { stream: MediaStream; at: number; via: ScreenRoad }>();
  private link: SfuLink = { kind: 'none' };
  /** The browser's screen picker is open: further clicks wait for it. */
  private starting = false;

  constructor(private readonly context: ClassroomMediaContext) {}

  /** The SFU connection, while there is one (connecting or live): it takes our mute toggles and device changes. */
  get sfu(): LiveKitClassroom | undefined {
    return this.link.kind === 'live' || this.link.kind === 'connecting' ? this.link.sfu : undefined;
  }

  /** True while the room's media goes through the SFU (or is about to, on a first connection): no direct calls. */
  get onSfu(): boolean {
    return this.link.kind === 'live' || (this.link.kind === 'connecting' && !this.link.retry);
  }

  /** `none`, `connecting`, `live` or `fallback`: where the room's SFU connection stands. */
  get sfuState(): SfuLink['kind'] {
    return this.link.kind;
  }

  /** A line for the room's grid while the SFU is away, so nobody wonders why the room feels different. */
  get note(): string | undefined {
    return this.link.kind === 'fallback' || (this.link.kind === 'connecting' && this.link.retry)
      ? "The classroom's media server is unreachable: calling the others directly until it is back"
      : undefined;
  }

  get sharing(): boolean {
    return !!this.screen.stream;
  }

  screensReceived(): string[] {
    return [...this.remoteScreens.keys()];
  }

  /** Follows the membership: leaving a room ends our share there and drops what others shared; LiveKit rooms connect. */
  changed(membership: Membership | undefined, left: boolean): void {
    if (left) {
      this.dropSfu();
      // A share is for one room: it ends when its owner leaves, and what others shared there is gone too.
      if (this.screen.stream) this.stopScreen('Your screen share ended because you left the room.');
      this.context.mesh()?.dropScreens();
      this.remoteScreens.clear();
    }
    if (membership?.livekit && this.link.kind === 'none') {
      void this.connectLiveKit(membership.roomId, membership.livekit, false, 0);
    }
    this.renderStage();
  }

  /** What the mesh asks about screen calls: members' are taken, and reach the stage. */
  screenCalls(): Pick<PeerMeshOptions, 'acceptScreen' | 'onRemoteScreen' | 'onScreenClosed'> {
    const member = (peerId: string): string | undefined => {
      const userId = this.context.roster.byPeerId(peerId)?.userId;
      return userId && this.context.membership()?.members.includes(userId) ? userId : undefined;
    };
    return {
      acceptScreen: (peerId) => member(peerId) !== undefined,
      onRemoteScreen: (peerId, stream) => {
        const userId = this.context.roster.byPeerId(peerId)?.userId;
        if (userId) this.screenArrived(userId, stream, 'mesh');
      },
      onScreenClosed: (peerId) => {
        const userId = this.context.roster.byPeerId(peerId)?.userId;
        if (userId) this.screenGone(userId, 'mesh');
      },
    };
  }

  /**
   * Puts a member's camera on the stage for the lesson (undefined: nobody): shown large, or beside a shared screen,
   * which keeps the main place. Called on every render, as the member's stream may come, go or change.
   */
  showStaged(userId: string | undefined): void {
    if (!userId) {
      this.stage.showPerson(undefined);
      return;
    }
    const local = this.context.local();
    const person = this.context.roster.get(userId);
    this.stage.showPerson(
      userId === this.context.selfId()
        ? { userId, name: 'You', self: true, stream: local?.stream, camOn: local?.camOn ?? false }
        : {
            userId,
            name: person?.name ?? 'Someone',
            self: false,
            stream: this.context.streamOf(userId),
            camOn: person?.media?.cam ?? false,
          },
    );
  }

  private screenArrived(userId: string, stream: MediaStream, via: ScreenRoad): void {
    this.remoteScreens.set(userId, { stream, at: this.context.clock.now(), via });
    this.renderStage();
  }

  /** A sharer's screen stopped coming by one road: it leaves the stage unless it now comes by the other. */
  private screenGone(userId: string, via: ScreenRoad): void {
    if (this.remoteScreens.get(userId)?.via !== via) return;
    this.remoteScreens.delete(userId);
    this.renderStage();
  }

  async toggleScreen(): Promise<void> {
    if (this.starting) return;
    if (this.screen.stream) {
      this.stopScreen();
      return;
    }
    if (!this.context.membership()) {
      this.notice('Walk into a classroom to share your screen with it.');
      return;
    }
    this.starting = true;
    try {
      await this.screen.start();
    } catch (err) {
      const cancelled = err instanceof DOMException && err.name === 'NotAllowedError';
      this.notice(cancelled ? 'Screen sharing was cancelled.' : 'This browser could not share a screen.');
      return;
    } finally {
      this.starting = false;
    }
    if (!this.context.membership()) {
      this.screen.stop();
      return;
    }
    if (this.link.kind === 'live' && this.screen.stream) void this.link.sfu.shareScreen(this.screen.stream);
    this.context.report({ kind: 'sharing' });
    this.renderStage();
  }

  /** In a mesh room: our screen goes to every member; screens from anyone no longer a member, or no longer sharing, are dropped. */
  tickScreens(now: number, mesh: PeerMesh, members: readonly string[]): void {
    const memberPeers = new Set<string>();
    const sharingPeers = new Set<string>();
    for (const userId of members) {
      const media = this.context.roster.get(userId)?.media;
      if (!media) continue;
      memberPeers.add(media.peerId);
      const arrived = this.remoteScreens.get(userId)?.at ?? now;
      if (media.screen || now - arrived < SCREEN_STATE_GRACE_MS) sharingPeers.add(media.peerId);
    }
    const stream = this.screen.stream;
    if (stream) for (const peerId of memberPeers) mesh.shareScreen(peerId, stream);
    mesh.stopScreen(stream ? memberPeers : new Set());
    mesh.dropScreens(sharingPeers);
  }

  /** Ends our screen share, here and for everyone receiving it. */
  private stopScreen(message?: string): void {
    this.screen.stop();
    this.context.mesh()?.stopScreen();
    void this.sfu?.stopScreen();
    if (message) this.notice(message);
    this.context.report({ kind: 'sharing' });
    this.renderStage();
  }

  /** The stage shows the newest screen shared in the room; the bar shows our own share. */
  private renderStage(): void {
    let newest: { userId: string; stream: MediaStream; at: number } | undefined;
    for (const [userId, share] of this.remoteScreens) {
      if (!newest || share.at > newest.at) newest = { userId, ...share };
    }
    this.stage.show(
      newest
        ? { name: this.context.roster.get(newest.userId)?.name ?? 'Someone', stream: newest.stream }
        : undefined,
    );
    this.stage.showSharing(this.screen.stream);
  }

  /** Leaves the SFU (if connected) and stops trying; what came through it is dropped. */
  private dropSfu(): void {
    const link = this.link;
    this.link = { kind: 'none' };
    switch (link.kind) {
      case 'none':
        return;
      case 'fallback':
        link.timer?.();
        return;
      case 'live':
        link.interrupted?.();
        void link.sfu.leave();
        break;
      case 'connecting':
        void link.sfu.leave();
        if (link.retry) return; // the direct calls of the fallback were carrying the room
        break;
      default:
        exhaustive(link);
    }
    // What came through the SFU is gone with it; proximity calls start afresh.
    this.context.report({ kind: 'calls-end' });
  }

  /**
   * Joins the classroom's SFU with a token the state server minted for this membership. What the SFU delivers while
   * connecting is held back until the connection is live; then the direct calls end and the SFU carries the room.
   */
  private async connectLiveKit(
    roomId: string,
    access: LiveKitAccess,
    retry: boolean,
    failures: number,
  ): Promise<void> {
    const local = this.context.local();
    if (!local) return;
    const { LiveKitClassroom } = await import('./LiveKitClassroom');
    const expected = retry ? 'fallback' : 'none';
    if (this.context.membership()?.roomId !== roomId || this.link.kind !== expected) return;
    const held = {
      people: new Map<string, MediaStream | undefined>(),
      screens: new Map<string, MediaStream>(),
    };
    const live = (): boolean => this.link.kind === 'live' && this.link.sfu === sfu;
    const sfu: LiveKitClassroom = new LiveKitClassroom(
      {
        person: (userId, stream) => {
          if (live()) this.context.report({ kind: 'person', userId, stream });
          else held.people.set(userId, stream);
        },
        screen: (userId, stream) => {
          if (!live()) {
            if (stream) held.screens.set(userId, stream);
            else held.screens.delete(userId);
          } else if (stream) this.screenArrived(userId, stream, 'sfu');
          else this.screenGone(userId, 'sfu');
        },
        disconnected: () => {
          if (live()) this.fallBack(roomId, 0, 'lost');
        },
        reconnecting: () => {
          const link = this.link;
          if (link.kind !== 'live' || link.sfu !== sfu || link.interrupted !== undefined) return;
          link.interrupted = this.context.clock.setTimeout(() => {
            if (this.link === link) this.fallBack(roomId, 0, 'lost');
          }, SFU_INTERRUPTION_GRACE_MS);
        },
        reconnected: () => {
          const link = this.link;
          if (link.kind !== 'live' || link.sfu !== sfu) return;
          link.interrupted?.();
          link.interrupted = undefined;
        },
      },
      this.context.clock,
    );
    if (this.link.kind === 'fallback') this.link.timer?.();
    this.link = { kind: 'connecting', roomId, sfu, retry, failures };
    const connecting = this.link;
    try {
      await sfu.join(access, local.stream, { mic: local.micOn, cam: local.camOn });
    } catch (err) {
      void sfu.leave();
      if (this.link !== connecting) return;
      console.warn('campus media: could not join the classroom on LiveKit', err);
      this.fallBack(roomId, failures + 1, retry ? 'still' : 'unreachable');
      return;
    }
    if (this.link !== connecting) {
      void sfu.leave();
      return;
    }
    // The SFU takes over: direct calls (proximity links, or the fallback's) end, and what it held back is shown.
    this.context.report({ kind: 'calls-end' });
    this.context.mesh()?.stopScreen();
    this.context.mesh()?.dropScreens();
    this.remoteScreens.clear();
    this.link = { kind: 'live', roomId, sfu, interrupted: undefined };
    for (const [userId, stream] of held.people) this.context.report({ kind: 'person', userId, stream });
    for (const [userId, stream] of held.screens) this.screenArrived(userId, stream, 'sfu');
    if (this.screen.stream) void sfu.shareScreen(this.screen.stream);
    if (retry) this.notice("The classroom's media server is back: the room's media goes through it again.");
    this.renderStage();
  }

  /**
   * The SFU could not be reached, or was lost: the room runs on direct calls among its members, and the SFU is tried
   * again after a while with a fresh token (the one the membership came with may have expired).
   */
  private fallBack(roomId: string, failures: number, why: 'unreachable' | 'lost' | 'still'): void {
    const previous = this.link;
    if (previous.kind === 'live') {
      previous.interrupted?.();
      void previous.sfu.leave();
      // What came through the SFU is gone: the direct calls start afresh.
      this.context.report({ kind: 'calls-end' });
      this.remoteScreens.clear();
    }
    const membership = this.context.membership();
    if (membership?.roomId !== roomId) {
      this.link = { kind: 'none' };
      return;
    }
    const timer = this.context.clock.setTimeout(
      () => void this.retryLiveKit(roomId),
      sfuRetryDelay(failures),
    );
    this.link = { kind: 'fallback', roomId, failures, timer };
    if (why !== 'still') {
      const what = why === 'lost' ? 'Lost the connection to' : 'Could not reach';
      this.notice(
        `${what} the classroom's media server: calling the others directly (up to ${membership.meshCap} people) until it is back.`,
      );
    }
    this.renderStage();
  }

  /** Asks the server for a fresh token and tries the SFU again; on failure the room stays on direct calls. */
  private async retryLiveKit(roomId: string): Promise<void> {
    const link = this.link;
    if (link.kind !== 'fallback' || link.roomId !== roomId) return;
    link.timer = undefined;
    const reply = await this.context.connection.request('room:token', { roomId }).catch(() => undefined);
    if (this.link !== link) return;
    if (reply?.ok) void this.connectLiveKit(roomId, reply.livekit, true, link.failures);
    else this.fallBack(roomId, link.failures + 1, 'still');
  }

  private notice(text: string): void {
    this.context.report({ kind: 'notice', text });
  }
}
