import {
  MessageError,
  ServerFault,
  codeName,
  isClientEventName,
  type ConnectRefusal,
  type CrowdPolicy,
  type ErrorCode,
  type ProtocolErrorBody,
  type RoleGrant,
} from '@campus/protocol';
import type { z } from 'zod';
import type { ChatRelay } from './ChatRelay';
import { clientRoutes, type RouteSession } from './clientRoutes';
import type { NearbySfu } from './classrooms/ClassroomSfu';
import type { Classrooms } from './classrooms/Classrooms';
import type { FileOffers } from './files/FileOffers';
import { FloodGuard, type Escalation, type EventKind, type InboundBudget } from './FloodGuard';
import type { Logger } from './logger';
import type { Lessons } from './lessons/Lessons';
import type { Screens } from './screens/Screens';
import type { Roles } from './teaching/Roles';
import type { Metrics } from './Metrics';
import type { PeerRegistry } from './PeerRegistry';
import { exhaustiveSwitchError } from './exhaustive';
import type { IceConfig } from './TurnCredentials';
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
  /** Who teaches (teacher links); absent, nobody can claim a role. */
  roles?: Roles;
  /** The rooms' lessons (hands, knocks, the register, teachers' actions); absent, every lesson request is refused. */
  lessons?: Lessons;
  /** The rooms' screens (a film everyone in a room watches together); absent, every screen command is refused. */
  screens?: Screens;
  /** Peer-to-peer file sharing's tracker; absent, no file may be offered. */
  files?: FileOffers;
  /** The role this identity held when it connected (for the join reply). */
  role?: RoleGrant;
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

/** The router's own view of the session: it also ends the standing when the connection closes. */
interface StandingSession extends RouteSession {
  joined: boolean;
}

/**
 * A route as the router runs it, its payload type erased: each route's schema parses exactly what its handler takes,
 * which TypeScript cannot follow through a lookup by a union of event names (handlers are methods, so a route of the
 * table is assignable to this as it stands).
 */
type ErasedRoute =
  | { kind: 'ask'; schema: z.ZodType; needsJoin: boolean; handle(payload: unknown, s: RouteSession): unknown }
  | { kind: 'tell'; schema: z.ZodType; needsJoin: boolean; handle(payload: unknown, s: RouteSession): void };

/**
 * The one door every message from one connection comes through: budgets, then the event's route from `clientRoutes`
 * (schema, acknowledgement, `needsJoin`, handler), and coded errors for whatever is refused. Identity is fixed when
 * the connection is made; no payload can change it.
 */
export class ConnectionRouter {
  readonly userId: string;
  private readonly sessionId: string;
  private readonly port: ClientPort;
  private readonly room: WorldRoom;
  private readonly log: Logger;
  private readonly guard: FloodGuard;
  private readonly session: StandingSession;

  constructor(private readonly context: ConnectionContext) {
    ({ userId: this.userId, sessionId: this.sessionId, port: this.port, room: this.room } = context);
    this.log = context.log;
    this.guard = new FloodGuard(context.clock, context.inbound?.budgets, context.inbound?.escalation);
    const session: StandingSession = {
      context,
      joined: false,
      markJoined: () => {
        session.joined = true;
      },
    };
    this.session = session;
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
    if (this.session.joined) this.room.expel(this.userId, this.sessionId);
    this.session.joined = false;
    this.port.disconnect();
  }

  /** The connection is gone: the world holds the user's place for its grace period, unless a newer session took over. */
  close(): void {
    if (this.session.joined) this.room.disconnect(this.userId, this.sessionId);
    this.session.joined = false;
  }

  private dispatch(event: string, payloads: readonly unknown[], ack: AckFn | undefined): void {
    if (!isClientEventName(event)) {
      throw new RoomError(MessageError.UNKNOWN_EVENT, `unknown event "${event.slice(0, 64)}"`);
    }
    if (payloads.length > 1) throw new RoomError(MessageError.INVALID_PAYLOAD, 'send one payload per event');
    // A superseded session (another tab took over) may still have messages in flight: they count for nothing. A clock
    // request reads nothing of the world, so it is answered all the same.
    if (this.session.joined && event !== 'clock' && !this.room.isActiveSession(this.userId, this.sessionId)) {
      throw new RoomError(MessageError.NOT_JOINED, 'this session was taken over by another tab');
    }
    const route: ErasedRoute = clientRoutes[event];
    const payload = parse(route.schema, payloads[0]);
    switch (route.kind) {
      case 'ask': {
        if (!ack)
          throw new RoomError(MessageError.INVALID_PAYLOAD, `${event} needs an acknowledgement callback`);
        this.requireJoined(route);
        const answer = route.handle(payload, this.session);
        if (answer instanceof Promise) this.answerLater(event, ack, answer);
        else ack(answer);
        return;
      }
      case 'tell':
        this.requireJoined(route);
        route.handle(payload, this.session);
        return;
      default:
        exhaustiveSwitchError(route);
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

  private requireJoined(route: ErasedRoute): void {
    if (route.needsJoin && !this.session.joined)
      throw new RoomError(MessageError.NOT_JOINED, 'join the world first');
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
