import {
  MessageError,
  type Knock,
  type LessonNotice,
  type LessonTeach,
  type LessonView,
  type RegisterRow,
} from '@campus/protocol';
import { RoomError } from '../RoomError';

/** A room's lesson as the server keeps it: what its members see, and what only the server needs. */
export interface LessonRecord extends Omit<LessonView, 'roomId'> {
  /** Bumped by every change: the shared store writes a change only over the version it was made from. */
  version: number;
  /** Let in by a teacher while the door is locked; used up when they walk in. */
  admitted: string[];
  /** Removed by a teacher: they may not come back in until the lesson ends. */
  removed: string[];
  register: RegisterRow[];
  startedAt?: number;
  endedAt?: number;
}

/**
 * What one change to a lesson does: the record after it, and the one-off news for one person that the record alone
 * does not tell (let in, turned away, given the floor). What follows from the record (removed, muted, ended) each
 * node works out by comparing records, so it holds even for a node that missed a change.
 */
export interface LessonChange {
  record: LessonRecord;
  notices: Array<{ userId: string; notice: LessonNotice }>;
}

/** Coming back within this long (a reload, a blip at the door) continues one's register row instead of opening one. */
export const REJOIN_MS = 60_000;
/** A knock nobody answers is forgotten after this long. */
export const KNOCK_TTL_MS = 120_000;
/** How long a lesson's register is kept after the lesson ends (docs/teaching.md). */
export const REGISTER_KEPT_MS = 12 * 60 * 60 * 1000;

/** Who is acting, and on what the room holds now (the rules check targets against it). */
export interface LessonContext {
  now: number;
  actor: { userId: string; name: string };
  /** The room's members, with their names. */
  members: ReadonlyMap<string, string>;
}

export function emptyLesson(): LessonRecord {
  return {
    version: 0,
    active: false,
    locked: false,
    enterMuted: false,
    micsLocked: false,
    muteRound: 0,
    stage: null,
    floor: null,
    hands: [],
    knocking: [],
    admitted: [],
    removed: [],
    register: [],
  };
}

/** The record with one more version: every change goes through here. */
function next(record: LessonRecord, patch: Partial<LessonRecord>): LessonRecord {
  return { ...record, ...patch, version: record.version + 1 };
}

/** What members see of a lesson: knocks that went stale are left out. */
export function viewOf(roomId: string, record: LessonRecord | undefined, now: number): LessonView {
  const r = record ?? emptyLesson();
  return {
    roomId,
    active: r.active,
    ...(r.teacher ? { teacher: r.teacher } : {}),
    locked: r.locked,
    enterMuted: r.enterMuted,
    micsLocked: r.micsLocked,
    muteRound: r.muteRound,
    stage: r.stage,
    floor: r.floor,
    hands: [...r.hands],
    knocking: r.knocking.filter((k) => now - k.at < KNOCK_TTL_MS),
  };
}

/**
 * A teacher walked in (or acted) where no lesson runs: one starts, with everyone in the room on its register. The
 * register of a lesson that ended is kept until the next one starts.
 */
export function begin(record: LessonRecord | undefined, context: LessonContext): LessonRecord {
  const r = record ?? emptyLesson();
  if (r.active) return r;
  const { now, actor, members } = context;
  return next(r, {
    ...emptyLesson(),
    active: true,
    teacher: actor,
    startedAt: now,
    register: [...members].map(([userId, name]) => ({ userId, name, from: now })),
  });
}

/** Why `userId` may not walk in now (thrown as a coded refusal), or nothing when they may. */
export function checkEntry(
  record: LessonRecord | undefined,
  userId: string,
  isTeacher: boolean,
  now: number,
): void {
  if (!record?.active || isTeacher) return;
  if (record.removed.includes(userId)) {
    throw new RoomError(MessageError.REMOVED_FROM_LESSON, 'a teacher removed you from this lesson');
  }
  // Someone who was in the lesson and stepped out less than REJOIN_MS ago (a reload, a step through the door) comes
  // back in without knocking, as their register row goes on.
  const last = record.register.filter((row) => row.userId === userId).at(-1);
  const steppedOut = last?.to !== undefined && now - last.to < REJOIN_MS;
  if (record.locked && !record.admitted.includes(userId) && !steppedOut) {
    throw new RoomError(
      MessageError.ROOM_LOCKED,
      'the door is locked for the lesson: knock to ask to come in',
    );
  }
}

/** True when `userId` may have their microphone on in this lesson. */
export function micAllowed(record: LessonRecord | undefined, userId: string, isTeacher: boolean): boolean {
  return !record?.active || isTeacher || !record.micsLocked || record.floor === userId;
}

/** Someone walked in during the lesson: on the register (continuing a row left moments ago), knock and pass used up. */
export function entered(record: LessonRecord, userId: string, name: string, now: number): LessonRecord {
  if (!record.active) return record;
  const register = [...record.register];
  let lastIndex = register.length - 1;
  while (lastIndex >= 0 && register[lastIndex]?.userId !== userId) lastIndex--;
  const last = register[lastIndex];
  if (last && last.to === undefined) {
    // Already in (a membership seen twice): nothing to add.
  } else if (last?.to !== undefined && now - last.to <= REJOIN_MS) {
    register[lastIndex] = { userId, name, from: last.from };
  } else {
    register.push({ userId, name, from: now });
  }
  return next(record, {
    register,
    knocking: record.knocking.filter((k) => k.userId !== userId),
    admitted: record.admitted.filter((id) => id !== userId),
  });
}

/**
 * Someone left the room: their register row closes, their hand comes down, the floor and stage let go of them (hands
 * are kept between lessons too: anyone in a room may raise one).
 */
export function left(record: LessonRecord, userId: string, now: number): LessonRecord {
  const involved =
    record.hands.includes(userId) ||
    record.floor === userId ||
    record.stage === userId ||
    (record.active && record.register.some((row) => row.userId === userId && row.to === undefined));
  if (!involved) return record;
  return next(record, {
    register: record.register.map((row) =>
      row.userId === userId && row.to === undefined ? { ...row, to: now } : row,
    ),
    hands: record.hands.filter((id) => id !== userId),
    floor: record.floor === userId ? null : record.floor,
    stage: record.stage === userId ? null : record.stage,
  });
}

/** The lesson ends: everything but the register is cleared, and every row still open is closed. */
export function end(record: LessonRecord, now: number): LessonRecord {
  return next(record, {
    ...emptyLesson(),
    register: record.register.map((row) => (row.to === undefined ? { ...row, to: now } : row)),
    ...(record.startedAt !== undefined ? { startedAt: record.startedAt } : {}),
    endedAt: now,
  });
}

/** Raises or lowers a member's own hand; raising twice keeps one's place. */
export function hand(record: LessonRecord, userId: string, raised: boolean): LessonRecord {
  const has = record.hands.includes(userId);
  if (raised === has) return record;
  return next(record, {
    hands: raised ? [...record.hands, userId] : record.hands.filter((id) => id !== userId),
  });
}

/** Someone at the locked door asks to come in; knocking again keeps one's place. */
export function knock(record: LessonRecord, userId: string, name: string, now: number): LessonRecord {
  if (record.removed.includes(userId)) {
    throw new RoomError(MessageError.REMOVED_FROM_LESSON, 'a teacher removed you from this lesson');
  }
  const fresh = record.knocking.filter((k) => now - k.at < KNOCK_TTL_MS && k.userId !== userId);
  const mine: Knock = record.knocking.find((k) => k.userId === userId && now - k.at < KNOCK_TTL_MS) ?? {
    userId,
    name,
    at: now,
  };
  return next(record, { knocking: [...fresh, mine].sort((a, b) => a.at - b.at) });
}

/** A knocker who walked away or left the campus: their knock is withdrawn. */
export function withdrawKnock(record: LessonRecord, userId: string): LessonRecord {
  if (!record.knocking.some((k) => k.userId === userId)) return record;
  return next(record, { knocking: record.knocking.filter((k) => k.userId !== userId) });
}

function requireMember(context: LessonContext, userId: string): void {
  if (!context.members.has(userId)) {
    throw new RoomError(MessageError.NOT_IN_LESSON, 'that person is not in this room');
  }
}

/**
 * A teacher's action on an active lesson (the caller has checked the role and started the lesson). Throws a coded
 * refusal for an action on someone who is not there (or not knocking).
 */
export function teach(record: LessonRecord, action: LessonTeach, context: LessonContext): LessonChange {
  const { roomId } = action;
  const none: LessonChange['notices'] = [];
  switch (action.action) {
    case 'lock':
      return {
        record: next(record, { locked: action.locked, ...(action.locked ? {} : { admitted: [] }) }),
        notices: none,
      };
    case 'mute-all':
      // Each student's node turns their microphone off when it sees the round go up (Lessons.enforce).
      return {
        record: next(record, { micsLocked: !action.allowUnmute, muteRound: record.muteRound + 1 }),
        notices: none,
      };
    case 'unmute-all':
      return { record: next(record, { micsLocked: false }), notices: none };
    case 'enter-muted':
      return { record: next(record, { enterMuted: action.on }), notices: none };
    case 'admit':
    case 'decline': {
      if (!record.knocking.some((k) => k.userId === action.userId && context.now - k.at < KNOCK_TTL_MS)) {
        throw new RoomError(MessageError.NOT_KNOCKING, 'nobody by that id is knocking');
      }
      const knocking = record.knocking.filter((k) => k.userId !== action.userId);
      const admitted =
        action.action === 'admit' ? [...new Set([...record.admitted, action.userId])] : record.admitted;
      return {
        record: next(record, { knocking, admitted }),
        notices: [
          {
            userId: action.userId,
            notice: { roomId, kind: action.action === 'admit' ? 'admitted' : 'declined' },
          },
        ],
      };
    }
    case 'remove': {
      requireMember(context, action.userId);
      if (action.userId === context.actor.userId) {
        throw new RoomError(MessageError.INVALID_PAYLOAD, 'a teacher cannot remove themselves');
      }
      const removed = [...new Set([...record.removed, action.userId])];
      // Their node takes them out when it sees them among the removed (Lessons.enforce).
      return { record: left({ ...record, removed }, action.userId, context.now), notices: none };
    }
    case 'stage':
      if (action.userId !== null) requireMember(context, action.userId);
      return { record: next(record, { stage: action.userId }), notices: none };
    case 'floor': {
      if (action.userId === null) return { record: next(record, { floor: null }), notices: none };
      requireMember(context, action.userId);
      return {
        record: next(record, {
          floor: action.userId,
          hands: record.hands.filter((id) => id !== action.userId),
        }),
        notices: [{ userId: action.userId, notice: { roomId, kind: 'floor' } }],
      };
    }
    case 'lower-hand':
      return { record: hand(record, action.userId, false), notices: none };
    case 'end':
      return { record: end(record, context.now), notices: none };
    default: {
      const unreachable: never = action;
      throw new Error(`unhandled lesson action ${JSON.stringify(unreachable)}`);
    }
  }
}

/** The register as a spreadsheet: one row per stretch in the room, times in ISO 8601 (UTC) and minutes. */
export function registerCsv(rows: readonly RegisterRow[], now: number): string {
  const lines = ['name,user id,from,to,minutes'];
  for (const row of rows) {
    const to = row.to ?? now;
    lines.push(
      [
        csvField(row.name),
        row.userId,
        new Date(row.from).toISOString(),
        row.to === undefined ? '' : new Date(row.to).toISOString(),
        ((to - row.from) / 60_000).toFixed(1),
      ].join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Quotes a field that needs it, and defuses a leading formula character (a spreadsheet would run it). */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
