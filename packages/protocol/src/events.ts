import type { z } from 'zod';
import type { ErrorCode } from './codes';
import type {
  AnnounceReply,
  Announcement,
  KnockReply,
  LessonNotice,
  LessonReply,
  LessonView,
  RegisterReply,
} from './lesson';
import type { FileAcceptReply, FileEndReason, FileHolder, FileOffered, FileOfferReply } from './files';
import type { ScreenReply, ScreenState } from './screen';
import type {
  ChatScope,
  ClientEventName,
  Direction,
  MediaState,
  Point,
  Profile,
  clientMessageSchemas,
} from './schemas';

/** Where a user is and how they are moving: the state of their current movement stroke. */
export interface PositionState {
  userId: string;
  position: Point;
  direction: Direction;
  isMoving: boolean;
  /** Server clock (ms) at which the stroke started at `position`. */
  startedAt: number;
}

/** Everything a newcomer needs to draw one user. */
export interface UserSnapshot {
  userId: string;
  profile: Profile;
  position: PositionState;
  /** False while the user's connection is down but their presence is held for a short grace period. */
  online: boolean;
  /** How to reach the user for proximity audio and video, once they have registered for it. */
  media?: UserMedia;
}

/** A user's media endpoint and what they are sending. */
export interface UserMedia extends MediaState {
  /** Their PeerJS id: random, issued by the server, usable only with its token. */
  peerId: string;
}

/** ICE servers for RTCPeerConnection; TURN entries carry short-lived credentials. */
export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

/**
 * When proximity links go through the SFU: a person with at least `enterLinks` links is among a crowd (their links
 * move to the SFU), and stays so until they are down to `exitLinks`. Absent where the server has no SFU.
 */
export interface CrowdPolicy {
  enterLinks: number;
  exitLinks: number;
}

export type MediaRegisterReply =
  | {
      ok: true;
      peerId: string;
      token: string;
      iceServers: IceServer[];
      expiresAt: number;
      crowd?: CrowdPolicy;
    }
  | { ok: false; error: ProtocolErrorBody };

/** A token for the campus-wide LiveKit room that carries crowded proximity links. */
export type MediaSfuReply = { ok: true; livekit: LiveKitAccess } | { ok: false; error: ProtocolErrorBody };

/** How a classroom's media runs: through a LiveKit SFU, or (without one) a capped mesh among its members. */
export type ClassroomMode = 'livekit' | 'mesh';

/** A LiveKit connection for one member of one classroom: the server URL and a short-lived token. */
export interface LiveKitAccess {
  url: string;
  token: string;
}

export type RoomEnterReply =
  | {
      ok: true;
      roomId: string;
      members: string[];
      mode: ClassroomMode;
      meshCap: number;
      livekit?: LiveKitAccess;
      /** The room's lesson (docs/teaching.md): a locked door, muted microphones, the stage, hands. */
      lesson?: LessonView;
      /** The room's screen (docs/watching.md): the film on it and where it is, so a latecomer starts at the right point. */
      screen?: ScreenState;
    }
  | { ok: false; error: ProtocolErrorBody };

export type RoomTokenReply = { ok: true; livekit: LiveKitAccess } | { ok: false; error: ProtocolErrorBody };

export type MediaIceReply =
  { ok: true; iceServers: IceServer[]; expiresAt: number } | { ok: false; error: ProtocolErrorBody };

/** A chat message as delivered to its recipients. */
export interface ChatMessage {
  id: string;
  scope: ChatScope;
  from: string;
  /** The sender's name when sent, so a message reads right even if the sender is gone. */
  fromName: string;
  /** For direct messages: the recipient. */
  to?: string;
  /** For classroom messages: the room. */
  roomId?: string;
  text: string;
  /** Server clock, ms. */
  at: number;
}

export type ChatSendReply =
  | { ok: true; id: string; at: number; deliveredTo: number; roomId?: string }
  | { ok: false; id?: string; error: ProtocolErrorBody };

export interface ProtocolErrorBody {
  code: ErrorCode;
  /** The constant's name, e.g. `INVALID_PAYLOAD`. */
  reason: string;
  message: string;
  /** The event that was refused, when the error answers one. */
  event?: string;
}

/** What a visitor may do beyond anyone's: given by a teacher link the campus's admin made (docs/teaching.md). */
export type Role = 'teacher';

/** The role a teacher link gave this visitor, and the name it was made for. */
export interface RoleGrant {
  role: Role;
  /** The name the admin made the link for (e.g. "Ms. Rivera"). */
  name: string;
}

export type RoleClaimReply = ({ ok: true } & RoleGrant) | { ok: false; error: ProtocolErrorBody };

export type JoinReply =
  | {
      ok: true;
      userId: string;
      serverTime: number;
      /** The role this visitor holds (bound earlier by a teacher link), if any. */
      role?: RoleGrant;
      self: UserSnapshot;
      users: UserSnapshot[];
      /** Nearby and classroom messages said to this user while their connection was down (a reload, a blip). */
      missed: ChatMessage[];
    }
  | { ok: false; error: ProtocolErrorBody };

/** Which of the watched users are connected now; from then on `user:presence` tells of each change. */
export type PresenceWatchReply = { ok: true; online: string[] } | { ok: false; error: ProtocolErrorBody };

/** Why the server is closing this connection; the client shows it and does not reconnect by itself. */
export interface SessionClosed {
  code: ErrorCode;
  reason: string;
  message: string;
}

export type Ack<T> = (reply: T) => void;

/**
 * What the server answers each client event with, through the event's acknowledgement callback; `void` for events it
 * does not answer. The payloads' types come from their schemas (`clientMessageSchemas`), never written out again.
 */
export interface ClientEventReplies {
  join: JoinReply;
  move: void;
  profile: void;
  clock: number;
  'chat:send': ChatSendReply;
  /** This session's PeerJS id and token (replacing any earlier one) and ICE servers. */
  'media:register': MediaRegisterReply;
  /** Fresh ICE servers, before the TURN credentials expire. */
  'media:ice': MediaIceReply;
  'media:state': void;
  /** A token for the campus-wide SFU room that carries proximity links among a crowd. */
  'media:sfu': MediaSfuReply;
  /** Membership of a classroom the avatar stands in, if it has space. */
  'room:enter': RoomEnterReply;
  'room:leave': void;
  /** A fresh LiveKit token for a classroom this user is a member of. */
  'room:token': RoomTokenReply;
  /** Which of the watched users are connected now. */
  'presence:watch': PresenceWatchReply;
  /** Binds a teacher link's role to this visitor. */
  'role:claim': RoleClaimReply;
  /** A teacher's action on the lesson of the room they stand in; the lesson as it is now. */
  'lesson:teach': LessonReply;
  /** Raises or lowers one's own hand; the lesson as it is now (one's place in the queue). */
  'lesson:hand': LessonReply;
  /** Knocks at a locked door one stands at; the lesson of that room, its queue of knocks included. */
  'lesson:knock': KnockReply;
  /** A teacher's copy of the room's register (who was in, from when to when), as rows and as CSV. */
  'lesson:register': RegisterReply;
  /** A teacher's campus-wide announcement. */
  announce: AnnounceReply;
  /** Loads, plays, pauses, seeks or clears the room's screen; the screen as it is after (everyone in the room hears it). */
  'screen:command': ScreenReply;
  /** Offers a file to one person or to the sender's classroom (docs/files.md); the server passes on the offer only. */
  'file:offer': FileOfferReply;
  /** Takes an offer: the offer as the server has it and who holds its chunks (the receiver is one of them from now). */
  'file:accept': FileAcceptReply;
  /** Turns an offer down; its sender hears of it. */
  'file:decline': void;
  /** The sender withdraws an offer from everyone; a receiver stops taking it (and serving it). */
  'file:cancel': void;
}

/** What a client sends with `event`: its schema's input. */
export type ClientPayload<E extends ClientEventName> = z.input<(typeof clientMessageSchemas)[E]>;

/** The answer to `event`, or `void` when the server does not answer it. */
export type ClientReply<E extends ClientEventName> = ClientEventReplies[E];

/** True (as a type) for the events the server answers: their senders must pass an acknowledgement callback. */
export type IsAnswered<E extends ClientEventName> = [ClientReply<E>] extends [void] ? false : true;

/**
 * Events a client emits, as the client sees them (the server reads them as `unknown` and parses): derived from the
 * schemas and the replies, one entry per event of `clientMessageSchemas`.
 */
export type ClientToServerEvents = {
  [E in ClientEventName]: IsAnswered<E> extends true
    ? (payload: ClientPayload<E>, ack: Ack<ClientReply<E>>) => void
    : (payload: ClientPayload<E>) => void;
};

/** Events the server emits. */
export interface ServerToClientEvents {
  /** A newcomer to the world, within this user's area of interest. */
  'user:joined': (user: UserSnapshot) => void;
  /** A user already in the world came into this user's area of interest (either of them walked): draw them. */
  'user:visible': (user: UserSnapshot) => void;
  /** A user left this user's area of interest but not the world: stop drawing them (`user:left` is for leaving). */
  'user:hidden': (hidden: { userId: string }) => void;
  'user:moved': (position: PositionState) => void;
  'user:profile': (update: { userId: string; profile: Profile }) => void;
  'user:left': (left: { userId: string }) => void;
  /** A user's connection dropped (their avatar stays for a grace period) or came back. */
  'user:presence': (presence: { userId: string; online: boolean }) => void;
  'chat:message': (message: ChatMessage) => void;
  /** A classroom's members changed; sent to its members and to whoever just left it. */
  'room:members': (update: { roomId: string; members: string[] }) => void;
  /** A user's media endpoint or state changed (null: they stopped). */
  'user:media': (update: { userId: string; media: UserMedia | null }) => void;
  /** This connection's session was taken over by the same user elsewhere; the server closes it next. */
  'session:replaced': (info: { code: ErrorCode; reason: string }) => void;
  /** The server closes this connection next, for the coded reason (e.g. `4005 TOO_MANY_MESSAGES`). */
  'session:closed': (info: SessionClosed) => void;
  /** This server is shutting down (`4002 SERVER_DRAINING`): reconnect now, and the load balancer picks another. */
  'server:draining': (info: { code: ErrorCode; reason: string }) => void;
  /** The server corrects the sender's own position after refusing a move. */
  'self:position': (position: PositionState) => void;
  'protocol:error': (error: ProtocolErrorBody) => void;
  /** The lesson of the room this user is in, or knocks at, changed. */
  'lesson:state': (lesson: LessonView) => void;
  /** Something a teacher did to this user (let in, turned away, removed, muted, given the floor), or the lesson ended. */
  'lesson:notice': (notice: LessonNotice) => void;
  /** A teacher's campus-wide announcement. */
  announcement: (announcement: Announcement) => void;
  /** The screen of the room this user is in changed (a film put on, played, paused, sought, taken off). */
  'screen:state': (screen: ScreenState) => void;
  /** Someone offers this user a file, or offers one to the room this user is in. */
  'file:offered': (offer: FileOffered) => void;
  /** Who holds an offer's chunks now; sent to them all whenever it changes. */
  'file:holders': (update: { id: string; holders: FileHolder[] }) => void;
  /**
   * An offer ended: for its recipients when the sender withdrew it or left (`userId` the sender); for the sender when a
   * recipient declined or cancelled (`userId` the recipient).
   */
  'file:ended': (ended: { id: string; userId: string; reason: FileEndReason }) => void;
}

/** Data the server attaches to a refused connection (`connect_error` → `err.data`). */
export interface ConnectRefusalData {
  code: ErrorCode;
  reason: string;
  serverProtocolVersion: number;
}
