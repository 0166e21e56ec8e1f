import { describe, expect, it } from 'vitest';
import type { LessonView } from '@campus/protocol';
import type { LessonSnapshot } from './LessonController';
import { lessonViewModel } from './lessonViewModel';

const NAMES: Record<string, string> = { t: 'Ms. Rivera', ada: 'Ada', bo: 'Bo', cy: 'Cy' };
const names = (userId: string): string | undefined => NAMES[userId];
const room = { roomId: 'room-1', name: 'Room 1', members: ['t', 'ada', 'bo', 'cy'] };

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

function model(snapshot: Partial<LessonSnapshot>, selfId: string, isTeacher = selfId === 't') {
  return lessonViewModel({
    snapshot: { room: undefined, view: undefined, door: undefined, ...snapshot },
    selfId,
    isTeacher,
    names,
  });
}

describe('lessonViewModel: when the panel shows', () => {
  it.each([
    ['outside, no locked door', {}, 'ada', false, false],
    [
      'outside, at a locked door',
      { door: { roomId: 'room-1', name: 'Room 1', knocking: false } },
      'ada',
      false,
      true,
    ],
    ['a student in a room without a lesson', { room, view: lesson({ active: false }) }, 'ada', false, false],
    ['a student in a lesson', { room, view: lesson() }, 'ada', false, true],
    ['a teacher in a room without a lesson', { room, view: lesson({ active: false }) }, 't', true, true],
    ['a teacher before the server told the lesson', { room }, 't', true, true],
  ] as const)('%s → shown %s', (_what, snapshot, selfId, isTeacher, visible) => {
    expect(model(snapshot, selfId, isTeacher).visible).toBe(visible);
  });
});

describe('lessonViewModel for a student', () => {
  it.each([
    // hands, floor → the hand button and the line under it
    [[], null, 'Raise hand', ''],
    [['ada'], null, 'Lower hand', 'You are 1st in line'],
    [['bo', 'ada', 'cy'], null, 'Lower hand', 'You are 2nd in line'],
    [['bo', 'cy'], 'ada', 'Raise hand', ''],
  ] as const)('hands %j, floor %s → %s, "%s"', (hands, floor, label, place) => {
    const m = model({ room, view: lesson({ hands: [...hands], floor }) }, 'ada');
    expect(m.hand).toEqual({ raised: hands.includes('ada' as never), label, place });
    expect(m.teacher).toBeUndefined();
  });

  it('says who has the floor, and that microphones are off for everyone else', () => {
    const bo = model({ room, view: lesson({ micsLocked: true, floor: 'ada', locked: true }) }, 'bo');
    expect(bo.floorText).toBe('Ada has the floor');
    expect(bo.micNote).toBe('The teacher keeps microphones off: raise your hand to speak.');
    expect(bo.status).toEqual(['Door locked', 'Microphones off']);
    expect(bo.title).toBe('Lesson in Room 1 · Ms. Rivera');
    const ada = model({ room, view: lesson({ micsLocked: true, floor: 'ada' }) }, 'ada');
    expect(ada.floorText).toBe('You have the floor: go ahead and speak');
    expect(ada.micNote).toBeUndefined();
  });

  it.each([
    [false, 'Room 1 is locked for a lesson.', 'Knock'],
    [true, 'You knocked at Room 1. A teacher will let you in or not.', 'Knock again'],
  ])('at a locked door, knocking %s → "%s", %s', (knocking, text, knockLabel) => {
    const m = model({ door: { roomId: 'room-1', name: 'Room 1', knocking } }, 'ada');
    expect(m.door).toEqual({ roomId: 'room-1', text, knockLabel, knocking });
    expect(m.hand).toBeUndefined();
  });
});

describe('lessonViewModel for a teacher', () => {
  it('lists the knocks, the hands in order with their places, and the room with who holds what', () => {
    const view = lesson({
      locked: true,
      micsLocked: true,
      enterMuted: true,
      hands: ['cy', 'bo'],
      floor: 'ada',
      stage: 't',
      knocking: [{ userId: 'dee', name: 'Dee', at: 1 }],
    });
    const t = model({ room, view }, 't').teacher!;
    expect(t).toMatchObject({ active: true, locked: true, micsLocked: true, enterMuted: true });
    expect(t.knocking).toEqual([{ userId: 'dee', name: 'Dee' }]);
    expect(t.hands).toEqual([
      { userId: 'cy', name: 'Cy', place: '1st' },
      { userId: 'bo', name: 'Bo', place: '2nd' },
    ]);
    expect(t.floor).toEqual({ userId: 'ada', name: 'Ada' });
    expect(t.stage).toEqual({ userId: 't', name: 'You' });
    // Ourselves first, then by name; nobody may remove themselves.
    expect(t.people).toEqual([
      { userId: 't', name: 'You', self: true, hand: false, floor: false, staged: true, removable: false },
      { userId: 'ada', name: 'Ada', self: false, hand: false, floor: true, staged: false, removable: true },
      { userId: 'bo', name: 'Bo', self: false, hand: true, floor: false, staged: false, removable: true },
      { userId: 'cy', name: 'Cy', self: false, hand: true, floor: false, staged: false, removable: true },
    ]);
  });

  it('after the lesson ended: nothing is locked, muted, staged or knocking; any action starts a new one', () => {
    const view = lesson({ active: false, locked: true, micsLocked: true, stage: 'ada', hands: ['bo'] });
    const m = model({ room, view }, 't');
    expect(m.title).toBe('Room 1');
    expect(m.status).toEqual([]);
    expect(m.teacher).toMatchObject({ active: false, locked: false, micsLocked: false, stage: undefined });
    // Hands outlive a lesson (anyone in a room may raise one).
    expect(m.teacher!.hands.map((h) => h.userId)).toEqual(['bo']);
  });

  it('names a knocker the roster does not know by the name their knock carries', () => {
    const view = lesson({ knocking: [{ userId: 'zed', name: 'Zed', at: 1 }], hands: ['zed'] });
    expect(model({ room, view }, 't').teacher!.hands[0]!.name).toBe('Zed');
  });
});
