import { z } from 'zod';
import type { ProtocolErrorBody } from './events';
import { Limits } from './limits';
import { RoomId, UserId } from './ids';

const roomId = RoomId;

/**
 * `lesson:teach`: what a teacher standing in a room does to its lesson (docs/teaching.md). The server takes the
 * teacher's identity from the connection and checks the role; a student's attempt is refused with NOT_A_TEACHER.
 */
export const LessonTeach = z.discriminatedUnion('action', [
  /** Locks or unlocks the door: a locked door lets in only teachers and whom a teacher admits. */
  z.strictObject({ action: z.literal('lock'), roomId, locked: z.boolean() }),
  /**
   * Turns every student's microphone off. With `allowUnmute` they may turn it back on at once; without, only when the
   * teacher gives them the floor or lifts the mute (`unmute-all`).
   */
  z.strictObject({ action: z.literal('mute-all'), roomId, allowUnmute: z.boolean() }),
  /** Lets students turn their microphones back on (it turns none on). */
  z.strictObject({ action: z.literal('unmute-all'), roomId }),
  /** Students who come in from now on start with their microphone off. */
  z.strictObject({ action: z.literal('enter-muted'), roomId, on: z.boolean() }),
  /** Lets a knocking visitor in, or sends them away. */
  z.strictObject({ action: z.literal('admit'), roomId, userId: UserId }),
  z.strictObject({ action: z.literal('decline'), roomId, userId: UserId }),
  /** Removes a member from the room for the rest of the lesson. */
  z.strictObject({ action: z.literal('remove'), roomId, userId: UserId }),
  /** Puts a member (the teacher included) on the stage, shown large to everyone in the room; null clears it. */
  z.strictObject({ action: z.literal('stage'), roomId, userId: UserId.nullable() }),
  /** Gives a member the floor (their hand comes down, and they may speak even while the room is muted); null ends it. */
  z.strictObject({ action: z.literal('floor'), roomId, userId: UserId.nullable() }),
  /** Lowers someone's hand. */
  z.strictObject({ action: z.literal('lower-hand'), roomId, userId: UserId }),
  /** Ends the lesson: the door unlocks, hands, mutes, stage and removals are cleared; the register is kept. */
  z.strictObject({ action: z.literal('end'), roomId }),
]);
export type LessonTeach = z.infer<typeof LessonTeach>;
export type LessonAction = LessonTeach['action'];

/** `lesson:hand`: raises or lowers the sender's own hand in the room they are in. */
export const LessonHand = z.strictObject({ roomId, raised: z.boolean() });
export type LessonHand = z.infer<typeof LessonHand>;

/** `announce`: a teacher's short campus-wide announcement. */
export const AnnounceRequest = z.strictObject({
  text: z
    .string()
    .transform((s) => s.trim())
    .pipe(z.string().min(1, 'say something').max(Limits.ANNOUNCEMENT_MAX)),
});
export type AnnounceRequest = z.infer<typeof AnnounceRequest>;

/** Someone at a locked door, asking to come in. */
export interface Knock {
  userId: string;
  name: string;
  /** Server clock, ms. */
  at: number;
}

/** A room's lesson as its members (and whoever knocks at its door) see it. */
export interface LessonView {
  roomId: string;
  /** True from when a teacher walks in until a teacher ends the lesson. */
  active: boolean;
  /** The teacher who started the lesson. */
  teacher?: { userId: string; name: string };
  locked: boolean;
  /** Students come in with their microphone off. */
  enterMuted: boolean;
  /** Students may not turn their microphone on (unless they have the floor). */
  micsLocked: boolean;
  /** Counts the teacher's "mute all"s: each turns every student's microphone off once. */
  muteRound: number;
  /** Shown large to everyone in the room. */
  stage: string | null;
  /** May speak even while microphones are locked, and is highlighted. */
  floor: string | null;
  /** Raised hands, first raised first. */
  hands: string[];
  /** Who is knocking, first first. */
  knocking: Knock[];
}

/** One stretch of one person's time in a room during a lesson. */
export interface RegisterRow {
  userId: string;
  name: string;
  /** Server clock, ms. */
  from: number;
  /** Still in the room when undefined. */
  to?: number;
}

/** Something the lesson did to this one person, for the client to act on and say. */
export type LessonNotice =
  | { roomId: string; kind: 'admitted' | 'declined' | 'removed' | 'ended' }
  /** A teacher turned this student's microphone off; `locked`: it may not be turned on again for now. */
  | { roomId: string; kind: 'muted'; locked: boolean }
  /** A teacher gave this student the floor. */
  | { roomId: string; kind: 'floor' };

/** A teacher's campus-wide announcement. */
export interface Announcement {
  id: string;
  from: string;
  fromName: string;
  text: string;
  /** Server clock, ms. */
  at: number;
}

type Reply<T> = ({ ok: true } & T) | { ok: false; error: ProtocolErrorBody };
export type LessonReply = Reply<{ lesson: LessonView }>;
export type KnockReply = Reply<{ lesson: LessonView }>;
export type RegisterReply = Reply<{ roomId: string; rows: RegisterRow[]; csv: string }>;
export type AnnounceReply = Reply<{ id: string; at: number }>;
