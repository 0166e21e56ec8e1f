import { describe, expect, it } from 'vitest';
import { MessageError, type LessonTeach } from '@campus/protocol';
import { gridMap } from '@campus/world/testing';
import type { ClassroomSfu } from '../classrooms/ClassroomSfu';
import { Classrooms } from '../classrooms/Classrooms';
import { silentLogger } from '../logger';
import { RoomError } from '../RoomError';
import { MemoryRoleStore } from '../teaching/RoleStore';
import { Roles } from '../teaching/Roles';
import { ManualClock, RecordingPort } from '../testing/fakes';
import { WorldRoom } from '../WorldRoom';
import { MemoryLessonBoard } from './LessonBoard';
import { Lessons } from './Lessons';
import { REJOIN_MS, REGISTER_KEPT_MS } from './lessonRules';

// A 12 × 6 map; the classroom is px 96–176 × 16–80, its door in the west wall at rows 2–3.
const map = gridMap(
  ['############', '#....#.....#', '#..........#', '#..........#', '#....#.....#', '############'],
  {
    areas: [
      {
        id: 'room-1',
        name: 'Room 1',
        kind: 'classroom',
        capacity: 10,
        rect: { x: 96, y: 16, width: 80, height: 64 },
      },
    ],
    spawns: [{ x: 40, y: 44 }],
  },
);
const INSIDE = { x: 130, y: 44 };
const AT_DOOR = { x: 70, y: 44 };
const FAR = { x: 24, y: 44 };
/** Where an avatar turned away from inside the room stands: just outside its west door, level with where it stood. */
const OUTSIDE_DOOR = { x: 95.75, y: 44 };

class RecordingSfu implements ClassroomSfu {
  readonly removed: string[] = [];
  readonly speak: Array<[string, boolean]> = [];
  readonly tokens: Array<[string, boolean]> = [];
  access(roomId: string, userId: string, _name: string, options: { canSpeak?: boolean } = {}) {
    this.tokens.push([userId, options.canSpeak ?? true]);
    return Promise.resolve({ url: 'wss://sfu.test', token: `token-${roomId}-${userId}` });
  }
  removeParticipant(_roomId: string, userId: string) {
    this.removed.push(userId);
    return Promise.resolve();
  }
  setCanSpeak(_roomId: string, userId: string, canSpeak: boolean) {
    this.speak.push([userId, canSpeak]);
    return Promise.resolve();
  }
}

/** Lets the board's announcements and the lessons' reactions to them run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

async function setup() {
  const clock = new ManualClock(Date.UTC(2026, 11, 2, 9, 0));
  const world = new WorldRoom(map, clock, { pickSpawn: () => 0 });
  const sfu = new RecordingSfu();
  const classrooms = new Classrooms(world, clock, silentLogger, { sfu });
  const store = new MemoryRoleStore();
  await store.bind({ linkId: 'link-1', userId: 'rivera', name: 'Ms. Rivera', boundAt: 0 });
  const lessons = new Lessons(world, classrooms, new MemoryLessonBoard(), clock, silentLogger, {
    roles: new Roles(store, clock),
    sfu,
  });
  const ports = new Map<string, RecordingPort>();
  let sessions = 0;
  const place = (userId: string, at: { x: number; y: number }) => {
    const port = new RecordingPort();
    ports.set(userId, port);
    world.join(userId, `s-${userId}-${sessions++}`, port, {
      name: userId === 'rivera' ? 'Ms. Rivera' : userId,
      appearance: { look: 'sky' },
      resume: { position: at, direction: 'down' },
    });
    world.setMedia(userId, { peerId: `peer-${userId}`, mic: true, cam: true });
    return port;
  };
  const enter = async (userId: string) => {
    await classrooms.enter(userId, 'room-1');
    await settle();
  };
  const act = async (userId: string, action: LessonTeach) => {
    const view = await lessons.teach(userId, action);
    await settle();
    return view;
  };
  /** Walks from the door (or just outside it) into the room: the door is open to the world, only membership locks. */
  const walkIn = (userId: string) => {
    const at = world.whereIs(userId);
    const position = at && at.x > AT_DOOR.x ? at : AT_DOOR;
    world.move(userId, { position, direction: 'right', isMoving: true });
    clock.advance(600);
  };
  const port = (userId: string) => ports.get(userId) ?? new RecordingPort();
  const lastState = (userId: string) => port(userId).of('lesson:state').at(-1);
  const notices = (userId: string) =>
    port(userId)
      .of('lesson:notice')
      .map((n) => n.kind);
  return { clock, world, sfu, classrooms, lessons, place, walkIn, enter, act, lastState, notices, port };
}

async function code(fn: () => unknown): Promise<number | undefined> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof RoomError) return err.code;
    throw err;
  }
  return undefined;
}

/** A teacher and two students in the room, the lesson started by the teacher walking in. */
async function lessonWithTwo() {
  const campus = await setup();
  for (const id of ['rivera', 'ada', 'bo']) campus.place(id, INSIDE);
  await campus.enter('ada');
  await campus.enter('rivera');
  await campus.enter('bo');
  return campus;
}

describe('Lessons', () => {
  it('starts a lesson when a teacher walks in, with everyone in the room on the register', async () => {
    const { lessons, place, enter, lastState, clock } = await setup();
    place('ada', INSIDE);
    place('rivera', INSIDE);
    await enter('ada');
    expect(lessons.viewOf('room-1').active).toBe(false);
    clock.advance(1000);
    await enter('rivera');
    expect(lastState('ada')).toMatchObject({
      active: true,
      teacher: { userId: 'rivera', name: 'Ms. Rivera' },
    });
    const { rows } = await lessons.register('rivera', 'room-1');
    expect(rows.map((r) => r.userId).sort()).toEqual(['ada', 'rivera']);
  });

  it("refuses a student's every teacher action, the register and an announcement", async () => {
    const { lessons } = await lessonWithTwo();
    const actions: LessonTeach[] = [
      { action: 'lock', roomId: 'room-1', locked: true },
      { action: 'mute-all', roomId: 'room-1', allowUnmute: false },
      { action: 'stage', roomId: 'room-1', userId: 'ada' },
      { action: 'remove', roomId: 'room-1', userId: 'bo' },
      { action: 'floor', roomId: 'room-1', userId: 'ada' },
      { action: 'end', roomId: 'room-1' },
    ];
    for (const action of actions)
      expect(await code(() => lessons.teach('ada', action))).toBe(MessageError.NOT_A_TEACHER);
    expect(await code(() => lessons.register('ada', 'room-1'))).toBe(MessageError.NOT_A_TEACHER);
    expect(await code(() => lessons.announce('ada', 'free pizza'))).toBe(MessageError.NOT_A_TEACHER);
    expect(lessons.viewOf('room-1')).toMatchObject({ locked: false, micsLocked: false, stage: null });
  });

  it('keeps a locked door shut; a knock at it can be answered, and an admitted student walks in', async () => {
    const { lessons, classrooms, world, clock, place, walkIn, enter, act, lastState, notices, port } =
      await lessonWithTwo();
    await act('rivera', { action: 'lock', roomId: 'room-1', locked: true });
    place('cy', AT_DOOR);
    place('dee', FAR);
    place('eve', INSIDE);
    expect(await code(() => classrooms.enter('eve', 'room-1'))).toBe(MessageError.ROOM_LOCKED);
    // Refused, Eve's avatar is put outside the door, and she is told where it stands now.
    expect(world.whereIs('eve')).toEqual(OUTSIDE_DOOR);
    clock.advance(0);
    expect(port('eve').of('self:position').at(-1)?.position).toEqual(OUTSIDE_DOOR);
    expect(await code(() => lessons.knock('dee', 'room-1'))).toBe(MessageError.NOT_AT_DOOR);
    expect(
      await code(() => lessons.teach('rivera', { action: 'admit', roomId: 'room-1', userId: 'cy' })),
    ).toBe(MessageError.NOT_KNOCKING);
    await lessons.knock('cy', 'room-1');
    await settle();
    expect(lastState('rivera')?.knocking.map((k) => k.name)).toEqual(['cy']);
    expect(lastState('cy')?.locked).toBe(true); // the knocker hears of the door too
    await act('rivera', { action: 'admit', roomId: 'room-1', userId: 'cy' });
    expect(notices('cy')).toEqual(['admitted']);
    expect(lastState('rivera')?.knocking).toEqual([]);
    // The admitted student walks in: the door is still locked for everyone else.
    walkIn('cy');
    await enter('cy');
    expect(classrooms.isMember('cy', 'room-1')).toBe(true);
    walkIn('eve');
    expect(await code(() => classrooms.enter('eve', 'room-1'))).toBe(MessageError.ROOM_LOCKED);
    // A step out and back within a minute needs no knock; after that, the pass is used up.
    classrooms.leave('cy');
    await settle();
    walkIn('cy');
    await enter('cy');
    expect(classrooms.isMember('cy', 'room-1')).toBe(true);
    classrooms.leave('cy');
    await settle();
    clock.advance(REJOIN_MS);
    walkIn('cy');
    expect(await code(() => classrooms.enter('cy', 'room-1'))).toBe(MessageError.ROOM_LOCKED);
  });

  it('sends a declined knocker away and keeps the door shut for them', async () => {
    const { lessons, classrooms, place, walkIn, act, notices } = await lessonWithTwo();
    await act('rivera', { action: 'lock', roomId: 'room-1', locked: true });
    place('cy', AT_DOOR);
    await lessons.knock('cy', 'room-1');
    await act('rivera', { action: 'decline', roomId: 'room-1', userId: 'cy' });
    expect(notices('cy')).toEqual(['declined']);
    walkIn('cy');
    expect(await code(() => classrooms.enter('cy', 'room-1'))).toBe(MessageError.ROOM_LOCKED);
  });

  it("mutes every student (not the teacher), keeps them muted, and gives the floor back one student's voice", async () => {
    const { lessons, world, sfu, act, notices } = await lessonWithTwo();
    await act('rivera', { action: 'mute-all', roomId: 'room-1', allowUnmute: false });
    expect(world.mediaOf('ada')?.mic).toBe(false);
    expect(world.mediaOf('bo')?.mic).toBe(false);
    expect(world.mediaOf('rivera')?.mic).toBe(true);
    expect(notices('ada')).toEqual(['muted']);
    expect(notices('rivera')).toEqual([]);
    expect(lessons.canSpeak('ada')).toBe(false);
    expect(lessons.canSpeak('rivera')).toBe(true);
    // The SFU withdraws the students' microphones too.
    expect(sfu.speak).toEqual(
      expect.arrayContaining([
        ['ada', false],
        ['bo', false],
      ]),
    );
    expect(sfu.speak.some(([id]) => id === 'rivera')).toBe(false);
    await lessons.hand('bo', { roomId: 'room-1', raised: true });
    await lessons.hand('ada', { roomId: 'room-1', raised: true });
    await act('rivera', { action: 'floor', roomId: 'room-1', userId: 'bo' });
    expect(lessons.canSpeak('bo')).toBe(true);
    expect(lessons.canSpeak('ada')).toBe(false);
    expect(notices('bo')).toEqual(['muted', 'floor']);
    expect(sfu.speak.at(-1)).toEqual(['bo', true]);
    expect(lessons.viewOf('room-1')).toMatchObject({ floor: 'bo', hands: ['ada'] });
    await act('rivera', { action: 'unmute-all', roomId: 'room-1' });
    expect(lessons.canSpeak('ada')).toBe(true);
  });

  it('lets students unmute themselves after a "mute all" that allows it', async () => {
    const { lessons, world, act } = await lessonWithTwo();
    await act('rivera', { action: 'mute-all', roomId: 'room-1', allowUnmute: true });
    expect(world.mediaOf('ada')?.mic).toBe(false);
    expect(lessons.canSpeak('ada')).toBe(true);
  });

  it('brings newcomers in muted when the teacher asks, with an SFU token that carries no microphone', async () => {
    const { world, sfu, place, enter, act, notices } = await lessonWithTwo();
    await act('rivera', { action: 'enter-muted', roomId: 'room-1', on: true });
    await act('rivera', { action: 'mute-all', roomId: 'room-1', allowUnmute: false });
    place('cy', INSIDE);
    await enter('cy');
    expect(world.mediaOf('cy')?.mic).toBe(false);
    expect(notices('cy')).toEqual(['muted']);
    expect(sfu.tokens.at(-1)).toEqual(['cy', false]);
  });

  it("queues hands in the order raised; a reload keeps one's place, leaving the room drops it", async () => {
    const { lessons, world, place, classrooms, act } = await lessonWithTwo();
    await lessons.hand('bo', { roomId: 'room-1', raised: true });
    await lessons.hand('ada', { roomId: 'room-1', raised: true });
    await lessons.hand('bo', { roomId: 'room-1', raised: true });
    expect(lessons.viewOf('room-1').hands).toEqual(['bo', 'ada']);
    // A reload: a new session of the same user takes over; the membership and the hand stay.
    world.disconnect('bo', 's-bo-2');
    place('bo', INSIDE);
    expect(classrooms.isMember('bo', 'room-1')).toBe(true);
    expect(lessons.viewOf('room-1').hands).toEqual(['bo', 'ada']);
    classrooms.leave('bo');
    await settle();
    expect(lessons.viewOf('room-1').hands).toEqual(['ada']);
    await act('rivera', { action: 'lower-hand', roomId: 'room-1', userId: 'ada' });
    expect(lessons.viewOf('room-1').hands).toEqual([]);
    expect(await code(() => lessons.hand('bo', { roomId: 'room-1', raised: true }))).toBe(
      MessageError.NOT_A_MEMBER,
    );
  });

  it('removes a student from the room and the SFU for the rest of the lesson, a new tab or reconnect included', async () => {
    const { lessons, world, sfu, classrooms, place, walkIn, enter, act, notices } = await lessonWithTwo();
    expect(await code(() => act('rivera', { action: 'remove', roomId: 'room-1', userId: 'zed' }))).toBe(
      MessageError.NOT_IN_LESSON,
    );
    await act('rivera', { action: 'remove', roomId: 'room-1', userId: 'bo' });
    expect(classrooms.isMember('bo', 'room-1')).toBe(false);
    expect(world.whereIs('bo')).toEqual(OUTSIDE_DOOR); // put out of the room, where his client puts him too
    expect(sfu.removed).toContain('bo');
    expect(notices('bo')).toEqual(['removed']);
    // A new tab (a new session of the same identity) and a reconnect after the world forgot them.
    place('bo', INSIDE);
    walkIn('bo');
    expect(await code(() => classrooms.enter('bo', 'room-1'))).toBe(MessageError.REMOVED_FROM_LESSON);
    world.leave('bo');
    place('bo', INSIDE);
    walkIn('bo');
    expect(await code(() => classrooms.enter('bo', 'room-1'))).toBe(MessageError.REMOVED_FROM_LESSON);
    walkIn('bo');
    await act('rivera', { action: 'lock', roomId: 'room-1', locked: true });
    expect(await code(() => lessons.knock('bo', 'room-1'))).toBe(MessageError.REMOVED_FROM_LESSON);
    await act('rivera', { action: 'end', roomId: 'room-1' });
    // Told, outside the room, that they may come back.
    expect(notices('bo')).toEqual(['ended']);
    await enter('bo');
    expect(classrooms.isMember('bo', 'room-1')).toBe(true);
  });

  it('stages a member for everyone, and lets go when they leave', async () => {
    const { lessons, classrooms, act, lastState } = await lessonWithTwo();
    expect(await code(() => act('rivera', { action: 'stage', roomId: 'room-1', userId: 'zed' }))).toBe(
      MessageError.NOT_IN_LESSON,
    );
    await act('rivera', { action: 'stage', roomId: 'room-1', userId: 'ada' });
    expect(lastState('bo')?.stage).toBe('ada');
    classrooms.leave('ada');
    await settle();
    expect(lessons.viewOf('room-1').stage).toBeNull();
  });

  it('keeps one register row across a quick return, a new one after a longer absence, and the register after the end', async () => {
    const { lessons, classrooms, clock, enter, act } = await lessonWithTwo();
    clock.advance(60_000);
    classrooms.leave('ada');
    await settle();
    clock.advance(REJOIN_MS - 1000);
    await enter('ada');
    clock.advance(60_000);
    classrooms.leave('ada');
    await settle();
    clock.advance(REJOIN_MS + 1000);
    await enter('ada');
    clock.advance(30_000);
    await act('rivera', { action: 'end', roomId: 'room-1' });
    const { rows, csv } = await lessons.register('rivera', 'room-1');
    const ada = rows.filter((r) => r.userId === 'ada');
    expect(ada).toHaveLength(2);
    expect(ada.every((r) => r.to !== undefined && r.to > r.from)).toBe(true);
    expect(csv.split('\r\n')[0]).toBe('name,user id,from,to,minutes');
    expect(csv).toContain('Ms. Rivera,rivera,2026-12-02T09:00:00.000Z');
    // Ended, the room is open and clear again.
    expect(lessons.viewOf('room-1')).toMatchObject({ active: false, locked: false, hands: [] });
    clock.advance(REGISTER_KEPT_MS + 1);
    expect((await lessons.register('rivera', 'room-1')).rows).toEqual([]);
  });

  it('ends the lesson when the last person leaves, so no door stays locked with nobody to open it', async () => {
    const { lessons, classrooms, act } = await lessonWithTwo();
    await act('rivera', { action: 'lock', roomId: 'room-1', locked: true });
    for (const id of ['ada', 'bo', 'rivera']) classrooms.leave(id);
    await settle();
    expect(lessons.viewOf('room-1')).toMatchObject({ active: false, locked: false });
  });

  it('announces to everyone on the campus, a few times at most', async () => {
    const { lessons, place, port } = await setup();
    place('rivera', FAR);
    place('ada', INSIDE);
    await lessons.announce('rivera', 'Lunch is at noon');
    await settle();
    expect(
      port('ada')
        .of('announcement')
        .map((a) => [a.fromName, a.text]),
    ).toEqual([['Ms. Rivera', 'Lunch is at noon']]);
    await lessons.announce('rivera', 'and again');
    expect(await code(() => lessons.announce('rivera', 'and again'))).toBe(MessageError.RATE_LIMITED);
  });
});
