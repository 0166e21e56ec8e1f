import type { LessonSnapshot } from './LessonController';
import { ordinal } from './lessonText';

export interface LessonModelInput {
  snapshot: LessonSnapshot;
  selfId: string;
  isTeacher: boolean;
  /** Someone's name as this page knows it (the roster, or the knock that carried it). */
  names: (userId: string) => string | undefined;
}

/** One person in the teacher's list of the room. */
export interface PersonRow {
  userId: string;
  name: string;
  self: boolean;
  hand: boolean;
  floor: boolean;
  staged: boolean;
  /** A teacher may remove anyone but themselves. */
  removable: boolean;
}

/** What only a teacher sees: the door, the microphones, the queues and the room. */
export interface TeacherModel {
  /** False once the lesson ended (or before one started): any action starts one. */
  active: boolean;
  locked: boolean;
  micsLocked: boolean;
  enterMuted: boolean;
  knocking: Array<{ userId: string; name: string }>;
  /** Raised hands, first raised first, with their place ("1st"). */
  hands: Array<{ userId: string; name: string; place: string }>;
  people: PersonRow[];
  /** Whom the stage and the floor hold, by name. */
  stage: { userId: string; name: string } | undefined;
  floor: { userId: string; name: string } | undefined;
}

/** What the lesson panel shows: a plain function of the lesson, so it is tested without a page. */
export interface LessonModel {
  visible: boolean;
  title: string;
  /** Chips for how the room stands: "Door locked", "Microphones off"… */
  status: string[];
  /** The locked door we were turned away from, where one may knock. */
  door: { roomId: string; text: string; knockLabel: string; knocking: boolean } | undefined;
  /** A student's own hand, and their place in the queue ("You are 2nd in line"), or '' out of it. */
  hand: { raised: boolean; label: string; place: string } | undefined;
  /** Who may speak while microphones are off, for everyone to see. */
  floorText: string | undefined;
  /** A line for a student while microphones are off. */
  micNote: string | undefined;
  teacher: TeacherModel | undefined;
}

export function lessonViewModel({ snapshot, selfId, isTeacher, names }: LessonModelInput): LessonModel {
  const { room, view, door } = snapshot;
  const nameOf = (userId: string): string =>
    userId === selfId
      ? 'You'
      : (names(userId) ?? view?.knocking.find((k) => k.userId === userId)?.name ?? 'Someone');
  // A lesson that ended (or never started) holds nothing but its hands.
  const lesson = view?.active ? view : undefined;
  const doorModel = door && {
    roomId: door.roomId,
    text: door.knocking
      ? `You knocked at ${door.name}. A teacher will let you in or not.`
      : `${door.name} is locked for a lesson.`,
    knockLabel: door.knocking ? 'Knock again' : 'Knock',
    knocking: door.knocking,
  };
  if (!room) {
    return {
      visible: !!doorModel,
      title: door?.name ?? '',
      status: doorModel ? ['Door locked'] : [],
      door: doorModel,
      hand: undefined,
      floorText: undefined,
      micNote: undefined,
      teacher: undefined,
    };
  }
  const status: string[] = [];
  if (lesson?.locked) status.push('Door locked');
  if (lesson?.micsLocked) status.push('Microphones off');
  if (lesson?.enterMuted) status.push('Students come in muted');
  const floor = lesson?.floor ?? undefined;
  const handIndex = lesson?.hands.indexOf(selfId) ?? -1;
  const hand =
    lesson && !isTeacher
      ? {
          raised: handIndex >= 0,
          label: handIndex >= 0 ? 'Lower hand' : 'Raise hand',
          place: floor === selfId ? '' : handIndex >= 0 ? `You are ${ordinal(handIndex + 1)} in line` : '',
        }
      : undefined;
  const floorText = floor
    ? floor === selfId
      ? 'You have the floor: go ahead and speak'
      : `${nameOf(floor)} has the floor`
    : undefined;
  const micNote =
    lesson?.micsLocked && !isTeacher && floor !== selfId
      ? 'The teacher keeps microphones off: raise your hand to speak.'
      : undefined;
  const teacher = lesson?.teacher;
  const taughtBy = teacher ? ` · ${teacher.userId === selfId ? 'you teach' : teacher.name}` : '';
  const title = lesson ? `Lesson in ${room.name}${taughtBy}` : room.name;
  return {
    visible: !!lesson || isTeacher,
    title,
    status,
    door: doorModel,
    hand,
    floorText,
    micNote,
    teacher: isTeacher ? teacherModel(snapshot, selfId, nameOf) : undefined,
  };
}

function teacherModel(
  { room, view }: LessonSnapshot,
  selfId: string,
  nameOf: (userId: string) => string,
): TeacherModel {
  const lesson = view?.active ? view : undefined;
  const hands = view?.hands ?? [];
  const stage = lesson?.stage ?? undefined;
  const floor = lesson?.floor ?? undefined;
  // Ourselves first, then the others by name.
  const members = [...(room?.members ?? [])].sort((a, b) =>
    a === selfId ? -1 : b === selfId ? 1 : nameOf(a).localeCompare(nameOf(b)),
  );
  return {
    active: !!lesson,
    locked: !!lesson?.locked,
    micsLocked: !!lesson?.micsLocked,
    enterMuted: !!lesson?.enterMuted,
    knocking: (lesson?.knocking ?? []).map((k) => ({ userId: k.userId, name: k.name })),
    hands: hands.map((userId, i) => ({ userId, name: nameOf(userId), place: ordinal(i + 1) })),
    people: members.map((userId) => ({
      userId,
      name: nameOf(userId),
      self: userId === selfId,
      hand: hands.includes(userId),
      floor: userId === floor,
      staged: userId === stage,
      removable: userId !== selfId,
    })),
    stage: stage ? { userId: stage, name: nameOf(stage) } : undefined,
    floor: floor ? { userId: floor, name: nameOf(floor) } : undefined,
  };
}
