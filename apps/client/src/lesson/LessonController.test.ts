import { describe, expect, it } from 'vitest';
import { MessageError, type LessonNotice, type LessonView } from '@campus/protocol';
import type { Area } from '@campus/world';
import type { Membership } from '../classroom/ClassroomController';
import { RequestFailed, type CampusConnection } from '../net/CampusConnection';
import { ManualClientClock } from '../testing/ManualClientClock';
import { LessonController } from './LessonController';

/** The parts of CampusConnection the controller uses: requests answered by `answer`, server events by `deliver`. */
class FakeConnection {
  readonly requests: Array<{ event: string; payload: Record<string, unknown> }> = [];
  answer: (event: string, payload: Record<string, unknown>) => unknown = () => ({ ok: true });
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();

  on(event: string, listener: (payload: unknown) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    set.add(listener);
    return () => set.delete(listener);
  }

  request(event: string, payload: Record<string, unknown>): Promise<unknown> {
    this.requests.push({ event, payload });
    const reply = this.answer(event, payload);
    return reply instanceof Error ? Promise.reject(reply) : Promise.resolve(reply);
  }

  deliver(event: string, payload: unknown): void {
    for (const listener of this.listeners.get(event) ?? []) listener(payload);
  }
}

function lesson(overrides: Partial<LessonView> = {}): LessonView {
  return {
    roomId: 'room-1',
    active: true,
    teacher: { userId: 't', name: 'Ms. Rivera' },
    locked: false,
    enterMuted: false,
    micsLocked: false,
    muteRound: 0,
    stage: null,
    floor: null,
    hands: [],
    knocking: [],
    ...overrides,
  };
}

const membership = (view?: LessonView): Membership => ({
  roomId: 'room-1',
  name: 'Room 1',
  members: ['t', 'me'],
  mode: 'mesh',
  meshCap: 8,
  ...(view ? { lesson: view } : {}),
});
const door = { id: 'room-1', name: 'Room 1', rect: { x: 0, y: 0, width: 10, height: 10 } } as Area;

function setup(options: { teacher?: boolean; micOn?: boolean } = {}) {
  const connection = new FakeConnection();
  const clock = new ManualClientClock();
  const mic = { on: options.micOn ?? true };
  const seen = { notices: [] as string[], calls: [] as string[], changes: 0 };
  const controller = new LessonController(
    connection as unknown as CampusConnection,
    {
      selfId: () => 'me',
      isTeacher: () => options.teacher ?? false,
      roomName: (roomId) => (roomId === 'room-1' ? 'Room 1' : roomId),
      notify: (text) => seen.notices.push(text),
      setMic: (on) => {
        const was = mic.on;
        mic.on = on;
        return was;
      },
      doorOpened: (roomId) => seen.calls.push(`open ${roomId}`),
      knocked: (roomId) => seen.calls.push(`knocked ${roomId}`),
      removed: (roomId) => seen.calls.push(`removed ${roomId}`),
      ended: (roomId) => seen.calls.push(`ended ${roomId}`),
    },
    clock,
  );
  controller.onChange(() => seen.changes++);
  const notice = (n: LessonNotice): void => connection.deliver('lesson:notice', n);
  return { connection, clock, controller, mic, seen, notice };
}

describe('LessonController: the lesson of the room we are in', () => {
  it('takes the lesson from the entry, follows lesson:state, and forgets it on leaving', () => {
    const { connection, controller, seen } = setup();
    controller.membershipChanged(membership(lesson()));
    expect(controller.current?.locked).toBe(false);
    connection.deliver('lesson:state', lesson({ locked: true }));
    expect(controller.current?.locked).toBe(true);
    // Another room's lesson is not ours.
    connection.deliver('lesson:state', lesson({ roomId: 'room-2', micsLocked: true }));
    expect(controller.current?.micsLocked).toBe(false);
    controller.membershipChanged(undefined);
    expect(controller.current).toBeUndefined();
    expect(seen.changes).toBe(3);
  });

  it('a lesson:state that came just before the entry answer wins over the lesson in the answer; a stale one does not', () => {
    const { connection, clock, controller } = setup();
    connection.deliver('lesson:state', lesson({ active: true, muteRound: 2 }));
    controller.membershipChanged(membership(lesson({ active: false })));
    expect(controller.current?.active).toBe(true);
    controller.membershipChanged(undefined);
    connection.deliver('lesson:state', lesson({ muteRound: 1 }));
    clock.advance(10_000);
    controller.membershipChanged(membership(lesson({ muteRound: 3 })));
    expect(controller.current?.muteRound).toBe(3);
  });

  it('the lesson ending tells the classroom (its barriers come down) and says so', () => {
    const { connection, controller, seen, notice } = setup();
    controller.membershipChanged(membership(lesson()));
    connection.deliver('lesson:state', lesson({ active: false }));
    notice({ roomId: 'room-1', kind: 'ended' });
    expect(seen.calls).toEqual(['ended room-1', 'ended room-1']);
    expect(seen.notices).toEqual(['The lesson in Room 1 has ended.']);
  });
});

describe('LessonController: the microphone', () => {
  it('muted by the teacher: the microphone goes off, and the floor turns it back on', () => {
    const { controller, mic, seen, notice } = setup();
    controller.membershipChanged(membership(lesson()));
    notice({ roomId: 'room-1', kind: 'muted', locked: true });
    expect(mic.on).toBe(false);
    expect(seen.notices.at(-1)).toBe('A teacher turned your microphone off. Raise your hand (H) to speak.');
    notice({ roomId: 'room-1', kind: 'floor' });
    expect(mic.on).toBe(true);
    expect(seen.notices.at(-1)).toBe('You have the floor: go ahead and speak.');
  });

  it('a "muted" for coming in that arrives before the entry answer is remembered for the floor', () => {
    const { controller, mic, notice } = setup();
    notice({ roomId: 'room-1', kind: 'muted', locked: true });
    controller.membershipChanged(membership(lesson({ enterMuted: true, micsLocked: true })));
    notice({ roomId: 'room-1', kind: 'floor' });
    expect(mic.on).toBe(true);
  });

  it('the floor does not turn on a microphone its owner had turned off themselves', () => {
    const { controller, mic, notice } = setup({ micOn: false });
    controller.membershipChanged(membership(lesson()));
    notice({ roomId: 'room-1', kind: 'muted', locked: false });
    notice({ roomId: 'room-1', kind: 'floor' });
    expect(mic.on).toBe(false);
  });

  it('the floor moving on while microphones stay off turns ours off again', () => {
    const { connection, controller, mic, seen } = setup();
    controller.membershipChanged(membership(lesson({ micsLocked: true, floor: 'me' })));
    connection.deliver('lesson:state', lesson({ micsLocked: true, floor: 'ada' }));
    expect(mic.on).toBe(false);
    expect(seen.notices).toEqual(['Your turn to speak is over: your microphone is off again.']);
    // With microphones free, the floor moving on leaves ours alone.
    mic.on = true;
    connection.deliver('lesson:state', lesson({ micsLocked: false, floor: 'me' }));
    connection.deliver('lesson:state', lesson({ micsLocked: false, floor: null }));
    expect(mic.on).toBe(true);
  });

  it('keeps a muted student from turning the microphone on while the teacher keeps microphones off, and says why', () => {
    const { connection, controller, seen } = setup({ micOn: false });
    expect(controller.mayUnmute()).toBe(true); // no lesson: as ever
    controller.membershipChanged(membership(lesson({ micsLocked: true })));
    expect(controller.mayUnmute()).toBe(false);
    expect(seen.notices).toEqual(['Raise your hand to speak (press H).']);
    connection.deliver('lesson:state', lesson({ micsLocked: true, floor: 'me' }));
    expect(controller.mayUnmute()).toBe(true); // the floor is ours
    connection.deliver('lesson:state', lesson({ micsLocked: false }));
    expect(controller.mayUnmute()).toBe(true);
  });

  it('lets a teacher turn the microphone on whatever the lesson says', () => {
    const { controller } = setup({ teacher: true, micOn: false });
    controller.membershipChanged(membership(lesson({ micsLocked: true })));
    expect(controller.mayUnmute()).toBe(true);
  });

  it('a microphone the server refused (MIC_LOCKED) goes back off, with the way to speak', () => {
    const { connection, controller, mic, seen, notice } = setup();
    controller.membershipChanged(membership(lesson({ micsLocked: true })));
    connection.deliver('protocol:error', {
      code: MessageError.MIC_LOCKED,
      reason: 'MIC_LOCKED',
      message: 'no',
      event: 'media:state',
    });
    expect(mic.on).toBe(false);
    expect(seen.notices).toEqual(['Raise your hand to speak (press H).']);
    // Other refusals are not the lesson's business.
    mic.on = true;
    connection.deliver('protocol:error', {
      code: MessageError.RATE_LIMITED,
      reason: 'RATE_LIMITED',
      message: '',
    });
    expect(mic.on).toBe(true);
    // Given the floor, the microphone they wanted comes on.
    mic.on = false;
    notice({ roomId: 'room-1', kind: 'floor' });
    expect(mic.on).toBe(true);
  });
});

describe('LessonController: doors', () => {
  it('knocks at the locked door it was turned away from, and is let in: "Come in"', async () => {
    const { connection, controller, seen, notice } = setup();
    connection.answer = () => ({
      ok: true,
      lesson: lesson({ locked: true, knocking: [{ userId: 'me', name: 'Me', at: 1 }] }),
    });
    controller.setDoor(door);
    expect(await controller.knock()).toBe(true);
    expect(connection.requests).toEqual([{ event: 'lesson:knock', payload: { roomId: 'room-1' } }]);
    expect(controller.snapshot.door).toEqual({ roomId: 'room-1', name: 'Room 1', knocking: true });
    expect(seen.calls).toEqual(['knocked room-1']);
    notice({ roomId: 'room-1', kind: 'admitted' });
    expect(seen.calls).toEqual(['knocked room-1', 'open room-1']);
    expect(seen.notices.at(-1)).toBe('Come in: a teacher let you into Room 1.');
    expect(controller.snapshot.door).toBeUndefined();
  });

  it('a door found unlocked when knocking, or heard unlocked while knocking, opens', async () => {
    const { connection, controller, seen } = setup();
    connection.answer = () => ({ ok: true, lesson: lesson({ locked: false }) });
    controller.setDoor(door);
    await controller.knock();
    expect(seen.calls).toEqual(['open room-1']);
    controller.setDoor(door);
    connection.deliver('lesson:state', lesson({ active: false }));
    expect(seen.calls).toEqual(['open room-1', 'open room-1']);
    expect(seen.notices.at(-1)).toBe('The door of Room 1 is open now: come in.');
  });

  it('turned away, the door stays shut and may be knocked at again', () => {
    const { controller, seen, notice } = setup();
    controller.setDoor(door);
    notice({ roomId: 'room-1', kind: 'declined' });
    expect(controller.snapshot.door?.knocking).toBe(false);
    expect(seen.notices).toEqual(['A teacher cannot let you into Room 1 right now.']);
    expect(seen.calls).toEqual([]);
  });

  it('a refused knock is said in words', async () => {
    const { connection, controller, seen } = setup();
    connection.answer = () => ({
      ok: false,
      error: { code: MessageError.NOT_AT_DOOR, reason: 'NOT_AT_DOOR', message: 'walk up' },
    });
    controller.setDoor(door);
    expect(await controller.knock()).toBe(false);
    expect(seen.notices).toEqual(['Walk up to the door of Room 1 to knock.']);
  });

  it('removed by a teacher: the room shuts for the lesson', () => {
    const { controller, seen, notice } = setup();
    controller.membershipChanged(membership(lesson()));
    notice({ roomId: 'room-1', kind: 'removed' });
    expect(seen.calls).toEqual(['removed room-1']);
    expect(seen.notices).toEqual(['A teacher removed you from the lesson in Room 1.']);
  });
});

describe('LessonController: requests', () => {
  it("sends a teacher's action for the room they are in and takes the lesson from the answer", async () => {
    const { connection, controller } = setup({ teacher: true });
    controller.membershipChanged(membership(lesson()));
    connection.answer = (_event, payload) => ({
      ok: true,
      lesson: lesson({ locked: payload.locked === true }),
    });
    expect(await controller.lock(true)).toBe(true);
    expect(connection.requests.at(-1)).toEqual({
      event: 'lesson:teach',
      payload: { action: 'lock', locked: true, roomId: 'room-1' },
    });
    expect(controller.current?.locked).toBe(true);
    await controller.muteAll(true);
    await controller.stage(null);
    expect(connection.requests.slice(1).map((r) => r.payload)).toEqual([
      { action: 'mute-all', allowUnmute: true, roomId: 'room-1' },
      { action: 'stage', userId: null, roomId: 'room-1' },
    ]);
  });

  it('a refusal or no answer becomes a short sentence, and nothing changes', async () => {
    const { connection, controller, seen } = setup();
    controller.membershipChanged(membership(lesson()));
    connection.answer = () => ({
      ok: false,
      error: { code: MessageError.NOT_A_TEACHER, reason: 'NOT_A_TEACHER', message: 'only a teacher' },
    });
    expect(await controller.remove('ada')).toBe(false);
    connection.answer = () => new RequestFailed('lesson:teach', 'timeout');
    expect(await controller.end()).toBe(false);
    expect(seen.notices).toEqual([
      'Only a teacher can do that.',
      'No answer from the campus server. Try again in a moment.',
    ]);
    expect(controller.current?.active).toBe(true);
  });

  it('outside a room, a teacher is told to walk in first and nothing is sent', async () => {
    const { connection, controller, seen } = setup({ teacher: true });
    expect(await controller.lock(true)).toBe(false);
    expect(connection.requests).toEqual([]);
    expect(seen.notices).toEqual(['Walk into a classroom to teach in it.']);
  });

  it('raises the hand when it is down and lowers it when it is up', async () => {
    const { connection, controller } = setup();
    controller.membershipChanged(membership(lesson()));
    connection.answer = (_event, payload) => ({
      ok: true,
      lesson: lesson({ hands: payload.raised ? ['ada', 'me'] : ['ada'] }),
    });
    await controller.toggleHand();
    expect(controller.current?.hands).toEqual(['ada', 'me']);
    await controller.toggleHand();
    expect(connection.requests.map((r) => r.payload)).toEqual([
      { roomId: 'room-1', raised: true },
      { roomId: 'room-1', raised: false },
    ]);
  });

  it('downloads the register under a dated file name', async () => {
    const { connection, controller } = setup({ teacher: true });
    controller.membershipChanged(membership(lesson()));
    const rows = [{ userId: 'ada', name: 'Ada', from: 1 }];
    connection.answer = () => ({ ok: true, roomId: 'room-1', rows, csv: 'name,user id\r\n' });
    const register = await controller.downloadRegister();
    expect(register?.rows).toEqual(rows);
    expect(register?.csv).toBe('name,user id\r\n');
    expect(register?.fileName).toMatch(/^register-room-1-\d{4}-\d{2}-\d{2}\.csv$/);
  });

  it('announces, and hands every announcement that arrives to its listeners', async () => {
    const { connection, controller, seen } = setup({ teacher: true });
    connection.answer = () => ({ ok: true, id: 'a1', at: 1 });
    expect(await controller.announce('Lecture in Room 1 at 3')).toBe(true);
    expect(connection.requests).toEqual([{ event: 'announce', payload: { text: 'Lecture in Room 1 at 3' } }]);
    expect(seen.notices).toEqual(['Announced to everyone on the campus.']);
    const heard: string[] = [];
    controller.onAnnouncement((a) => heard.push(a.text));
    connection.deliver('announcement', { id: 'a1', from: 'me', fromName: 'Me', text: 'Lecture', at: 1 });
    expect(heard).toEqual(['Lecture']);
  });
});
