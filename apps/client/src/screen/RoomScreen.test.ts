import { describe, expect, it } from 'vitest';
import { screenPositionAt, type ClientReply, type ScreenState } from '@campus/protocol';
import type { Membership } from '../classroom/ClassroomController';
import { ManualClientClock } from '../testing/ManualClientClock';
import { DUCKED_VOLUME, DUCK_HOLD_MS, RoomScreen, type FilmPlayer } from './RoomScreen';

/** A `<video>` on the test's clock: it plays at its rate while not paused, and seeks take `seekMs`. */
class FakeFilm implements FilmPlayer {
  private rate = 1;
  volume = 1;
  muted = false;
  paused = true;
  seeking = false;
  readyState = 0;
  src: string | undefined;
  /** How much slower than its rate this film really plays (a sound card's clock off by a little). */
  slowBy = 0;
  refusePlay = false;
  private base = 0;
  private since: number;

  constructor(
    private readonly clock: ManualClientClock,
    private readonly seekMs = 80,
  ) {
    this.since = clock.now();
  }

  get currentTime(): number {
    if (this.paused || this.seeking || this.readyState < 3) return this.base;
    return this.base + ((this.clock.now() - this.since) / 1000) * this.rate * (1 - this.slowBy);
  }

  get playbackRate(): number {
    return this.rate;
  }

  /** From here on at the new rate (the position so far stays). */
  set playbackRate(rate: number) {
    this.base = this.currentTime;
    this.since = this.clock.now();
    this.rate = rate;
  }

  set currentTime(value: number) {
    this.base = value;
    this.since = this.clock.now();
    this.seeking = true;
    this.clock.setTimeout(() => {
      this.seeking = false;
      this.since = this.clock.now();
    }, this.seekMs);
  }

  /** A stall (the network stutters): the film runs out of data and stands still for `ms`, and so falls behind. */
  stall(ms: number): void {
    this.base = this.currentTime;
    this.readyState = 2;
    this.clock.setTimeout(() => {
      this.readyState = 4;
      this.since = this.clock.now();
    }, ms);
  }

  play(): Promise<void> {
    if (this.refusePlay && !this.muted) {
      return Promise.reject(Object.assign(new Error('no gesture'), { name: 'NotAllowedError' }));
    }
    this.base = this.currentTime;
    this.since = this.clock.now();
    this.paused = false;
    return Promise.resolve();
  }

  pause(): void {
    this.base = this.currentTime;
    this.paused = true;
  }

  setSource(url: string | undefined): void {
    this.src = url;
    this.paused = true;
    this.base = 0;
    this.readyState = url ? 4 : 0;
  }

  onError(): void {}
}

type StateListener = (state: ScreenState) => void;

function setup(options: { offset?: number } = {}) {
  const clock = new ManualClientClock();
  // The server's clock runs `offset` ms ahead of this page's; the page knows the offset (ClockSync).
  const offset = options.offset ?? 5_000_000;
  const serverNow = (): number => clock.now() + offset;
  const listeners: StateListener[] = [];
  const requests: unknown[] = [];
  let answer: (payload: { basedOn?: number }) => Promise<ClientReply<'screen:command'>> = () =>
    new Promise(() => {});
  const connection = {
    on: (event: string, listener: StateListener) => {
      if (event === 'screen:state') listeners.push(listener);
    },
    request: (_event: string, payload: { basedOn?: number }) => {
      requests.push(payload);
      return answer(payload);
    },
  };
  const film = new FakeFilm(clock);
  const notes: string[] = [];
  const refines = { count: 0 };
  const screen = new RoomScreen(
    connection as unknown as ConstructorParameters<typeof RoomScreen>[0],
    film,
    { notify: (text) => notes.push(text), serverNow, refineClock: () => refines.count++ },
    clock,
  );
  const state = (change: Partial<ScreenState>): ScreenState => ({
    roomId: 'room-101',
    version: 2,
    source: { kind: 'library', name: 'film.webm', url: '/media/film.webm', title: 'film.webm' },
    duration: 300,
    playing: true,
    position: 0,
    at: serverNow(),
    rate: 1,
    ...change,
  });
  const enter = (screenState: ScreenState): void => {
    const membership: Membership = {
      roomId: 'room-101',
      name: 'Room 101',
      members: ['me'],
      mode: 'mesh',
      meshCap: 8,
      screen: screenState,
    };
    screen.membershipChanged(membership);
  };
  const broadcast = (s: ScreenState): void => listeners.forEach((l) => l(s));
  const off = (s: ScreenState): number => film.currentTime - screenPositionAt(s, serverNow());
  return {
    clock,
    film,
    screen,
    state,
    enter,
    broadcast,
    off,
    notes,
    refines,
    requests,
    serverNow,
    answerWith: (fn: typeof answer) => (answer = fn),
  };
}

describe('the room screen', () => {
  it('starts a latecomer at the shared point, and keeps it there', () => {
    const t = setup();
    const shared = t.state({ position: 40, at: t.serverNow() - 30_000 });
    t.enter(shared);
    t.clock.advance(1000);
    expect(Math.abs(t.off(shared))).toBeLessThan(0.1);
    expect(t.screen.snapshot.status).toBe('synced');
    t.clock.advance(20_000);
    expect(Math.abs(t.off(shared))).toBeLessThan(0.05);
    // The clock estimate is refined when the film starts and now and then while it plays.
    expect(t.refines.count).toBe(2);
  });

  it('acts on its own pause only when the server answers, then stands on the shared frame', async () => {
    const t = setup();
    const playing = t.state({ position: 0 });
    t.enter(playing);
    t.clock.advance(5000);
    let answer: ((reply: ClientReply<'screen:command'>) => void) | undefined;
    t.answerWith(() => new Promise((resolve) => (answer = resolve)));
    const sent = t.screen.command({ action: 'pause' });
    t.clock.advance(400);
    expect(t.requests).toEqual([{ action: 'pause', roomId: 'room-101', basedOn: 2 }]);
    expect(t.film.paused).toBe(false);
    const paused = t.state({ version: 3, playing: false, position: 5.2, at: t.serverNow() - 400 });
    answer?.({ ok: true, screen: paused });
    await sent;
    t.clock.advance(400);
    expect(t.film.paused).toBe(true);
    expect(t.film.currentTime).toBeCloseTo(5.2, 3);
  });

  it('nudges a film whose clock runs slow, never seeking, and keeps it within 50 ms', () => {
    const t = setup();
    const shared = t.state({ position: 0 });
    t.enter(shared);
    t.clock.advance(2000);
    t.film.slowBy = 0.03;
    let worst = 0;
    for (let s = 0; s < 120; s++) {
      t.clock.advance(1000);
      worst = Math.max(worst, Math.abs(t.off(shared)));
    }
    expect(worst).toBeLessThan(0.05);
    expect(t.film.playbackRate).toBeGreaterThan(1.02);
  });

  it('catches up by itself after a stall, within 2 s', () => {
    const t = setup();
    const shared = t.state({ position: 0 });
    t.enter(shared);
    t.clock.advance(3000);
    t.film.stall(3000);
    t.clock.advance(2900);
    expect(t.off(shared)).toBeLessThan(-2);
    expect(t.screen.snapshot.status).toBe('catching-up');
    t.clock.advance(2000);
    expect(Math.abs(t.off(shared))).toBeLessThan(0.1);
  });

  it('follows the newest state and ignores an older one arriving late', () => {
    const t = setup();
    t.enter(t.state({ version: 4, playing: false, position: 100 }));
    t.broadcast(t.state({ version: 3, playing: false, position: 7 }));
    t.clock.advance(500);
    expect(t.film.currentTime).toBeCloseTo(100, 3);
    t.broadcast(t.state({ version: 5, source: null }));
    expect(t.film.src).toBeUndefined();
    expect(t.screen.snapshot.status).toBe('idle');
  });

  it('ducks the film while someone speaks, fading rather than jumping, and holds it down between words', () => {
    const t = setup();
    t.enter(t.state({}));
    t.clock.advance(500);
    t.screen.setDucked(true);
    t.clock.advance(200);
    expect(t.film.volume).toBeGreaterThan(DUCKED_VOLUME);
    expect(t.film.volume).toBeLessThan(1);
    t.clock.advance(400);
    expect(t.film.volume).toBe(DUCKED_VOLUME);
    // A voice heard once a second (between words, nobody is "speaking") keeps it down.
    for (let i = 0; i < 5; i++) {
      t.screen.setDucked(true);
      t.clock.advance(200);
      t.screen.setDucked(false);
      t.clock.advance(800);
      expect(t.film.volume).toBe(DUCKED_VOLUME);
    }
    t.screen.setDucked(false);
    t.clock.advance(DUCK_HOLD_MS + 1200);
    expect(t.film.volume).toBe(1);
  });

  it('plays without sound when the browser refuses sound without a click, and says so', async () => {
    const t = setup();
    t.film.refusePlay = true;
    t.enter(t.state({}));
    await Promise.resolve();
    await Promise.resolve();
    expect(t.film.muted).toBe(true);
    expect(t.screen.snapshot.status).toBe('muted-by-browser');
    t.clock.advance(1000);
    expect(t.film.paused).toBe(false);
    t.screen.unmute();
    expect(t.film.muted).toBe(false);
  });

  it('puts a refusal into words', async () => {
    const t = setup();
    t.enter(t.state({}));
    t.answerWith(() =>
      Promise.resolve({
        ok: false,
        error: { code: 4117, reason: 'NOT_A_TEACHER', message: 'only a teacher', event: 'screen:command' },
      }),
    );
    expect(await t.screen.command({ action: 'seek', position: 10 })).toBe(false);
    expect(t.notes).toEqual(['The teacher runs the screen during a lesson.']);
  });
});
