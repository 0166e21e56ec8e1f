import type { LiveKitAccess } from '@campus/protocol';
import type { Membership } from '../classroom/ClassroomController';
import type { CampusConnection } from '../net/CampusConnection';
import type { Roster } from '../world/Roster';
import { ClassroomStage } from './ClassroomStage';
import type { LiveKitClassroom } from './LiveKitClassroom';
import type { LocalMedia } from './LocalMedia';
import type { PeerMesh } from './PeerMesh';
import { ScreenShare } from './ScreenShare';

/**
 * A screen call is kept while its sharer says they share. Their `media:state` and their call travel different roads, so
 * a call that arrives before the state is given this long.
 */
const SCREEN_STATE_GRACE_MS = 3000;

/** What the classroom's media needs from the media controller it belongs to. */
export interface ClassroomMediaHost {
  connection: CampusConnection;
  roster: Roster;
  membership(): Membership | undefined;
  local(): LocalMedia | undefined;
  mesh(): PeerMesh | undefined;
  notify(text: string): void;
  /** A member's camera and microphone arrived through the SFU (undefined: they are gone). */
  personStream(userId: string, stream: MediaStream | undefined): void;
  /** Hangs up every peer-to-peer call: the SFU takes over. */
  hangUpCalls(): void;
  /** Our share started or stopped: tell the server and redraw the controls. */
  publishState(): void;
}

/**
 * What a classroom adds to media: screen sharing (our own, with its bar; others' on the stage) and, when the server
 * runs rooms on LiveKit, the SFU connection that carries the room's media instead of the mesh.
 */
export class ClassroomMedia {
  private readonly screen = new ScreenShare(() => this.stopScreen('Screen sharing ended.'));
  private readonly stage = new ClassroomStage(() => this.stopScreen());
  /** Screen shares we receive, by sharer, with when each arrived. */
  private readonly remoteScreens = new Map<string, { stream: MediaStream; at: number }>();
  /** The classroom's SFU connection, when the server runs rooms on LiveKit. */
  private livekit: LiveKitClassroom | undefined;
  /** Rooms whose SFU could not be reached: they fall back to the mesh. */
  private readonly livekitFailed = new Set<string>();
  /** Rooms whose SFU connection dropped: the token the membership came with may have expired, so ask for a fresh one. */
  private readonly needsToken = new Set<string>();
  /** The browser's screen picker is open: further clicks wait for it. */
  private starting = false;

  constructor(private readonly host: ClassroomMediaHost) {}

  /** The SFU connection, while the room's media goes through LiveKit. */
  get sfu(): LiveKitClassroom | undefined {
    return this.livekit;
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
      if (this.livekit) {
        void this.livekit.leave();
        this.livekit = undefined;
        // What came through the SFU is gone with it; proximity calls start afresh.
        this.host.hangUpCalls();
      }
      this.needsToken.clear();
      // A share is for one room: it ends when its owner leaves, and what others shared there is gone too.
      if (this.screen.stream) this.stopScreen('Your screen share ended because you left the room.');
      this.host.mesh()?.dropScreens();
      this.remoteScreens.clear();
    }
    if (membership?.livekit && !this.livekit && !this.livekitFailed.has(membership.roomId)) {
      if (this.needsToken.has(membership.roomId)) void this.rejoinLiveKit(membership.roomId);
      else void this.connectLiveKit(membership.roomId, membership.livekit);
    }
    this.renderStage();
  }

  screenArrived(userId: string, stream: MediaStream): void {
    this.remoteScreens.set(userId, { stream, at: performance.now() });
    this.renderStage();
  }

  screenGone(userId: string): void {
    if (this.remoteScreens.delete(userId)) this.renderStage();
  }

  async toggleScreen(): Promise<void> {
    if (this.starting) return;
    if (this.screen.stream) {
      this.stopScreen();
      return;
    }
    if (!this.host.membership()) {
      this.host.notify('Walk into a classroom to share your screen with it.');
      return;
    }
    this.starting = true;
    try {
      await this.screen.start();
    } catch (err) {
      const cancelled = err instanceof DOMException && err.name === 'NotAllowedError';
      this.host.notify(
        cancelled ? 'Screen sharing was cancelled.' : 'This browser could not share a screen.',
      );
      return;
    } finally {
      this.starting = false;
    }
    if (!this.host.membership()) {
      this.screen.stop();
      return;
    }
    if (this.livekit && this.screen.stream) void this.livekit.shareScreen(this.screen.stream);
    this.host.publishState();
    this.renderStage();
  }

  /** In a mesh room: our screen goes to every member; screens from anyone no longer a member, or no longer sharing, are dropped. */
  tickScreens(now: number, mesh: PeerMesh, members: readonly string[]): void {
    const memberPeers = new Set<string>();
    const sharingPeers = new Set<string>();
    for (const userId of members) {
      const media = this.host.roster.get(userId)?.media;
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
    this.host.mesh()?.stopScreen();
    void this.livekit?.stopScreen();
    if (message) this.host.notify(message);
    this.host.publishState();
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
        ? { name: this.host.roster.get(newest.userId)?.name ?? 'Someone', stream: newest.stream }
        : undefined,
    );
    this.stage.showSharing(this.screen.stream);
  }

  /**
   * Joins the classroom's SFU with the token the state server minted for this membership. If the SFU cannot be
   * reached the room falls back to the mesh, with a message.
   */
  private async connectLiveKit(roomId: string, access: LiveKitAccess): Promise<void> {
    const local = this.host.local();
    if (!local) return;
    const { LiveKitClassroom } = await import('./LiveKitClassroom');
    if (this.host.membership()?.roomId !== roomId || this.livekit) return;
    const sfu: LiveKitClassroom = new LiveKitClassroom({
      person: (userId, stream) => {
        if (this.livekit === sfu) this.host.personStream(userId, stream);
      },
      screen: (userId, stream) => {
        if (this.livekit !== sfu) return;
        if (stream) this.screenArrived(userId, stream);
        else this.screenGone(userId);
      },
      disconnected: () => {
        if (this.livekit !== sfu) return;
        this.livekit = undefined;
        this.host.hangUpCalls();
        this.remoteScreens.clear();
        this.renderStage();
        // Still a member (the server removes people who walk out): ask for a fresh token and join again.
        this.needsToken.add(roomId);
        window.setTimeout(() => void this.rejoinLiveKit(roomId), 1000);
      },
    });
    // Calls from before (proximity links) give way to the SFU.
    this.host.hangUpCalls();
    this.livekit = sfu;
    try {
      await sfu.join(access, local.stream, { mic: local.micOn, cam: local.camOn });
    } catch (err) {
      console.warn('campus media: could not join the classroom on LiveKit', err);
      if (this.livekit === sfu) this.livekit = undefined;
      void sfu.leave();
      const membership = this.host.membership();
      if (membership?.roomId !== roomId) return;
      this.livekitFailed.add(roomId);
      this.host.notify(
        `Could not reach the classroom's media server: calling the others directly instead (up to ${membership.meshCap} people).`,
      );
      return;
    }
    if (this.screen.stream) void sfu.shareScreen(this.screen.stream);
  }

  /** Asks the server for a fresh token and joins the SFU again; tries again a few times if there is no answer. */
  private async rejoinLiveKit(roomId: string, attempt = 1): Promise<void> {
    if (this.host.membership()?.roomId !== roomId || this.livekit) return;
    const reply = await this.host.connection.socket
      .timeout(5000)
      .emitWithAck('room:token', { roomId })
      .catch(() => undefined);
    if (this.host.membership()?.roomId !== roomId || this.livekit) return;
    if (reply?.ok) {
      this.needsToken.delete(roomId);
      void this.connectLiveKit(roomId, reply.livekit);
    } else if (attempt < 5) {
      window.setTimeout(() => void this.rejoinLiveKit(roomId, attempt + 1), 2000 * attempt);
    }
  }
}
