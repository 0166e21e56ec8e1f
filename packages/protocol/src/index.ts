export { ConnectRefusal, MessageError, ServerFault, codeName } from './codes';
export type { ErrorCode } from './codes';
export { PROTOCOL_VERSION } from './version';
export { Limits } from './limits';
export {
  AVATAR_LOOKS,
  AvatarLook,
  Appearance,
  ClockRequest,
  DIRECTIONS,
  Direction,
  DisplayName,
  Handshake,
  JoinRequest,
  MoveMessage,
  Point,
  Profile,
  ProfileUpdate,
  STATUSES,
  Status,
  clientMessageSchemas,
  isClientEventName,
} from './schemas';
export type { ClientEventName } from './schemas';
export type {
  Ack,
  ClientToServerEvents,
  ConnectRefusalData,
  JoinReply,
  PositionState,
  ProtocolErrorBody,
  ServerToClientEvents,
  UserSnapshot,
} from './events';
