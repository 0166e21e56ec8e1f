import { describe, expect, it } from 'vitest';
import { MessageError } from '@campus/protocol';
import { WALK_SPEED } from '@campus/world';
import { gridMap } from '@campus/world/testing';
import { silentLogger } from '../logger';
import { RoomError } from '../RoomError';
import { ManualClock, RecordingPort } from '../testing/fakes';
import { WorldRoom } from '../WorldRoom';
import type { ClassroomSfu } from './ClassroomSfu';
import { Classrooms, EXIT_GRACE_MS } from './Classrooms';

// A 12 × 6 map; the classroom is tiles x 6–10, y 1–4 (px 96–176 × 16–80), its door in the west wall at rows 2–3.
const map = gridMap(
  ['############', '#....#.....#', '#..........#', '#..........#', '#....#.....#', '############'],
  {
    areas: [
      {
        id: 'room-1',
        name: 'Room 1',
        kind: 'classroom',
        capacity: 2,
        rect: { x: 96, y: 16, width: 80, height: 64 },
      },
    ],
    spawns: [{ x: 40, y: 44 }],
  },
);
const inside = { x: 130, y: 44 };

class RecordingSfu implements ClassroomSfu {
  readonly removed: Array<[string, string]> = [];
  access(roomId: string, userId: string) {
    return Promise.resolve({ url: 'wss://sfu.test', token: `token-${roomId}-${userId}` });
  }
  removeParticipant(roomId: string, userId: string) {
    this.removed.push([roomId, userId]);
    return Promise.resolve();
  }
}

function setup() {
  const clock = new ManualClock();
  const world = new WorldRoom(map, clock, { pickSpawn: () => 0 });
  const sfu = new RecordingSfu();
  const classrooms = new Classrooms(world, clock, silentLogger, { sfu });
  const ports = new Map<string, RecordingPort>();
  const place = (userId: string, at: { x: number; y: number }) => {
    const port = new RecordingPort();
    ports.set(userId, port);
    world.join(userId, `s-${userId}`, port, {
      name: userId,
      appearance: { look: 'sky' },
      resume: { position: at, direction: 'down' },
    });
  };
  return { clock, world, sfu, classrooms, place, ports };
}

/** The code a refusal carries, whether it comes at once or as a rejected promise. */
async function code(fn: () => unknown): Promise<number | undefined> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof RoomError) return err.code;
    throw err;
  }
  return undefined;
}

describe('Classrooms', () => {
  it('lets in only someone whose avatar the server places inside the area', async () => {
    const { classrooms, place } = setup();
    place('outside', { x: 40, y: 44 });
    place('in', inside);
    expect(await code(() => classrooms.enter('outside', 'room-1'))).toBe(MessageError.NOT_IN_AREA);
    expect((await classrooms.enter('in', 'room-1')).members).toEqual(['in']);
    expect(await code(() => classrooms.enter('in', 'no-such-room'))).toBe(MessageError.UNKNOWN_ROOM);
  });

  it('keeps someone who walked in from outside and is still walking inside', async () => {
    const { classrooms, world, place, clock } = setup();
    place('a', { x: 60, y: 44 });
    world.move('a', { position: { x: 60, y: 44 }, direction: 'right', isMoving: true });
    clock.advance(600); // x = 108: through the door, inside
    expect((await classrooms.enter('a', 'room-1')).members).toEqual(['a']);
    clock.advance(5000); // walks on to the east wall, still inside
    expect(classrooms.isMember('a', 'room-1')).toBe(true);
  });

  it('counts people, not connections: a reload or a second tab does not take a second seat', async () => {
    const { classrooms, world, place } = setup();
    place('a', inside);
    place('b', { x: 150, y: 44 });
    place('c', { x: 160, y: 60 });
    await classrooms.enter('a', 'room-1');
    // A's second tab takes over the same presence and asks again.
    world.join('a', 's-a2', new RecordingPort(), { name: 'a', appearance: { look: 'sky' } });
    expect((await classrooms.enter('a', 'room-1')).members).toEqual(['a']);
    await classrooms.enter('b', 'room-1');
    expect(await code(() => classrooms.enter('c', 'room-1'))).toBe(MessageError.ROOM_FULL);
    expect(classrooms.membersOf('room-1').sort()).toEqual(['a', 'b']);
  });

  it('keeps a member whose late stop says they stopped inside before the stroke would have carried them out', async () => {
    const { classrooms, world, clock, place } = setup();
    place('taps', { x: 100, y: 44 });
    await classrooms.enter('taps', 'room-1');
    // A tap towards the door: the key came up 20 ms later, but the page was busy and the stop arrives after the
    // stroke would have left the room (4 px, 50 ms), dated when the key came up.
    const start = clock.now();
    world.move('taps', { position: { x: 100, y: 44 }, direction: 'left', isMoving: true });
    clock.advance(100);
    expect(classrooms.isMember('taps', 'room-1')).toBe(true);
    world.move('taps', {
      position: { x: 98.4, y: 44 },
      direction: 'left',
      isMoving: false,
      startedAt: start + 20,
    });
    clock.advance(10_000);
    expect(classrooms.isMember('taps', 'room-1')).toBe(true);
  });

  it('puts someone a full room turns away outside its door, and tells them and the others', async () => {
    const { classrooms, world, clock, place, ports } = setup();
    place('a', inside);
    place('b', { x: 150, y: 44 });
    await classrooms.enter('a', 'room-1');
    await classrooms.enter('b', 'room-1');
    // C walked deep into the room before asking: farther than a stroke of C's own could step back (24 px).
    place('c', { x: 160, y: 60 });
    expect(await code(() => classrooms.enter('c', 'room-1'))).toBe(MessageError.ROOM_FULL);
    const out = world.whereIs('c')!;
    expect(out.x).toBe(95.75); // the west door
    expect(ports.get('a')!.of('user:moved').at(-1)).toMatchObject({ userId: 'c', position: out });
    // C hears of it after the refusal, so the door is shut on C's screen before C stands at it.
    expect(ports.get('c')!.of('self:position')).toEqual([]);
    clock.advance(0);
    expect(ports.get('c')!.of('self:position').at(-1)).toMatchObject({ position: out, isMoving: false });
    // Someone already outside is left where they stand.
    place('d', { x: 40, y: 44 });
    expect(await code(() => classrooms.enter('d', 'room-1'))).toBe(MessageError.NOT_IN_AREA);
    expect(world.whereIs('d')).toEqual({ x: 40, y: 44 });
  });

  it('tells members who is in, and the leaver that they left', async () => {
    const { classrooms, place, ports } = setup();
    place('a', inside);
    place('b', { x: 150, y: 44 });
    await classrooms.enter('a', 'room-1');
    await classrooms.enter('b', 'room-1');
    expect(ports.get('a')!.of('room:members').at(-1)?.members.sort()).toEqual(['a', 'b']);
    classrooms.leave('b');
    expect(ports.get('a')!.of('room:members').at(-1)?.members).toEqual(['a']);
    expect(ports.get('b')!.of('room:members').at(-1)?.members).toEqual(['a']);
  });

  it('mints SFU access for members only', async () => {
    const { classrooms, place } = setup();
    place('a', inside);
    place('b', { x: 40, y: 44 });
    const { livekit } = await classrooms.enter('a', 'room-1');
    expect(await livekit).toEqual({ url: 'wss://sfu.test', token: 'token-room-1-a' });
    expect(await classrooms.token('a', 'room-1')).toMatchObject({ token: 'token-room-1-a' });
    expect(await code(() => classrooms.token('b', 'room-1'))).toBe(MessageError.NOT_A_MEMBER);
  });

  it('removes someone from the SFU when they leave, walk out, or leave the campus', async () => {
    const { classrooms, world, sfu, place, clock } = setup();
    place('asks', inside);
    place('walks', { x: 120, y: 44 });
    place('quits', { x: 150, y: 60 });
    await classrooms.enter('asks', 'room-1');
    classrooms.leave('asks', 'room-1');
    await classrooms.enter('walks', 'room-1');
    // Walks west out through the door and never says so: the server notices at the moment they cross the edge.
    world.move('walks', { position: { x: 120, y: 44 }, direction: 'left', isMoving: true });
    // Out of the area after 24 px; let go once a stop dated before then could no longer be on its way.
    clock.advance(((120 - 96) * 1000) / WALK_SPEED + EXIT_GRACE_MS - 1);
    expect(classrooms.isMember('walks', 'room-1')).toBe(true);
    clock.advance(2);
    expect(classrooms.isMember('walks', 'room-1')).toBe(false);
    await classrooms.enter('quits', 'room-1');
    world.leave('quits');
    expect(sfu.removed).toEqual([
      ['room-1', 'asks'],
      ['room-1', 'walks'],
      ['room-1', 'quits'],
    ]);
    expect(classrooms.membersOf('room-1')).toEqual([]);
  });

  it('ends a screen share when its owner walks out of the room, and tells the others', async () => {
    const { classrooms, world, place, ports, clock } = setup();
    place('teacher', { x: 120, y: 44 });
    place('student', { x: 150, y: 44 });
    await classrooms.enter('teacher', 'room-1');
    await classrooms.enter('student', 'room-1');
    world.setMedia('teacher', { peerId: 'p-teacher', mic: true, cam: true, screen: true });
    world.move('teacher', { position: { x: 120, y: 44 }, direction: 'left', isMoving: true });
    clock.advance(((120 - 96) * 1000) / WALK_SPEED + EXIT_GRACE_MS + 1);
    expect(classrooms.isMember('teacher', 'room-1')).toBe(false);
    expect(world.mediaOf('teacher')).toEqual({ peerId: 'p-teacher', mic: true, cam: true, screen: false });
    expect(ports.get('student')!.of('user:media').at(-1)).toEqual({
      userId: 'teacher',
      media: { peerId: 'p-teacher', mic: true, cam: true, screen: false },
    });
  });

  it('without an SFU runs as a mesh capped below the room capacity', async () => {
    const clock = new ManualClock();
    const world = new WorldRoom(map, clock, { pickSpawn: () => 0 });
    const classrooms = new Classrooms(world, clock, silentLogger, { meshCap: 1 });
    expect(classrooms.mode).toBe('mesh');
    world.join('a', 's-a', new RecordingPort(), {
      name: 'a',
      appearance: { look: 'sky' },
      resume: { position: inside, direction: 'down' },
    });
    world.join('b', 's-b', new RecordingPort(), {
      name: 'b',
      appearance: { look: 'sky' },
      resume: { position: { x: 150, y: 44 }, direction: 'down' },
    });
    expect((await classrooms.enter('a', 'room-1')).livekit).toBeUndefined();
    expect(await code(() => classrooms.enter('b', 'room-1'))).toBe(MessageError.ROOM_FULL);
  });
});
