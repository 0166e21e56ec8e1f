import {
  ClockRequest,
  JoinRequest,
  MessageError,
  MoveMessage,
  ProfileUpdate,
  ServerFault,
  codeName,
  isClientEventName,
  type ErrorCode,
  type JoinReply,
  type ProtocolErrorBody,
} from '@campus/protocol';
import type { z } from 'zod';
import type { Logger } from './logger';
import type { Clock, ClientPort } from './ports';
import { RoomError } from './RoomError';
import type { WorldRoom } from './WorldRoom';

type AckFn = (reply: unknown) => void;

/**
 * The one door every message from one connection comes through: shape check, then dispatch to the world.
 * Identity is fixed when the connection is made; no payload can change it.
 */
export class ConnectionRouter {
  private joined = false;

  constructor(
    readonly userId: string,
    private readonly port: ClientPort,
    private readonly room: WorldRoom,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** Handles one incoming event. `args` are as received: the payload and, when the client asked for one, an ack. */
  handle(event: string, args: readonly unknown[]): void {
    const last = args[args.length - 1];
    const ack = typeof last === 'function' ? (last as AckFn) : undefined;
    const payloads = ack ? args.slice(0, -1) : args;
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

  /** The connection is gone: the user leaves the world. */
  close(): void {
    if (this.joined) this.room.leave(this.userId);
    this.joined = false;
  }

  private dispatch(event: string, payloads: readonly unknown[], ack: AckFn | undefined): void {
    if (!isClientEventName(event)) {
      throw new RoomError(MessageError.UNKNOWN_EVENT, `unknown event "${event.slice(0, 64)}"`);
    }
    if (payloads.length > 1) throw new RoomError(MessageError.INVALID_PAYLOAD, 'send one payload per event');
    const payload = payloads[0];
    switch (event) {
      case 'join': {
        const request = parse(JoinRequest, payload);
        if (!ack) throw new RoomError(MessageError.INVALID_PAYLOAD, 'join needs an acknowledgement callback');
        if (this.joined) throw new RoomError(MessageError.ALREADY_JOINED, 'already in the world');
        const { self, users } = this.room.join(this.userId, this.port, request);
        this.joined = true;
        const reply: JoinReply = { ok: true, userId: this.userId, serverTime: this.clock.now(), self, users };
        ack(reply);
        return;
      }
      case 'move':
        this.room.move(this.userId, parse(MoveMessage, payload));
        return;
      case 'profile':
        this.room.updateProfile(this.userId, parse(ProfileUpdate, payload));
        return;
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

  private refuse(code: ErrorCode, message: string, event: string, ack: AckFn | undefined): void {
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
