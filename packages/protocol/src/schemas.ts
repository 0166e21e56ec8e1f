import { z } from 'zod';
import { RoomId, UserId } from './ids';
import { AnnounceRequest, LessonHand, LessonTeach } from './lesson';
import { FileOffer, FileRequest } from './files';
import { ScreenCommand } from './screen';
import { Limits } from './limits';

export { RoomId, UserId };

/** The looks an avatar can have; the client's spritesheet has one block of rows per look, in this order. */
export const AVATAR_LOOKS = ['sky', 'rose', 'moss', 'sun', 'plum', 'ink'] as const;
export const AvatarLook = z.enum(AVATAR_LOOKS);
export type AvatarLook = z.infer<typeof AvatarLook>;

export const DIRECTIONS = ['down', 'left', 'right', 'up'] as const;
export const Direction = z.enum(DIRECTIONS);
export type Direction = z.infer<typeof Direction>;

export const STATUSES = ['available', 'busy', 'away', 'dnd'] as const;
export const Status = z.enum(STATUSES);
export type Status = z.infer<typeof Status>;

const coordinate = z.number().min(-Limits.COORD_ABS_MAX).max(Limits.COORD_ABS_MAX);

export const Point = z.strictObject({ x: coordinate, y: coordinate });
export type Point = z.infer<typeof Point>;

// Control characters and bidi overrides make names that lie about who is speaking.
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

export const DisplayName = z
  .string()
  .trim()
  .min(1)
  .max(Limits.NAME_MAX)
  .refine((s) => !UNPRINTABLE.test(s), { message: 'name contains control characters' });
export type DisplayName = z.infer<typeof DisplayName>;

export const Appearance = z.strictObject({ look: AvatarLook });
export type Appearance = z.infer<typeof Appearance>;

/** What others see of a user, apart from where they stand. */
export const Profile = z.strictObject({ name: DisplayName, appearance: Appearance, status: Status });
export type Profile = z.infer<typeof Profile>;

// ---- client → server ----

/**
 * The browser's identity secret: 32 random bytes, base64url. It never leaves the handshake; others only ever see the
 * public user id the server derives from it.
 */
export const IdentitySecret = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'secret must be 32 bytes in base64url');
export type IdentitySecret = z.infer<typeof IdentitySecret>;

/** Handshake `auth` sent with the Socket.IO connection: the protocol version, then who this is. */
export const Handshake = z.object({ protocolVersion: z.number().int(), secret: z.unknown().optional() });
export type Handshake = z.infer<typeof Handshake>;

/** `join`: enter the world with a profile. Answered through the ack with a JoinReply. */
export const JoinRequest = z.strictObject({
  name: DisplayName,
  appearance: Appearance,
  /**
   * Where this client last had its avatar, to come back there after a reconnect. The server uses it only when it is
   * plausible: near where it expects (as far as the avatar could have walked since), or, with no record of the user,
   * anywhere walkable in the server's first minute (it restarted); otherwise the user starts at a spawn point.
   */
  resume: z.strictObject({ position: Point, direction: Direction }).optional(),
});
export type JoinRequest = z.infer<typeof JoinRequest>;

/**
 * `move`: sent only when movement changes (start, turn, stop), never per frame.
 * `position` is where the new stroke starts; `startedAt` is the sender's estimate of the server clock at that
 * moment, so observers can place the avatar without waiting for the next message.
 */
export const MoveMessage = z.strictObject({
  position: Point,
  direction: Direction,
  isMoving: z.boolean(),
  startedAt: z.number().nonnegative().optional(),
});
export type MoveMessage = z.infer<typeof MoveMessage>;

/** `profile`: change any of name, look and status. */
export const ProfileUpdate = z
  .strictObject({
    name: DisplayName.optional(),
    appearance: Appearance.optional(),
    status: Status.optional(),
  })
  .refine((u) => u.name !== undefined || u.appearance !== undefined || u.status !== undefined, {
    message: 'profile update changes nothing',
  });
export type ProfileUpdate = z.infer<typeof ProfileUpdate>;

export const CHAT_SCOPES = ['nearby', 'room', 'direct'] as const;
export const ChatScope = z.enum(CHAT_SCOPES);
export type ChatScope = z.infer<typeof ChatScope>;

/**
 * `chat:send`: a message to the people nearby, to the sender's classroom, or to one user. `id` is chosen by the sender
 * so a retry is recognisably the same message. Answered through the ack with a ChatSendReply.
 */
export const ChatSend = z
  .discriminatedUnion('scope', [
    z.strictObject({
      id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
      scope: z.literal('nearby'),
      text: z.string(),
    }),
    z.strictObject({
      id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
      scope: z.literal('room'),
      text: z.string(),
    }),
    z.strictObject({
      id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
      scope: z.literal('direct'),
      to: UserId,
      text: z.string(),
    }),
  ])
  .superRefine((m, ctx) => {
    const trimmed = m.text.trim();
    if (trimmed.length === 0) ctx.addIssue({ code: 'custom', path: ['text'], message: 'message is empty' });
    if (m.text.length > Limits.CHAT_TEXT_MAX) {
      ctx.addIssue({
        code: 'custom',
        path: ['text'],
        message: `message is longer than ${Limits.CHAT_TEXT_MAX} characters`,
      });
    }
  });
export type ChatSend = z.infer<typeof ChatSend>;

/**
 * `media:state`: whether this user's microphone and camera are on, for the others' bubbles, and whether they are
 * sharing their screen with the classroom they are in (only a classroom member may say so).
 */
export const MediaState = z.strictObject({
  mic: z.boolean(),
  cam: z.boolean(),
  screen: z.boolean().optional(),
  /** Among a crowd: this person's proximity links go through the SFU (docs/media.md). */
  crowd: z.boolean().optional(),
});
export type MediaState = z.infer<typeof MediaState>;

/** `media:register`, `media:ice` and `media:sfu`: no payload; answered through the ack. */
export const MediaRequest = z.null().optional();

/** `room:enter`, `room:leave`, `room:token`: a classroom, by the `roomId` its map area carries. */
export const RoomRequest = z.strictObject({ roomId: RoomId });
export type RoomRequest = z.infer<typeof RoomRequest>;

/** `clock`: no payload; the ack returns the server's clock so the client can estimate its offset. */
export const ClockRequest = z.null().optional(); // Socket.IO sends undefined as null

/**
 * `presence:watch`: the users whose presence this user wants to hear of wherever they are (their direct-message
 * partners), replacing any earlier list. Everyone else is heard of only within the area of interest.
 */
export const PresenceWatch = z.strictObject({ userIds: z.array(UserId).max(Limits.WATCH_MAX) });
export type PresenceWatch = z.infer<typeof PresenceWatch>;

/**
 * `role:claim`: a teacher link's token (the `teacher` parameter of the link the campus's admin made), which binds the
 * teacher role to this visitor's identity for good; the role itself is never a payload.
 */
export const RoleClaim = z.strictObject({ token: z.string().min(1).max(Limits.TEACHER_TOKEN_MAX) });
export type RoleClaim = z.infer<typeof RoleClaim>;

/** The schema for every event a client may send, by event name. */
export const clientMessageSchemas = {
  join: JoinRequest,
  move: MoveMessage,
  profile: ProfileUpdate,
  clock: ClockRequest,
  'chat:send': ChatSend,
  'media:register': MediaRequest,
  'media:ice': MediaRequest,
  'media:state': MediaState,
  'media:sfu': MediaRequest,
  'room:enter': RoomRequest,
  'room:leave': RoomRequest,
  'room:token': RoomRequest,
  'presence:watch': PresenceWatch,
  'role:claim': RoleClaim,
  'lesson:teach': LessonTeach,
  'lesson:hand': LessonHand,
  'lesson:knock': RoomRequest,
  'lesson:register': RoomRequest,
  announce: AnnounceRequest,
  'screen:command': ScreenCommand,
  'file:offer': FileOffer,
  'file:accept': FileRequest,
  'file:decline': FileRequest,
  'file:cancel': FileRequest,
} as const;
export type ClientEventName = keyof typeof clientMessageSchemas;

/** True when `name` is an event a client may send. */
export function isClientEventName(name: string): name is ClientEventName {
  return Object.hasOwn(clientMessageSchemas, name);
}
