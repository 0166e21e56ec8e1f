import { describe, expect, it } from 'vitest';
import { MessageError } from '@campus/protocol';
import { LocalWalker, WALK_SPEED } from '@campus/world';
import { gridMap } from '@campus/world/testing';
import { RoomError } from './RoomError';
import { ManualClock, RecordingPort } from './testing/fakes';
import { WorldRoom } from './WorldRoom';

const map = gridMap(
  ['############', '#..........#', '#..........#', '#....##....#', '#..........#', '############'],
  { spawns: [{ x: 40, y: 40 }] },
);
const ada = { name: 'Ada', appearance: { look: 'sky' as const } };
const bo = { name: 'Bo', appearance: { look: 'rose' as const } };

function setup() {
  const clock = new ManualClock();
  const room = new WorldRoom(map, clock, { pickSpawn: () => 0 });
  const a = new RecordingPort();
  const b = new RecordingPort();
  return { clock, room, a, b };
}

function expectRoomError(fn: () => unknown, code: MessageError): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(RoomError);
    expect((err as RoomError).code).toBe(code);
    return;
  }
  throw new Error(`expected RoomError ${code}`);
}

describe('WorldRoom', () => {
  it('gives a newcomer a snapshot of everyone else and announces them', () => {
    const { room, a, b } = setup();
    room.join('a', 's-a', a, ada);
    const joined = room.join('b', 's-b', b, bo);
    expect(joined.users.map((u) => [u.userId, u.profile.name])).toEqual([['a', 'Ada']]);
    expect(joined.self.position).toMatchObject({ userId: 'b', position: { x: 40, y: 40 }, isMoving: false });
    expect(a.of('user:joined').map((u) => u.userId)).toEqual(['b']);
    expect(b.sent).toEqual([]);
  });

  it('dispatches a move to the others, never back to the sender, stamped with the server time', () => {
    const { room, a, b, clock } = setup();
    room.join('a', 's-a', a, ada);
    room.join('b', 's-b', b, bo);
    clock.advance(50);
    room.move('a', { position: { x: 40, y: 40 }, direction: 'right', isMoving: true });
    expect(b.of('user:moved')).toEqual([
      { userId: 'a', position: { x: 40, y: 40 }, direction: 'right', isMoving: true, startedAt: clock.now() },
    ]);
    expect(a.of('user:moved')).toEqual([]);
  });

  it('accepts a stop where the previous stroke put the avatar, and refuses a teleport', () => {
    const { room, a, clock } = setup();
    room.join('a', 's-a', a, ada);
    room.move('a', { position: { x: 40, y: 40 }, direction: 'right', isMoving: true });
    clock.advance(500);
    const walked = 40 + WALK_SPEED / 2;
    expect(
      room.move('a', { position: { x: walked, y: 40 }, direction: 'right', isMoving: false }).position.x,
    ).toBe(walked);
    expectRoomError(
      () => room.move('a', { position: { x: 160, y: 24 }, direction: 'right', isMoving: false }),
      MessageError.POSITION_IMPLAUSIBLE,
    );
    expect(room.positionOf('a')?.position.x).toBe(walked);
  });

  it('uses the client-claimed start time within limits, so a late message is not mistaken for a teleport', () => {
    const { room, a, b, clock } = setup();
    room.join('a', 's-a', a, ada);
    room.join('b', 's-b', b, bo);
    const t0 = clock.now();
    room.move('a', { position: { x: 40, y: 40 }, direction: 'right', isMoving: true, startedAt: t0 });
    clock.advance(1000);
    // The stop happened 200 ms ago on A's screen; the message arrives now.
    const stopAt = t0 + 800;
    const x = 40 + (WALK_SPEED * 800) / 1000;
    room.move('a', { position: { x, y: 40 }, direction: 'right', isMoving: false, startedAt: stopAt });
    expect(b.of('user:moved').at(-1)?.startedAt).toBe(stopAt);
    // A claim in the future is clamped to now.
    room.move('a', {
      position: { x, y: 40 },
      direction: 'up',
      isMoving: false,
      startedAt: clock.now() + 60_000,
    });
    expect(b.of('user:moved').at(-1)?.startedAt).toBe(clock.now());
  });

  it('takes the stop of a page that stalled for seconds where the key came up, as the walker dates it', () => {
    const { room, a, b, clock } = setup();
    room.join('a', 's-a', a, ada);
    room.join('b', 's-b', b, bo);
    const walker = new LocalWalker(map, { x: 40, y: 40 }, clock.now());
    const start = walker.update('right', clock.now())!;
    room.move('a', { ...start });
    // The key came up 100 ms later, but the page only saw it 3 s in; its message takes 300 ms more.
    const stop = walker.update(null, start.startedAt + 3000, start.startedAt + 100)!;
    clock.advance(3300);
    room.move('a', { ...stop });
    expect(b.of('user:moved').at(-1)).toMatchObject({ isMoving: false, position: stop.position });
    expect(stop.position.x).toBeCloseTo(40 + (WALK_SPEED * 100) / 1000);
  });

  it('refuses positions outside the map and inside walls, changing nothing', () => {
    const { room, a, b } = setup();
    room.join('a', 's-a', a, ada);
    room.join('b', 's-b', b, bo);
    expectRoomError(
      () => room.move('a', { position: { x: -5, y: 40 }, direction: 'up', isMoving: true }),
      MessageError.OUT_OF_BOUNDS,
    );
    expectRoomError(
      () => room.move('a', { position: { x: 5000, y: 40 }, direction: 'up', isMoving: true }),
      MessageError.OUT_OF_BOUNDS,
    );
    expectRoomError(
      () => room.move('a', { position: { x: 88, y: 60 }, direction: 'up', isMoving: true }),
      MessageError.POSITION_BLOCKED,
    );
    expect(b.of('user:moved')).toEqual([]);
    expect(room.positionOf('a')?.position).toEqual({ x: 40, y: 40 });
  });

  it('refuses moves and profile changes from someone who has not joined', () => {
    const { room } = setup();
    expectRoomError(
      () => room.move('ghost', { position: { x: 40, y: 40 }, direction: 'up', isMoving: true }),
      MessageError.NOT_JOINED,
    );
    expectRoomError(() => room.updateProfile('ghost', { status: 'busy' }), MessageError.NOT_JOINED);
  });

  it('refuses a second join for the same user', () => {
    const { room, a } = setup();
    room.join('a', 's-a', a, ada);
    expectRoomError(() => room.join('a', 's-a', a, ada), MessageError.ALREADY_JOINED);
    expect(room.size).toBe(1);
  });

  it('sends profile changes separately from positions, to the others only', () => {
    const { room, a, b } = setup();
    room.join('a', 's-a', a, ada);
    room.join('b', 's-b', b, bo);
    room.updateProfile('a', { status: 'busy' });
    expect(b.of('user:profile')).toEqual([
      { userId: 'a', profile: { name: 'Ada', appearance: { look: 'sky' }, status: 'busy' } },
    ]);
    expect(b.of('user:moved')).toEqual([]);
    expect(a.of('user:profile')).toEqual([]);
  });

  it('a second session of the same user takes over: one presence, the old session told and closed', () => {
    const { room, a, b } = setup();
    const aTab2 = new RecordingPort();
    // Socket.IO fires the old session's disconnect synchronously inside disconnect().
    a.disconnect = () => {
      a.disconnected = true;
      room.disconnect('a', 's-a');
    };
    room.join('a', 's-a', a, ada);
    room.join('b', 's-b', b, bo);
    const again = room.join('a', 's-a2', aTab2, { ...ada, name: 'Ada L.' });
    expect(again.resumed).toBe(true);
    expect(room.size).toBe(2);
    expect(a.of('session:replaced')).toEqual([{ code: 4003, reason: 'SESSION_REPLACED' }]);
    expect(a.disconnected).toBe(true);
    expect(b.of('user:joined')).toEqual([]); // a takeover is not a new arrival
    expect(b.of('user:profile').at(-1)?.profile.name).toBe('Ada L.');
    // The old tab's disconnect arrives late: it must not remove the new session's presence.
    room.disconnect('a', 's-a');
    expect(room.isActiveSession('a', 's-a2')).toBe(true);
    expect(b.of('user:presence')).toEqual([]);
    expect(b.of('user:left')).toEqual([]);
  });

  it('holds a dropped user for the grace period, then tells everyone they left', () => {
    const { room, a, b, clock } = setup();
    room.join('a', 's-a', a, ada);
    room.join('b', 's-b', b, bo);
    room.disconnect('a', 's-a');
    expect(b.of('user:presence')).toEqual([{ userId: 'a', online: false }]);
    clock.advance(9_999);
    expect(room.has('a')).toBe(true);
    clock.advance(1);
    expect(room.has('a')).toBe(false);
    expect(b.of('user:left')).toEqual([{ userId: 'a' }]);
  });

  it('a reconnect within the grace period resumes the same presence without a leave', () => {
    const { room, a, b, clock } = setup();
    room.join('a', 's-a', a, ada);
    room.join('b', 's-b', b, bo);
    room.move('a', { position: { x: 40, y: 40 }, direction: 'right', isMoving: true });
    clock.advance(250);
    room.disconnect('a', 's-a');
    clock.advance(3000);
    const back = room.join('a', 's-a3', new RecordingPort(), ada);
    expect(back.self.position.position).toEqual({ x: 40 + WALK_SPEED / 4, y: 40 });
    expect(back.self.online).toBe(true);
    clock.advance(20_000);
    expect(room.has('a')).toBe(true);
    expect(b.of('user:presence')).toEqual([
      { userId: 'a', online: false },
      { userId: 'a', online: true },
    ]);
    expect(b.of('user:left')).toEqual([]);
  });

  it('takes a reconnecting client at its word only where it could have walked', () => {
    const { room, a, clock } = setup();
    room.join('a', 's-a', a, ada);
    room.disconnect('a', 's-a');
    clock.advance(500); // 40 px of walking at most, plus the tolerance
    const near = { x: 40 + 50, y: 40 };
    expect(
      room.join('a', 's-a2', new RecordingPort(), { ...ada, resume: { position: near, direction: 'left' } })
        .self.position.position,
    ).toEqual(near);
    room.disconnect('a', 's-a2');
    clock.advance(500);
    const far = { x: 170, y: 72 };
    expect(
      room.join('a', 's-a3', new RecordingPort(), { ...ada, resume: { position: far, direction: 'up' } }).self
        .position.position,
    ).toEqual(near);
  });

  it('after a server restart (no record), a returning client is placed where it says, if that is walkable', () => {
    const { room, a } = setup();
    const where = { x: 150, y: 72 };
    expect(
      room.join('a', 's-a', a, { ...ada, resume: { position: where, direction: 'up' } }).self.position,
    ).toMatchObject({ position: where, direction: 'up' });
    const { room: room2 } = setup();
    const inWall = { x: 88, y: 60 };
    expect(
      room2.join('a', 's-a', a, { ...ada, resume: { position: inWall, direction: 'up' } }).self.position
        .position,
    ).toEqual({ x: 40, y: 40 });
  });

  it('removes a leaver for everyone, once', () => {
    const { room, a, b } = setup();
    room.join('a', 's-a', a, ada);
    room.join('b', 's-b', b, bo);
    room.leave('a');
    room.leave('a');
    expect(b.of('user:left')).toEqual([{ userId: 'a' }]);
    expect(room.snapshot().map((u) => u.userId)).toEqual(['b']);
  });
});

describe('WorldRoom move plausibility', () => {
  // A one-tile wall (row 3: y 48 to 64) between two open rows; a body is 6 px tall, so standing right above the wall
  // (y 48) and right below it (y 70) are 22 px apart: within the tolerance, but not by walking.
  const walled = gridMap(
    ['########', '#......#', '#......#', '########', '#......#', '#......#', '########'],
    {
      spawns: [{ x: 40, y: 48 }],
    },
  );

  it('refuses a forged move that hops a one-tile wall, however close the other side is', () => {
    const clock = new ManualClock();
    const room = new WorldRoom(walled, clock, { pickSpawn: () => 0 });
    const b = new RecordingPort();
    room.join('a', 's-a', new RecordingPort(), ada);
    room.join('b', 's-b', b, bo);
    expectRoomError(
      () => room.move('a', { position: { x: 40, y: 70 }, direction: 'down', isMoving: false }),
      MessageError.POSITION_IMPLAUSIBLE,
    );
    expect(room.positionOf('a')?.position).toEqual({ x: 40, y: 48 });
    expect(b.of('user:moved')).toEqual([]);
  });

  it('still accepts a stroke that starts off the expected point along a free line, within the tolerance', () => {
    const clock = new ManualClock();
    const room = new WorldRoom(walled, clock, { pickSpawn: () => 0 });
    room.join('a', 's-a', new RecordingPort(), ada);
    room.move('a', { position: { x: 40, y: 48 }, direction: 'right', isMoving: true });
    clock.advance(500);
    // The client's clock estimate puts the turn 20 px further along the walk than the server's does.
    expect(
      room.move('a', { position: { x: 100, y: 48 }, direction: 'up', isMoving: false }).position,
    ).toEqual({ x: 100, y: 48 });
  });
});

describe('WorldRoom resume claims', () => {
  const far = { x: 150, y: 72 };

  it('once the server has run a minute, a client it has no record of starts at a spawn point, wherever it says it was', () => {
    const { room, a, clock } = setup();
    clock.advance(60_001);
    const joined = room.join('a', 's-a', a, { ...ada, resume: { position: far, direction: 'up' } });
    expect(joined.self.position.position).toEqual({ x: 40, y: 40 });
  });

  it('someone who left a moment ago comes back where they could have walked since, else where they left', () => {
    const { room, clock } = setup();
    clock.advance(60_001);
    room.join('a', 's-a', new RecordingPort(), ada);
    room.move('a', { position: { x: 40, y: 40 }, direction: 'right', isMoving: true });
    clock.advance(250); // at (60, 40)
    room.expel('a', 's-a');
    clock.advance(100); // 8 px of walking at most, plus the tolerance
    const back = (position: { x: number; y: number }, session: string) =>
      room.join('a', session, new RecordingPort(), { ...ada, resume: { position, direction: 'left' } }).self
        .position.position;
    expect(back(far, 's-a2')).toEqual({ x: 60, y: 40 });
    room.expel('a', 's-a2');
    expect(back({ x: 80, y: 40 }, 's-a3')).toEqual({ x: 80, y: 40 });
  });
});
