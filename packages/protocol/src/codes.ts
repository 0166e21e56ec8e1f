/**
 * Error codes sent to clients, grouped by range like HTTP statuses.
 * A client switches on the code; the message is for people reading logs.
 */

/** 4000–4099: a connection refused or ended by the server (at connect time, or a session taken over). */
export const ConnectRefusal = {
  PROTOCOL_MISMATCH: 4000,
  SERVER_FULL: 4001,
  /** The server is shutting down: it refuses new connections and tells its clients (`server:draining`) to reconnect. */
  SERVER_DRAINING: 4002,
  /** The same user opened the campus in another tab or window, which took over. */
  SESSION_REPLACED: 4003,
  /** The handshake did not carry a well-formed identity secret. */
  IDENTITY_INVALID: 4004,
  /** The connection kept sending far more than its limits allow and was closed (`session:closed`); do not retry soon. */
  TOO_MANY_MESSAGES: 4005,
} as const;
export type ConnectRefusal = (typeof ConnectRefusal)[keyof typeof ConnectRefusal];

/** 4100–4199: a message was refused because of its shape or its content. */
export const MessageError = {
  INVALID_PAYLOAD: 4100,
  UNKNOWN_EVENT: 4101,
  NOT_JOINED: 4102,
  ALREADY_JOINED: 4103,
  OUT_OF_BOUNDS: 4104,
  POSITION_BLOCKED: 4105,
  POSITION_IMPLAUSIBLE: 4106,
  PAYLOAD_TOO_LARGE: 4107,
  /** Too many messages of this kind too fast; wait and retry. */
  RATE_LIMITED: 4108,
  /** A direct message's recipient is not connected; keep it and retry when they are. */
  RECIPIENT_OFFLINE: 4109,
  /** Classroom chat from someone who is not in a classroom. */
  NOT_IN_ROOM: 4110,
  /** `media:state` before `media:register`. */
  MEDIA_NOT_REGISTERED: 4111,
  /** Entering a classroom from outside its area (as the server last knows the avatar's position). */
  NOT_IN_AREA: 4112,
  /** The classroom already holds as many people as its capacity. */
  ROOM_FULL: 4113,
  /** No classroom with that id on this map. */
  UNKNOWN_ROOM: 4114,
  /** A classroom request (a media token) from someone who is not a member. */
  NOT_A_MEMBER: 4115,
  /** A media request that needs an SFU (LiveKit) on a server that has none. */
  NO_SFU: 4116,
  /** A teacher's action from someone who does not hold the teacher role. */
  NOT_A_TEACHER: 4117,
  /** A teacher link that is malformed or not signed by this campus (forged, or cut short). */
  TEACHER_LINK_INVALID: 4118,
  /** A teacher link past its expiry date: ask the campus's admin for a new one. */
  TEACHER_LINK_EXPIRED: 4119,
  /** A teacher link (and the role it gave) that the campus's admin has revoked. */
  TEACHER_LINK_REVOKED: 4120,
  /** A teacher link already bound to another browser: a link gives the role to one browser only. */
  TEACHER_LINK_USED: 4121,
  /** Teacher links are not set up on this server (it has no signing secret). */
  NO_TEACHER_LINKS: 4122,
  /** The room's door is locked for the lesson: knock, and a teacher may let you in. */
  ROOM_LOCKED: 4123,
  /** A teacher removed this visitor from the room for the rest of the lesson. */
  REMOVED_FROM_LESSON: 4124,
  /** A knock from someone not standing at the room's door. */
  NOT_AT_DOOR: 4125,
  /** Admitting or declining someone who is not knocking (any more). */
  NOT_KNOCKING: 4126,
  /** Turning the microphone on while the teacher keeps the room's microphones off. */
  MIC_LOCKED: 4127,
  /** A teacher's action on someone who is not in the room. */
  NOT_IN_LESSON: 4128,
  /** A screen command made from an older state of the room's screen than the one it has now: look again, retry. */
  SCREEN_STALE: 4129,
  /** A film the screen cannot show: not in the media library, or not an http(s) link to a video file. */
  SCREEN_SOURCE_REFUSED: 4130,
  /** Playing, pausing or seeking a room's screen with nothing on it. */
  SCREEN_EMPTY: 4131,
  /** A file larger than this server's limit (`FILE_MAX_BYTES`). */
  FILE_TOO_LARGE: 4132,
  /** A file request about an offer that does not exist (any more), or was not made to the one asking. */
  UNKNOWN_OFFER: 4133,
  /** An offer id already used by another live offer. */
  OFFER_EXISTS: 4134,
} as const;
export type MessageError = (typeof MessageError)[keyof typeof MessageError];

/** 4500–4599: the server failed; the message may be retried. */
export const ServerFault = {
  INTERNAL_ERROR: 4500,
} as const;
export type ServerFault = (typeof ServerFault)[keyof typeof ServerFault];

/** Every code a client can receive. */
export type ErrorCode = ConnectRefusal | MessageError | ServerFault;

const names = new Map<number, string>(
  [...Object.entries(ConnectRefusal), ...Object.entries(MessageError), ...Object.entries(ServerFault)].map(
    ([name, code]) => [code, name],
  ),
);

/** The constant's name for a code, for logs and error messages: `codeName(4100) === 'INVALID_PAYLOAD'`. */
export function codeName(code: number): string {
  return names.get(code) ?? `UNKNOWN_${code}`;
}
