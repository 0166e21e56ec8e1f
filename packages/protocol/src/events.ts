import type { ErrorCode } from './codes';
import type { JoinRequest, MoveMessage, Point, Direction, Profile, ProfileUpdate } from './schemas';

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
}

export interface ProtocolErrorBody {
  code: ErrorCode;
  /** The constant's name, e.g. `INVALID_PAYLOAD`. */
  reason: string;
  message: string;
  /** The event that was refused, when the error answers one. */
  event?: string;
}

export type JoinReply =
  | { ok: true; userId: string; serverTime: number; self: UserSnapshot; users: UserSnapshot[] }
  | { ok: false; error: ProtocolErrorBody };

export type Ack<T> = (reply: T) => void;

/** Events a client emits, as the client sees them (the server reads them as `unknown` and parses). */
export interface ClientToServerEvents {
  join: (request: JoinRequest, ack: Ack<JoinReply>) => void;
  move: (message: MoveMessage) => void;
  profile: (update: ProfileUpdate) => void;
  clock: (payload: undefined, ack: Ack<number>) => void;
}

/** Events the server emits. */
export interface ServerToClientEvents {
  'user:joined': (user: UserSnapshot) => void;
  'user:moved': (position: PositionState) => void;
  'user:profile': (update: { userId: string; profile: Profile }) => void;
  'user:left': (left: { userId: string }) => void;
  /** The server corrects the sender's own position after refusing a move. */
  'self:position': (position: PositionState) => void;
  'protocol:error': (error: ProtocolErrorBody) => void;
}

/** Data the server attaches to a refused connection (`connect_error` → `err.data`). */
export interface ConnectRefusalData {
  code: ErrorCode;
  reason: string;
  serverProtocolVersion: number;
}
