import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WALK_SPEED, type Area, type Rect } from '@campus/world';
import { InProcessCampus, freshTeacherToken } from '@campus/state-server/testing';
import { gridMap } from '@campus/world/testing';
import { ClassroomController } from '../classroom/ClassroomController';
import { feedStore } from '../net/storeFeed';
import { ManualClientClock } from '../testing/ManualClientClock';
import { advanceBoth, joinInProcess, type TestPage } from '../testing/inProcess';
import { LessonController } from './LessonController';

const room: Area = {
  id: 'room-1',
  name: 'Room 1',
  kind: 'classroom',
  capacity: 8,
  rect: { x: 16, y: 32, width: 96, height: 48 },
};
// The room fills rows 2–4; the corridor of row 1 runs along its north side.
const map = gridMap(
  ['##########', '#........#', '#........#', '#........#', '#........#', '#........#', '##########'],
  {
    areas: [room],
    spawns: [
      { x: 40, y: 56 },
      { x: 88, y: 24 },
    ],
  },
);

let campus: InProcessCampus;
let clock: ManualClientClock;
const pages: TestPage[] = [];

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
  let arrivals = 0;
  // The teacher appears inside the room, everyone after in the corridor.
  campus = new InProcessCampus(map, { world: { pickSpawn: () => Math.min(arrivals++, 1) } });
  clock = new ManualClientClock();
});

afterEach(() => {
  for (const page of pages.splice(0)) page.connection.close();
  vi.useRealTimers();
});

const advance = (ms: number): Promise<void> => advanceBoth(campus, clock, ms);

/** A page with its classroom and lesson controllers wired to each other as main.ts wires them. */
async function person(name: string, options: { teacher?: boolean } = {}) {
  const page = await joinInProcess(campus, clock, name);
  pages.push(page);
  if (options.teacher) {
    const token = await freshTeacherToken(campus.roleStore, name);
    const claiming = page.connection.request('role:claim', { token });
    await campus.flush();
    const claimed = await claiming;
    if (!claimed.ok) throw new Error(claimed.error.message);
    page.store.setSelfRole(claimed);
  }
  const seen = { notices: [] as string[], barriers: [] as Rect[][] };
  const mic = { on: true };
  const lessons: LessonController = new LessonController(
    page.connection,
    {
      selfId: () => page.store.self.userId,
      isTeacher: () => page.store.self.role?.role === 'teacher',
      roomName: (roomId) => map.areaById(roomId)?.name ?? roomId,
      notify: (text) => seen.notices.push(text),
      setMic: (on) => {
        const was = mic.on;
        mic.on = on;
        page.connection.send('media:state', { mic: on, cam: false, screen: false });
        return was;
      },
      doorOpened: (roomId) => classroom.openDoor(roomId),
      knocked: (roomId) => classroom.knocked(roomId),
      removed: (roomId) => classroom.removedFrom(roomId),
      ended: (roomId) => classroom.lessonEnded(roomId),
    },
    clock,
  );
  const classroom = new ClassroomController(
    page.connection,
    () => page.store.self.userId,
    {
      setBarriers: (rects) => {
        seen.barriers.push(rects);
        const eviction = page.store.setBarriers(rects);
        if (eviction) page.connection.sendStroke(eviction);
      },
      currentArea: () => page.store.currentArea(),
      notify: (text) => seen.notices.push(text),
      changed: (membership) => lessons.membershipChanged(membership),
      lockedOut: (door) => lessons.setDoor(door),
    },
    clock,
  );
  feedStore(page.connection, page.store, () => {
    lessons.rejoined();
    classroom.rejoined();
  });
  const registering = page.connection.request('media:register', undefined);
  await campus.flush();
  await registering;
  /** Walks south for `px` pixels and stops; the classroom hears where the avatar now stands. */
  const walkSouth = async (px: number): Promise<void> => {
    const walker = page.store.self.walker;
    page.connection.sendStroke(walker.update('down', clock.now())!);
    await advance((px / WALK_SPEED) * 1000);
    page.connection.sendStroke(walker.update(null, clock.now())!);
    await campus.flush();
    classroom.areaChanged(page.store.currentArea());
    await campus.flush();
    // A barrier may have put the avatar back outside.
    classroom.areaChanged(page.store.currentArea());
    await campus.flush();
  };
  const act = async <T>(action: () => Promise<T>): Promise<T> => {
    const pending = action();
    await campus.flush();
    const result = await pending;
    await campus.flush();
    return result;
  };
  return { page, lessons, classroom, seen, mic, walkSouth, act, id: page.reply.userId };
}

/** The teacher in the room, the lesson started by their walking in, and a student in the corridor. */
async function lessonWithStudent() {
  const teacher = await person('Ms. Rivera', { teacher: true });
  teacher.classroom.areaChanged(teacher.page.store.currentArea());
  await campus.flush();
  const student = await person('Bo');
  return { teacher, student };
}

describe('a lesson, against the real WorldRoom, classrooms and lessons', () => {
  it('a locked door turns the student away without retrying; they knock, the teacher admits them, they come in', async () => {
    const { teacher, student } = await lessonWithStudent();
    expect(teacher.lessons.current).toMatchObject({ active: true, teacher: { userId: teacher.id } });
    expect(await teacher.act(() => teacher.lessons.lock(true))).toBe(true);

    await student.walkSouth(16);
    expect(student.classroom.current).toBeUndefined();
    expect(student.seen.notices).toEqual(['Room 1 is locked for a lesson. Knock (K) to ask to come in.']);
    expect(student.seen.barriers.at(-1)).toEqual([room.rect]);
    expect(student.page.store.currentArea()).toBeUndefined();
    expect(student.lessons.snapshot.door).toEqual({ roomId: 'room-1', name: 'Room 1', knocking: false });
    // Unlike a full room's, the locked door is not asked again every few seconds.
    const enters = (): number => student.seen.barriers.length;
    const before = enters();
    await advance(10_000);
    expect(enters()).toBe(before);

    expect(await student.act(() => student.lessons.knock())).toBe(true);
    expect(student.lessons.snapshot.door?.knocking).toBe(true);
    expect(teacher.lessons.current?.knocking.map((k) => k.name)).toEqual(['Bo']);

    await teacher.act(() => teacher.lessons.admit(student.id));
    expect(student.seen.notices.at(-1)).toBe('Come in: a teacher let you into Room 1.');
    expect(student.seen.barriers.at(-1)).toEqual([]);
    await student.walkSouth(16);
    expect(student.classroom.current?.roomId).toBe('room-1');
    expect(student.lessons.current).toMatchObject({ active: true, locked: true });
    expect(teacher.lessons.current?.knocking).toEqual([]);
  });

  it("mute all keeps the student's microphone off until the teacher gives them the floor", async () => {
    const { teacher, student } = await lessonWithStudent();
    await student.walkSouth(16);
    expect(student.classroom.current?.roomId).toBe('room-1');

    await teacher.act(() => teacher.lessons.muteAll(false));
    expect(student.mic.on).toBe(false);
    expect(student.lessons.current?.micsLocked).toBe(true);
    expect(campus.room.mediaOf(student.id)?.mic).toBe(false);
    // A microphone turned on anyway is refused by the server and put back off.
    student.mic.on = true;
    student.page.connection.send('media:state', { mic: true, cam: false, screen: false });
    await campus.flush();
    expect(student.mic.on).toBe(false);
    expect(student.seen.notices.at(-1)).toBe('Raise your hand to speak (press H).');

    await student.act(() => student.lessons.raiseHand());
    expect(teacher.lessons.current?.hands).toEqual([student.id]);
    await teacher.act(() => teacher.lessons.floor(student.id));
    expect(student.mic.on).toBe(true);
    expect(campus.room.mediaOf(student.id)?.mic).toBe(true);
    expect(student.lessons.current).toMatchObject({ floor: student.id, hands: [] });
  });

  it('a student who walks in while "enter muted" is on comes in with the microphone off; the floor turns it on', async () => {
    const { teacher, student } = await lessonWithStudent();
    await teacher.act(() => teacher.lessons.muteAll(false));
    await teacher.act(() => teacher.lessons.enterMuted(true));
    expect(student.mic.on).toBe(true);
    await student.walkSouth(16);
    expect(student.lessons.current).toMatchObject({ enterMuted: true, micsLocked: true });
    expect(student.mic.on).toBe(false);
    expect(student.seen.notices.at(-1)).toBe(
      'A teacher turned your microphone off. Raise your hand (H) to speak.',
    );
    await teacher.act(() => teacher.lessons.floor(student.id));
    expect(student.mic.on).toBe(true);
    // The floor taken back while microphones stay off: the microphone goes off again.
    await teacher.act(() => teacher.lessons.floor(null));
    expect(student.mic.on).toBe(false);
    expect(campus.room.mediaOf(student.id)?.mic).toBe(false);
  });

  it('a removed student is put outside and kept out; the teacher sees them gone', async () => {
    const { teacher, student } = await lessonWithStudent();
    await student.walkSouth(16);
    expect(teacher.lessons.snapshot.room?.members).toContain(student.id);

    await teacher.act(() => teacher.lessons.remove(student.id));
    expect(student.classroom.current).toBeUndefined();
    expect(student.lessons.current).toBeUndefined();
    expect(student.seen.notices.at(-1)).toBe('A teacher removed you from the lesson in Room 1.');
    expect(student.seen.barriers.at(-1)).toEqual([room.rect]);
    await campus.flush();
    expect(student.page.store.currentArea()).toBeUndefined();
    expect(campus.room.positionOf(student.id)?.position.y).toBeLessThan(room.rect.y);
    expect(teacher.lessons.snapshot.room?.members).toEqual([teacher.id]);
  });

  it('the register and an announcement reach the teacher and everyone', async () => {
    const { teacher, student } = await lessonWithStudent();
    await student.walkSouth(16);
    const register = await teacher.act(() => teacher.lessons.downloadRegister());
    expect(register?.rows.map((r) => r.name).sort()).toEqual(['Bo', 'Ms. Rivera']);
    expect(register?.csv.split('\r\n')[0]).toBe('name,user id,from,to,minutes');

    const heard: string[] = [];
    student.lessons.onAnnouncement((a) => heard.push(`${a.fromName}: ${a.text}`));
    expect(await teacher.act(() => teacher.lessons.announce('  Lecture at 3 in Room 1 '))).toBe(true);
    expect(heard).toEqual(['Ms. Rivera: Lecture at 3 in Room 1']);
    // A student may not announce.
    expect(await student.act(() => student.lessons.announce('me too'))).toBe(false);
    expect(student.seen.notices.at(-1)).toBe('Only a teacher can do that.');
  });
});
