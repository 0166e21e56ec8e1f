import type { LiveKitAccess } from '@campus/protocol';
import { browserClock, type ClientClock } from '../clock';
import type { LinkStats } from './PeerMesh';
import type { LocalMedia, MediaKind } from './LocalMedia';
import type { NearbySfu } from './NearbySfu';

/** Stay in the SFU room this long after the last link through it ends: a crowd that thins and grows again is common. */
const IDLE_LEAVE_MS = 10_000;
/** After a failed attempt to join, wait this long before trying again. */
const RETRY_JOIN_MS = 5000;

export interface NearbyConnectionOptions {
  /** A token for the campus-wide room (`media:sfu`); undefined when the server would not give one. */
  requestAccess(): Promise<LiveKitAccess | undefined>;
  local(): LocalMedia | undefined;
  /** Someone's media arrived through the SFU, or stopped (undefined). */
  onStream(userId: string, stream: MediaStream | undefined): void;
  clock?: ClientClock;
}

/**
 * When to be in the campus-wide SFU room: joined (lazily, with a fresh token) while the proximity plan wants any link
 * through it, left a while after it stops wanting one; everything it delivers is kept by person.
 */
export class NearbyConnection {
  /** What arrives through the SFU, by person. */
  readonly streams = new Map<string, MediaStream>();
  private sfu: NearbySfu | undefined;
  private joining = false;
  private idleSince: number | undefined;
  private failedAt = -Infinity;
  private wanted: ReadonlySet<string> = new Set();

  constructor(private readonly options: NearbyConnectionOptions) {}

  get connected(): boolean {
    return this.sfu !== undefined && !this.joining;
  }

  /** Follows the plan: `publish` says whether to be in the room, `wanted` whom to let in and to receive. */
  apply(now: number, publish: boolean, wanted: ReadonlySet<string>): void {
    this.wanted = wanted;
    if (publish) {
      this.idleSince = undefined;
      if (!this.sfu && !this.joining && now - this.failedAt > RETRY_JOIN_MS) void this.join(now);
    } else {
      this.idleSince ??= now;
      if (this.sfu && !this.joining && now - this.idleSince > IDLE_LEAVE_MS) void this.leave();
    }
    if (!this.joining) this.sfu?.follow(wanted);
  }

  /** Whose voice arrives through the SFU now. */
  receiving(): ReadonlySet<string> {
    return this.sfu && !this.joining ? this.sfu.receiving() : new Set();
  }

  /** The receiver of each voice that arrives through the SFU now. */
  audioReceivers(): ReadonlyMap<string, RTCRtpReceiver | undefined> {
    return this.sfu && !this.joining ? this.sfu.audioReceivers() : new Map();
  }

  setSending(sending: { mic: boolean; cam: boolean }): void {
    void this.sfu?.setSending(sending);
  }

  replaceTrack(kind: MediaKind, track: MediaStreamTrack): void {
    void this.sfu?.replaceTrack(kind, track);
  }

  stats(userId: string): Promise<LinkStats | undefined> {
    return this.sfu?.stats(userId) ?? Promise.resolve(undefined);
  }

  /** Leaves the room (after a reconnect to the state server, or for good); what came through it is dropped. */
  async leave(): Promise<void> {
    const sfu = this.sfu;
    this.sfu = undefined;
    this.joining = false;
    for (const userId of [...this.streams.keys()]) this.drop(userId);
    await sfu?.leave();
  }

  private async join(now: number): Promise<void> {
    const local = this.options.local();
    if (!local) return;
    this.joining = true;
    const { NearbySfu } = await import('./NearbySfu');
    const sfu: NearbySfu = new NearbySfu({
      person: (userId, stream) => {
        if (this.sfu !== sfu) return;
        if (stream) {
          this.streams.set(userId, stream);
          this.options.onStream(userId, stream);
        } else this.drop(userId);
      },
      disconnected: () => {
        if (this.sfu !== sfu) return;
        this.failedAt = (this.options.clock ?? browserClock).now();
        void this.leave();
      },
    });
    this.sfu = sfu;
    try {
      const access = await this.options.requestAccess();
      if (!access) throw new Error('no token for the nearby SFU room');
      if (this.sfu !== sfu) return;
      await sfu.join(access, local.stream, { mic: local.micOn, cam: local.camOn });
    } catch (err) {
      console.warn('campus media: could not join the nearby SFU room', err);
      this.failedAt = now;
      if (this.sfu === sfu) this.sfu = undefined;
      this.joining = false;
      void sfu.leave();
      return;
    }
    if (this.sfu !== sfu) {
      void sfu.leave();
      return;
    }
    this.joining = false;
    sfu.follow(this.wanted);
  }

  private drop(userId: string): void {
    if (!this.streams.delete(userId)) return;
    this.options.onStream(userId, undefined);
  }
}
