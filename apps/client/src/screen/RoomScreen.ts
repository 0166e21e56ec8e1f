import {
  MessageError,
  codeName,
  screenPositionAt,
  type ScreenCommand,
  type ScreenState,
} from '@campus/protocol';
import type { Membership } from '../classroom/ClassroomController';
import { browserClock, type Cancel, type ClientClock } from '../clock';
import type { CampusConnection } from '../net/CampusConnection';
import { SeekLead, SYNC, inStep, syncStep } from './screenSync';

/** How often (ms) the film is checked against the shared position while one is on the screen. */
export const SCREEN_TICK_MS = 200;
/** The film's volume while someone in the room speaks (voices stay on top). */
export const DUCKED_VOLUME = 0.25;
/** How long (ms) the film stays down after the last sound of a voice, so it does not pump between words. */
export const DUCK_HOLD_MS = 1500;
/** How far the volume moves per tick: down quickly when someone speaks, back up gently. */
const DUCK_STEP = 0.4;
const RELEASE_STEP = 0.15;
/** HTMLMediaElement.readyState: enough to know the duration; enough to play on from here. */
const HAVE_METADATA = 1;
const HAVE_FUTURE_DATA = 3;
/** While a film plays, the clock estimate is refined this often (ms), and when a film goes on. */
const REFINE_CLOCK_MS = 20_000;
/** How long (ms) a screen state for a room we are not (yet) in is kept, for the entry answer that follows it. */
const EARLY_STATE_MS = 5000;

/** What the screen needs of a `<video>` (htmlFilmPlayer wraps one; tests use a fake). */
export interface FilmPlayer {
  currentTime: number;
  playbackRate: number;
  volume: number;
  muted: boolean;
  readonly paused: boolean;
  readonly seeking: boolean;
  readonly readyState: number;
  play(): Promise<void>;
  pause(): void;
  /** Shows the film at `url`, or, with undefined, nothing. */
  setSource(url: string | undefined): void;
  onError(listener: () => void): void;
}

/** How the film is doing here, for the "synced" badge. */
export type ScreenStatus = 'idle' | 'loading' | 'synced' | 'catching-up' | 'muted-by-browser' | 'failed';

export interface ScreenHooks {
  notify(text: string): void;
  /** The server's clock now (ms), from the connection's offset estimate. */
  serverNow(): number;
  /** Takes a few more clock samples: a film in step is only as good as the estimate of the server's clock. */
  refineClock?(): void;
}

/** A command as the view gives it: the controller adds the room and the version it was made from. */
export type ScreenOrder = ScreenCommand extends infer C
  ? C extends ScreenCommand
    ? Omit<C, 'roomId' | 'basedOn'>
    : never
  : never;

export interface ScreenSnapshot {
  roomId: string | undefined;
  state: ScreenState | undefined;
  status: ScreenStatus;
  /** This film's position minus the shared one (seconds), as last checked. */
  drift: number;
}

/**
 * The screen of the room we are in (docs/watching.md): holds the shared playback state (from the entry answer and
 * every `screen:state`), and keeps this browser's film on it: started at the shared point, put on the shared frame
 * when paused, nudged in rate or sought when it drifts (screenSync). Commands go to the server and take effect only
 * when its answer comes back, for the sender as for everyone else. The film's sound ducks while someone speaks.
 */
export class RoomScreen {
  private roomId: string | undefined;
  private state: ScreenState | undefined;
  private shownUrl: string | undefined;
  private status: ScreenStatus = 'idle';
  private drift = 0;
  /** When a voice in the room was last heard (this page's clock). */
  private lastVoice = Number.NEGATIVE_INFINITY;
  private readonly lead = new SeekLead();
  /** A seek made while playing, whose landing teaches the seek lead once the film plays on. */
  private landing = false;
  private playRequested = false;
  private lastRefine = Number.NEGATIVE_INFINITY;
  private readonly early = new Map<string, { state: ScreenState; at: number }>();
  private timer: Cancel | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly connection: Pick<CampusConnection, 'on' | 'request'>,
    private readonly player: FilmPlayer,
    private readonly hooks: ScreenHooks,
    private readonly clock: ClientClock = browserClock,
  ) {
    connection.on('screen:state', (state) => this.heard(state));
    player.onError(() => {
      if (!this.shownUrl) return;
      this.setStatus('failed');
      this.hooks.notify(`The film "${this.state?.source?.title ?? ''}" cannot be played in this browser.`);
    });
  }

  get snapshot(): ScreenSnapshot {
    return { roomId: this.roomId, state: this.state, status: this.status, drift: this.drift };
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** We walked into a room (its screen comes with the answer), or out of one, or the room's members changed. */
  membershipChanged(membership: Membership | undefined): void {
    const given = membership?.screen;
    if (membership?.roomId === this.roomId) {
      if (!given || (this.state && given.version <= this.state.version)) return;
      this.state = given;
    } else {
      this.roomId = membership?.roomId;
      const early = this.roomId ? this.early.get(this.roomId) : undefined;
      this.early.clear();
      const fresh = early && this.clock.now() - early.at < EARLY_STATE_MS ? early.state : undefined;
      this.state = fresh && (!given || fresh.version > given.version) ? fresh : given;
    }
    this.apply();
  }

  /** The connection came back, perhaps to another server whose versions start afresh: the next answer is taken whole. */
  rejoined(): void {
    this.roomId = undefined;
    this.state = undefined;
    this.apply();
  }

  /** Someone speaks in the room (or nobody does any more): the film's sound goes down (or back up). */
  setDucked(ducked: boolean): void {
    if (ducked) this.lastVoice = this.clock.now();
  }

  /** After the browser refused sound without a click: this click lets the film be heard. */
  unmute(): void {
    this.player.muted = false;
    this.setStatus(this.state?.source ? 'catching-up' : 'idle');
  }

  /** Sends a command for the room's screen; it takes effect here when the server's answer (or broadcast) comes. */
  async command(order: ScreenOrder): Promise<boolean> {
    const roomId = this.roomId;
    if (!roomId) return false;
    const basedOn = this.state?.version ?? 0;
    const command = (
      order.action === 'load' || order.action === 'clear'
        ? { ...order, roomId }
        : { ...order, roomId, basedOn }
    ) as ScreenCommand;
    try {
      const reply = await this.connection.request('screen:command', command);
      if (reply.ok) {
        this.heard(reply.screen);
        return true;
      }
      this.hooks.notify(screenRefusalText(reply.error.code, reply.error.message));
    } catch {
      this.hooks.notify('The server did not answer: try again in a moment.');
    }
    return false;
  }

  /** Stops checking the film (the page goes away). */
  dispose(): void {
    this.timer?.();
    this.timer = undefined;
    this.player.setSource(undefined);
  }

  private heard(state: ScreenState): void {
    if (state.roomId !== this.roomId) {
      this.early.set(state.roomId, { state, at: this.clock.now() });
      return;
    }
    if (this.state && state.version <= this.state.version) return;
    this.state = state;
    this.apply();
  }

  private apply(): void {
    const url = this.state?.source?.url;
    if (url !== this.shownUrl) {
      this.shownUrl = url;
      this.player.setSource(url);
      this.playRequested = false;
      this.landing = false;
      this.setStatus(url ? 'loading' : 'idle');
    }
    this.timer?.();
    this.timer = undefined;
    if (url) this.tick();
    this.emit();
  }

  /** One check of the film against the shared position, then the next in SCREEN_TICK_MS. */
  private tick(): void {
    this.timer = this.clock.setTimeout(() => this.tick(), SCREEN_TICK_MS);
    const { player, state } = this;
    if (!state?.source) return;
    if (state.playing && this.clock.now() - this.lastRefine > REFINE_CLOCK_MS) {
      this.lastRefine = this.clock.now();
      this.hooks.refineClock?.();
    }
    const ducked = this.clock.now() - this.lastVoice < DUCK_HOLD_MS;
    player.volume = stepVolume(player.volume, ducked ? DUCKED_VOLUME : 1);
    if (this.status === 'failed' || player.readyState < HAVE_METADATA || player.seeking) return;
    const target = screenPositionAt(state, this.hooks.serverNow());
    const actual = player.currentTime;
    this.drift = actual - target;
    const atEnd = state.duration !== undefined && target >= state.duration - SYNC.PAUSED_EXACT_S;
    if (!state.playing || atEnd) {
      if (!player.paused) player.pause();
      this.playRequested = false;
    } else if (player.paused) {
      // Start a little ahead, to be on the shared point once it plays.
      if (!this.playRequested) this.start(target);
      return;
    } else if (player.readyState < HAVE_FUTURE_DATA) {
      // Stalled for data: the others play on; once it has data, the drift says how far to catch up.
      this.setStatus('catching-up');
      return;
    } else if (this.landing) {
      this.landing = false;
      this.lead.landed(this.drift);
    }
    const step = syncStep({
      playing: state.playing && !atEnd,
      actual,
      target,
      rate: state.rate,
      seekLead: this.lead.seconds,
      ...(state.duration !== undefined ? { duration: state.duration } : {}),
    });
    if (step.kind === 'seek') {
      player.currentTime = step.to;
      this.landing = state.playing;
    } else if (Math.abs(player.playbackRate - step.rate) > 0.0005) {
      player.playbackRate = step.rate;
    }
    if (this.status !== 'muted-by-browser') {
      this.setStatus(inStep(actual, target, this.status === 'synced') ? 'synced' : 'catching-up');
    }
  }

  private start(target: number): void {
    const { player, state } = this;
    if (!state) return;
    this.playRequested = true;
    player.playbackRate = state.rate;
    player.currentTime = target + this.lead.seconds * state.rate;
    this.landing = true;
    player.play().then(
      () => (this.playRequested = false),
      (err: unknown) => {
        this.playRequested = false;
        // Without a click on this page the browser plays films only without sound.
        if (err instanceof Error && err.name === 'NotAllowedError' && !player.muted) {
          player.muted = true;
          this.setStatus('muted-by-browser');
        }
      },
    );
  }

  private setStatus(status: ScreenStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

/** Moves the volume one step toward `target`, so ducking fades rather than jumps. */
function stepVolume(volume: number, target: number): number {
  const step = target < volume ? DUCK_STEP : RELEASE_STEP;
  if (Math.abs(volume - target) <= step) return target;
  return volume + Math.sign(target - volume) * step;
}

/** A refused screen command as a short sentence for the person. */
export function screenRefusalText(code: number, message: string): string {
  switch (code) {
    case MessageError.NOT_A_TEACHER:
      return 'The teacher runs the screen during a lesson.';
    case MessageError.SCREEN_STALE:
      return 'Someone changed the film just then: look again, and try once more.';
    case MessageError.SCREEN_EMPTY:
      return 'Put a film on the screen first.';
    case MessageError.SCREEN_SOURCE_REFUSED:
      // The server says what is wrong with the link in words meant for the person.
      return `That cannot go on the screen: ${message}.`;
    case MessageError.NOT_A_MEMBER:
      return 'Walk into the room first.';
    case MessageError.RATE_LIMITED:
      return 'That was too fast: wait a moment and try again.';
    default:
      return `That did not work (${code} ${codeName(code)}).`;
  }
}
