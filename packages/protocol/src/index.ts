export { ConnectRefusal, MessageError, ServerFault, codeName } from './codes';
export type { ErrorCode } from './codes';
export { PROTOCOL_VERSION } from './version';
export { Limits } from './limits';
export {
  AVATAR_LOOKS,
  AvatarLook,
  Appearance,
  CHAT_SCOPES,
  ChatScope,
  ChatSend,
  ClockRequest,
  DIRECTIONS,
  Direction,
  DisplayName,
  Handshake,
  IdentitySecret,
  JoinRequest,
  MediaRequest,
  MediaState,
  MoveMessage,
  Point,
  Profile,
  ProfileUpdate,
  STATUSES,
  Status,
  UserId,
  clientMessageSchemas,
  isClientEventName,
} from './schemas';
export type { ClientEventName } from './schemas';
export type {
  Ack,
  ChatMessage,
  ChatSendReply,
  ClientToServerEvents,
  ConnectRefusalData,
  IceServer,
  JoinReply,
  MediaIceReply,
  MediaRegisterReply,
  PositionState,
  ProtocolErrorBody,
  ServerToClientEvents,
  UserMedia,
  UserSnapshot,
} from './events';
