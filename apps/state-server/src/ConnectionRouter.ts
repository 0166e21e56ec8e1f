import {
  ChatSend,
  ClockRequest,
  MediaRequest,
  MediaState,
  RoomRequest,
  JoinRequest,
  MessageError,
  MoveMessage,
  PresenceWatch,
  ProfileUpdate,
  ServerFault,
  codeName,
  isClientEventName,
  type ConnectRefusal,
  type CrowdPolicy,
  type ErrorCode,
  type JoinReply,
  type ProtocolErrorBody,
} from '@campus/protocol';
import type { z } from 'zod';
import type { ChatRelay } from './ChatRelay';
import type { NearbySfu } from './classrooms/ClassroomSfu';
import type { Classrooms } from './classrooms/Classrooms';
import { FloodGuard, type Escalation, type EventKind, type InboundBudget } from './FloodGuard';
import type { Logger } from './logger';
import type { Metrics } from './Metrics';
import type { PeerRegistry } from './PeerRegistry';
import { iceServersFor, type IceConfig } from './TurnCredentials';
import type { Clock, ClientPort } from './ports';
import type { RateLimiter } from './RateLimiter';
import { RoomError } from './RoomError';
import type { WorldRoom } from './WorldRoom';

/** What one connection's router works with; the identity is fixed when the connection is made. */
export interface ConnectionContext {
  userId: string;
  /** This connection's session; a user's newer session supersedes it. */
  sessionId: string;
  port: ClientPort;
  room: WorldRoom;
  chat: ChatRelay;
  /** Limits profile changes per user (renames are broadcast to everyone). */
  profileLimiter: RateLimiter;
  peers: PeerRegistry;
  ice: IceConfig;
  classrooms: Classrooms;
  /** The SFU room for proximity links among a crowd, and when links move there; absent without LiveKit. */
  nearby?: NearbySfu;
  crowd?: CrowdPolicy;
  clock: Clock;
  log: Logger;
  /** Counts what comes in and what is refused; nothing when absent. */
  metrics?: Pick<Metrics, 'messageIn' | 'rejected'>;
  /** Per-connection budgets and escalation (FloodGuard's defaults when absent). */
  inbound?: InboundLimits;
}

export interface InboundLimits {
  budgets?: Readonly<Record<EventKind, InboundBudget>>;
  escalation?: Readonly<Escalation>;
}

type AckFn = (reply: unknown) => void;

/**
 * The one door every message from one connection comes through: shape check, then dispatch to the world.
 * Identity is fixed when the connection is made; no payload can change it.
 */
export class ConnectionRouter {
  private joined = false;
  readonly userId: string;
  private readonly sessionId: string;
  private readonly port: ClientPort;
  private readonly room: WorldRoom;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly guard: FloodGuard;

  constructor(private readonly context: ConnectionContext) {
    ({ userId: this.userId, sessionId: this.sessionId, port: this.port, room: this.room } = context);
    this.clock = context.clock;
    this.log = context.log;
    this.guard = new FloodGuard(context.clock, context.inbound?.budgets, context.inbound?.escalation);
  }

  /** Handles one incoming event. `args` are as received: the payload and, when the client asked for one, an ack. */
  handle(event: string, args: readonly unknown[]): void {
    this.context.metrics?.messageIn(event);
    const last = args[args.length - 1];
    const ack = typeof last === 'function' ? (last as AckFn) : undefined;
    const payloads = ack ? args.slice(0, -1) : args;
    // Budgets and sizes first, before any parsing, so a flood costs little.
    const admission = this.guard.admit(event, payloads);
    switch (admission.verdict) {
      case 'admit':
        break;
      case 'refuse':
        this.refuse(admission.code, admission.message, event, ack);
        return;
      case 'drop':
        this.context.metrics?.rejected(MessageError.RATE_LIMITED);
        return;
      case 'close':
        this.closeForAbuse(admission.code, admission.message);
        return;
      default: {
        const unreachable: never = admission;
        throw new Error(`unhandled admission ${JSON.stringify(unreachable)}`);
      }
    }
    try {
      this.dispatch(event, payloads, ack);
    } catch (err) {
      if (err instanceof RoomError) {
        this.refuse(err.code, err.message, event, ack);
        if (event === 'move' && err.code !== MessageError.NOT_JOINED) this.correctSender();
        return;
      }
      this.log.error(
        { err: String(err), stack: (err as Error)?.stack, event, userId: this.userId },
        'handler failed',
      );
      this.refuse(ServerFault.INTERNAL_ERROR, 'the server failed to handle this message', event, ack);
    }
  }

  /**
   * Ends a connection that kept flooding: it is told why, its avatar leaves at once (no grace period, so reconnecting
   * floods leave no crowd of ghosts behind), and the connection is closed.
   */
  private closeForAbuse(code: ConnectRefusal, message: string): void {
    this.context.metrics?.rejected(code);
    this.log.warn({ userId: this.userId, code: codeName(code) }, 'closing a connection that kept flooding');
    this.port.send('session:closed', { code, reason: codeName(code), message });
    if (this.joined) this.room.expel(this.userId, this.sessionId);
    this.joined = false;
    this.port.disconnect();
  }

  /** The connection is gone: the world holds the user's place for its grace period, unless a newer session took over. */
  close(): void {
    if (this.joined) this.room.disconnect(this.userId, this.sessionId);
    this.joined = false;
  }

  private dispatch(event: string, payloads: readonly unknown[], ack: AckFn | undefined): void {
    if (!isClientEventName(event)) {
      throw new RoomError(MessageError.UNKNOWN_EVENT, `unknown event "${event.slice(0, 64)}"`);
    }
    if (payloads.length > 1) throw new RoomError(MessageError.INVALID_PAYLOAD, 'send one payload per event');
    const payload = payloads[0];
    // A superseded session (another tab took over) may still have messages in flight: they count for nothing.
    if (this.joined && event !== 'clock' && !this.room.isActiveSession(this.userId, this.sessionId)) {
      throw new RoomError(MessageError.NOT_JOINED, 'this session was taken over by another tab');
    }
    switch (event) {
      case 'join': {
        const request = parse(JoinRequest, payload);
        if (!ack) throw new RoomError(MessageError.INVALID_PAYLOAD, 'join needs an acknowledgement callback');
        if (this.joined) throw new RoomError(MessageError.ALREADY_JOINED, 'already in the world');
        const { self, users, missed } = this.room.join(this.userId, this.sessionId, this.port, request);
        this.joined = true;
        const reply: JoinReply = {
          ok: true,
          userId: this.userId,
          serverTime: this.clock.now(),
          self,
          users,
          missed,
        };
        ack(reply);
        return;
      }
      case 'move': {
        const move = parse(MoveMessage, payload);
        this.requireJoined();
        this.room.move(this.userId, move);
        return;
      }
      case 'profile': {
        const update = parse(ProfileUpdate, payload);
        this.requireJoined();
        if (!this.context.profileLimiter.take(this.userId)) {
          throw new RoomError(MessageError.RATE_LIMITED, 'too many profile changes; wait a moment');
        }
        this.room.updateProfile(this.userId, update);
        return;
      }
      case 'chat:send': {
        const message = parse(ChatSend, payload);
        if (!ack)
          throw new RoomError(MessageError.INVALID_PAYLOAD, 'chat:send needs an acknowledgement callback');
        this.requireJoined();
        ack(this.context.chat.send(this.userId, message));
        return;
      }
      case 'media:register': {
        parse(MediaRequest, payload);
        if (!ack)
          throw new RoomError(
            MessageError.INVALID_PAYLOAD,
            'media:register needs an acknowledgement callback',
          );
        this.requireJoined();
        // In a cluster the token is stored in Redis: answer once the signaling node can check it.
        this.answerLater(
          event,
          ack,
          this.context.peers.issue(this.userId).then(({ peerId, token }) => {
            this.room.setMedia(this.userId, { peerId, mic: false, cam: false });
            return {
              ok: true as const,
              peerId,
              token,
              ...iceServersFor(this.context.ice, this.userId, this.clock.now()),
              ...(this.context.crowd ? { crowd: this.context.crowd } : {}),
            };
          }),
        );
        return;
      }
      case 'media:ice':
        parse(MediaRequest, payload);
        if (!ack)
          throw new RoomError(MessageError.INVALID_PAYLOAD, 'media:ice needs an acknowledgement callback');
        this.requireJoined();
        ack({ ok: true, ...iceServersFor(this.context.ice, this.userId, this.clock.now()) });
        return;
      case 'media:state': {
        const state = parse(MediaState, payload);
        this.requireJoined();
        const current = this.room.mediaOf(this.userId);
        if (!current) throw new RoomError(MessageError.MEDIA_NOT_REGISTERED, 'register for media first');
        if (state.screen && this.context.classrooms.roomOf(this.userId) === undefined) {
          throw new RoomError(MessageError.NOT_IN_ROOM, 'walk into a classroom to share your screen');
        }
        this.room.setMedia(this.userId, { ...current, ...state });
        return;
      }
      case 'media:sfu': {
        parse(MediaRequest, payload);
        if (!ack)
          throw new RoomError(MessageError.INVALID_PAYLOAD, 'media:sfu needs an acknowledgement callback');
        this.requireJoined();
        const nearby = this.context.nearby;
        if (!nearby) throw new RoomError(MessageError.NO_SFU, 'proximity media is peer to peer here');
        if (!this.room.mediaOf(this.userId)) {
          throw new RoomError(MessageError.MEDIA_NOT_REGISTERED, 'register for media first');
        }
        const name = this.room.profileOf(this.userId)?.name ?? this.userId;
        this.answerLater(
          event,
          ack,
          nearby.nearbyAccess(this.userId, name).then((livekit) => ({ ok: true as const, livekit })),
        );
        return;
      }
      case 'room:enter': {
        const { roomId } = parse(RoomRequest, payload);
        if (!ack)
          throw new RoomError(MessageError.INVALID_PAYLOAD, 'room:enter needs an acknowledgement callback');
        this.requireJoined();
        const classrooms = this.context.classrooms;
        // Seats may be counted in Redis, shared with other nodes: the answer comes when the seat is claimed.
        this.answerLater(
          event,
          ack,
          classrooms.enter(this.userId, roomId).then(({ members, livekit }) => ({
            ok: true as const,
            roomId,
            members,
            mode: classrooms.mode,
            meshCap: classrooms.meshCap,
            ...(livekit ? { livekit } : {}),
          })),
        );
        return;
      }
      case 'room:leave': {
        const { roomId } = parse(RoomRequest, payload);
        this.requireJoined();
        this.context.classrooms.leave(this.userId, roomId);
        return;
      }
      case 'room:token': {
        const { roomId } = parse(RoomRequest, payload);
        if (!ack)
          throw new RoomError(MessageError.INVALID_PAYLOAD, 'room:token needs an acknowledgement callback');
        this.requireJoined();
        this.answerLater(
          event,
          ack,
          this.context.classrooms.token(this.userId, roomId).then((livekit) => ({ ok: true, livekit })),
        );
        return;
      }
      case 'presence:watch': {
        const { userIds } = parse(PresenceWatch, payload);
        if (!ack)
          throw new RoomError(
            MessageError.INVALID_PAYLOAD,
            'presence:watch needs an acknowledgement callback',
          );
        this.requireJoined();
        ack({ ok: true, online: this.room.watchPresence(this.userId, userIds) });
        return;
      }
      case 'clock':
        parse(ClockRequest, payload);
        if (!ack)
          throw new RoomError(MessageError.INVALID_PAYLOAD, 'clock needs an acknowledgement callback');
        ack(this.clock.now());
        return;
      default: {
        const unreachable: never = event;
        throw new Error(`unhandled event ${String(unreachable)}`);
      }
    }
  }

  /** Acks when an asynchronous answer (an SFU token) is ready; a failure becomes a coded error, never a crash. */
  private answerLater(event: string, ack: AckFn, answer: Promise<unknown>): void {
    answer.then(ack, (err: unknown) => {
      if (err instanceof RoomError) {
        this.refuse(err.code, err.message, event, ack);
        return;
      }
      this.log.error({ err: String(err), event, userId: this.userId }, 'asynchronous handler failed');
      this.refuse(ServerFault.INTERNAL_ERROR, 'the server failed to handle this message', event, ack);
    });
  }

  private requireJoined(): void {
    if (!this.joined) throw new RoomError(MessageError.NOT_JOINED, 'join the world first');
  }

  private refuse(code: ErrorCode, message: string, event: string, ack: AckFn | undefined): void {
    this.context.metrics?.rejected(code);
    const body: ProtocolErrorBody = { code, reason: codeName(code), message, event: event.slice(0, 64) };
    this.port.send('protocol:error', body);
    if (ack) ack({ ok: false, error: body });
  }

  private correctSender(): void {
    const position = this.room.positionOf(this.userId);
    if (position) this.port.send('self:position', position);
  }
}

function parse<S extends z.ZodType>(schema: S, payload: unknown): z.output<S> {
  const result = schema.safeParse(payload);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new RoomError(MessageError.INVALID_PAYLOAD, `${where}${issue?.message ?? 'invalid payload'}`);
  }
  return result.data;
}
