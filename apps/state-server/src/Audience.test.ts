import { describe, expect, it } from 'vitest';
import {
  DIRECTIONS,
  type JoinRequest,
  type PositionState,
  type ServerToClientEvents,
  type UserSnapshot,
} from '@campus/protocol';
import { INTEREST, cellOf, cellsInReach, positionAlong, travelLimit } from '@campus/world';
import { gridMap, seededRandom } from '@campus/world/testing';
import type { ClientPort } from './ports';
import { ManualClock } from './testing/fakes';
import { WorldRoom } from './WorldRoom';

// 200 × 120 tiles (3200 × 1920 px: 25 × 15 cells of interest), open but for pillars that stop some strokes early.
const rows = Array.from({ length: 120 }, (_, r) =>
  Array.from({ length: 200 }, (_, c) => (r % 30 === 15 && c % 40 === 20 ? '#' : '.')).join(''),
);
const map = gridMap(rows, { spawns: [{ x: 1600, y: 960 }] });

/**
 * What one client knows, built only from what the server sent it, as the web client builds it: who it draws and with
 * which stroke. It checks the events make sense on their own (no move for someone unknown, no double arrival).
 */
class ClientView implements ClientPort {
  readonly known = new Map<string, PositionState>();
  readonly faults: string[] = [];
  appeared = 0;
  disappeared = 0;

  constructor(readonly userId: string) {}

  start(users: readonly UserSnapshot[]): void {
    this.known.clear();
    for (const u of users) this.known.set(u.userId, u.position);
  }

  send<E extends keyof ServerToClientEvents>(event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    const payload = args[0] as { userId?: string };
    const id = payload.userId ?? '';
    switch (event) {
      case 'user:joined':
      case 'user:visible':
        if (this.known.has(id)) this.faults.push(`${event} for ${id}, already shown`);
        this.known.set(id, (args[0] as UserSnapshot).position);
        this.appeared++;
        return;
      case 'user:moved':
        if (!this.known.has(id)) this.faults.push(`user:moved for ${id}, not shown`);
        this.known.set(id, args[0] as PositionState);
        return;
      case 'user:hidden':
      case 'user:left':
        if (!this.known.delete(id)) this.faults.push(`${event} for ${id}, not shown`);
        this.disappeared++;
        return;
      default:
        return;
    }
  }

  disconnect(): void {}
}

interface Walker {
  id: string;
  view: ClientView;
  session: string;
  nextChange: number;
  online: boolean;
}

const limits = new WeakMap<PositionState, number>();

/** positionAt, remembering each stroke's travel limit (the map is big: scanning it every tick is slow). */
function whereAt(stroke: PositionState, now: number): { x: number; y: number } {
  let limit = limits.get(stroke);
  if (limit === undefined) {
    limit = travelLimit(map, stroke.position, stroke.direction);
    limits.set(stroke, limit);
  }
  return positionAlong(stroke, limit, now);
}

/** For each user, everyone whose area of interest holds them at `now`: brute force over the server's own strokes. */
function bruteForce(room: WorldRoom, now: number): Map<string, string[]> {
  const at = room.snapshot().map((u) => ({ id: u.userId, cell: cellOf(whereAt(u.position, now)) }));
  return new Map(
    at.map((a) => [
      a.id,
      at
        .filter((b) => b.id !== a.id && cellsInReach(a.cell, b.cell))
        .map((b) => b.id)
        .sort(),
    ]),
  );
}

let sessions = 0;

/** Joins (or comes back) at `at`, and starts the view from the join reply's snapshot; returns the session. */
function joinAt(room: WorldRoom, id: string, view: ClientView, at: { x: number; y: number }): string {
  const request: JoinRequest = {
    name: id,
    appearance: { look: 'sky' },
    resume: { position: at, direction: 'down' },
  };
  const session = `${id}-${++sessions}`;
  view.start(room.join(id, session, view, request).users);
  return session;
}

describe('interest management', () => {
  it('is exact at every tick of seeded random walks, though walks cross areas with no message sent', () => {
    const random = seededRandom(20_261_121);
    const clock = new ManualClock(1_000_000);
    const room = new WorldRoom(map, clock, { gracePeriod: 3000 });
    const walkers: Walker[] = [];
    for (let i = 0; i < 16; i++) {
      const id = `u${i}`;
      const view = new ClientView(id);
      const session = joinAt(room, id, view, { x: 400 + random() * 2400, y: 300 + random() * 1300 });
      walkers.push({ id, view, session, nextChange: clock.now() + random() * 2000, online: true });
    }
    const start = clock.now();
    let checks = 0;
    let movesSent = 0;
    let silentChanges = 0;
    const wrong: string[] = [];
    while (clock.now() - start < 60_000) {
      // Advance a few ms at a time, sometimes one tick: most checks fall between messages.
      const before = walkers.reduce((n, w) => n + w.view.appeared + w.view.disappeared, 0);
      clock.advance(1 + Math.floor(random() * 9));
      const now = clock.now();
      silentChanges += walkers.reduce((n, w) => n + w.view.appeared + w.view.disappeared, 0) - before;
      for (const w of walkers) {
        if (now < w.nextChange) continue;
        const roll = random();
        if (!w.online) {
          // Back within the grace period or after it (a fresh join), from where the server last had them.
          const at = room.whereIs(w.id) ?? { x: 400 + random() * 2400, y: 300 + random() * 1300 };
          w.session = joinAt(room, w.id, w.view, at);
          w.online = true;
        } else if (roll < 0.03) {
          room.disconnect(w.id, w.session);
          w.online = false;
        } else {
          const at = room.whereIs(w.id)!;
          const isMoving = roll < 0.8;
          room.move(w.id, {
            position: at,
            direction: DIRECTIONS[Math.floor(random() * 4)]!,
            isMoving,
            startedAt: now,
          });
          movesSent++;
        }
        // Long strokes: up to 8 s, walking across several cells of interest with nothing sent.
        w.nextChange = now + 300 + random() * (w.online ? 8000 : 5000);
      }
      const truth = bruteForce(room, now);
      for (const w of walkers) {
        if (!w.online) continue;
        checks++;
        const expected = truth.get(w.id) ?? [];
        const known = [...w.view.known.keys()].sort();
        if (expected.join() !== known.join())
          wrong.push(`${w.id} at +${now - start}: ${known} ≠ ${expected}`);
        // And for everyone it draws, the stroke it draws is the server's.
        for (const [id, stroke] of w.view.known) {
          if (stroke !== room.positionOf(id))
            wrong.push(`${w.id} draws a stale stroke of ${id} at +${now - start}`);
        }
      }
      if (wrong.length > 5) break;
    }
    expect(wrong).toEqual([]);
    expect(walkers.flatMap((w) => w.view.faults)).toEqual([]);
    expect(checks).toBeGreaterThan(100_000);
    expect(movesSent).toBeGreaterThan(150);
    // Many appearances and disappearances came from timers, at ticks when nobody sent anything.
    expect(silentChanges).toBeGreaterThan(100);
  }, 30_000);

  it('shows a walker to someone standing still exactly while in range, from a single move message', () => {
    const clock = new ManualClock(1_000_000);
    const room = new WorldRoom(map, clock);
    const standing = new ClientView('bo');
    const walker = new ClientView('ada');
    joinAt(room, 'bo', standing, { x: 1600, y: 960 });
    joinAt(room, 'ada', walker, { x: 150, y: 960 });
    expect(standing.known.has('ada')).toBe(false);
    room.move('ada', {
      position: { x: 150, y: 960 },
      direction: 'right',
      isMoving: true,
      startedAt: clock.now(),
    });
    // One message; then 35 s of walking east along the whole map, past Bo, checked at every millisecond.
    const seen: boolean[] = [];
    for (let t = 0; t < 35_000; t++) {
      clock.advance(1);
      const expected = bruteForce(room, clock.now()).get('bo')?.includes('ada');
      if (standing.known.has('ada') !== expected || walker.known.has('bo') !== expected)
        throw new Error(`wrong at +${t} ms`);
      if (seen.at(-1) !== expected) seen.push(expected);
    }
    // Out of range, in range, out again: both ways, with no further message from anyone.
    expect(seen).toEqual([false, true, false]);
    expect(standing.known.size).toBe(0);
    expect(standing.appeared).toBe(1);
    expect(standing.disappeared).toBe(1);
  });

  it('gives a newcomer a snapshot of only the users within its area of interest', () => {
    const clock = new ManualClock();
    const room = new WorldRoom(map, clock);
    const near = new ClientView('near');
    const far = new ClientView('far');
    joinAt(room, 'near', near, { x: 1600, y: 960 });
    joinAt(room, 'far', far, { x: 1600 + (INTEREST.REACH_X + 2) * INTEREST.CELL, y: 960 });
    const newcomer = new ClientView('new');
    joinAt(room, 'new', newcomer, { x: 1500, y: 960 });
    expect([...newcomer.known.keys()]).toEqual(['near']);
    expect(near.known.has('new')).toBe(true);
    expect(far.known.has('new')).toBe(false);
  });

  it('tells presence to watchers wherever they are, and to nobody else far away', () => {
    const clock = new ManualClock();
    const room = new WorldRoom(map, clock, { gracePeriod: 1000 });
    const events: Record<string, Array<[string, unknown]>> = { ada: [], bo: [], cy: [] };
    const port = (id: string): ClientPort => ({
      send: (event, ...args) => void events[id]!.push([event, args[0]]),
      disconnect: () => {},
    });
    const join = (id: string, x: number, session = `${id}-1`) =>
      room.join(id, session, port(id), {
        name: id,
        appearance: { look: 'sky' },
        resume: { position: { x, y: 960 }, direction: 'down' },
      });
    join('ada', 200);
    join('cy', 260);
    expect(room.watchPresence('ada', ['bo', 'ada'])).toEqual([]);
    join('bo', 3000);
    room.disconnect('bo', 'bo-1');
    join('bo', 3000, 'bo-2');
    room.disconnect('bo', 'bo-2');
    clock.advance(1000);
    const presence = (id: string) => events[id]!.filter(([e]) => e === 'user:presence').map(([, p]) => p);
    expect(presence('ada')).toEqual([
      { userId: 'bo', online: true },
      { userId: 'bo', online: false },
      { userId: 'bo', online: true },
      { userId: 'bo', online: false },
      { userId: 'bo', online: false },
    ]);
    expect(events.cy!.filter(([, p]) => (p as { userId?: string }).userId === 'bo')).toEqual([]);
  });
});
