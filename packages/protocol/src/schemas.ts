import { z } from 'zod';
import { Limits } from './limits';

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

/** Handshake `auth` sent with the Socket.IO connection. */
export const Handshake = z.strictObject({ protocolVersion: z.number().int() });
export type Handshake = z.infer<typeof Handshake>;

/** `join`: enter the world with a profile. Answered through the ack with a JoinReply. */
export const JoinRequest = z.strictObject({ name: DisplayName, appearance: Appearance });
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

/** `clock`: no payload; the ack returns the server's clock so the client can estimate its offset. */
export const ClockRequest = z.null().optional(); // Socket.IO sends undefined as null

/** The schema for every event a client may send, by event name. */
export const clientMessageSchemas = {
  join: JoinRequest,
  move: MoveMessage,
  profile: ProfileUpdate,
  clock: ClockRequest,
} as const;
export type ClientEventName = keyof typeof clientMessageSchemas;

/** True when `name` is an event a client may send. */
export function isClientEventName(name: string): name is ClientEventName {
  return Object.hasOwn(clientMessageSchemas, name);
}
