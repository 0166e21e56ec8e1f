import { MessageError, type ChatMessage, type ChatSend, type ChatSendReply } from '@campus/protocol';
import { CHAT_RADIUS, distance } from '@campus/world';
import { classroomAudience } from './classroomAudience';
import type { Clock } from './ports';
import type { RateLimiter } from './RateLimiter';
import { RoomError } from './RoomError';
import type { WorldRoom } from './WorldRoom';

/**
 * Delivers chat: *nearby* to everyone present within CHAT_RADIUS of the sender at send time, *room* to everyone in the
 * sender's classroom, *direct* to one user if they are connected (else the sender keeps it and retries). Nothing is
 * stored beyond a reconnect's grace period: history lives in the browsers.
 */
export class ChatRelay {
  constructor(
    private readonly room: WorldRoom,
    private readonly clock: Clock,
    private readonly limiter: RateLimiter,
  ) {}

  send(from: string, request: ChatSend): Extract<ChatSendReply, { ok: true }> {
    const sender = this.room.profileOf(from);
    const at = this.room.whereIs(from);
    if (!sender || !at) throw new RoomError(MessageError.NOT_JOINED, 'join the world first');
    if (!this.limiter.take(from)) {
      throw new RoomError(MessageError.RATE_LIMITED, 'too many messages; wait a moment and send again');
    }
    const message: ChatMessage = {
      id: request.id,
      scope: request.scope,
      from,
      fromName: sender.name,
      text: request.text.trim(),
      at: this.clock.now(),
    };
    switch (request.scope) {
      case 'nearby': {
        const reach = {
          x: at.x - CHAT_RADIUS,
          y: at.y - CHAT_RADIUS,
          width: 2 * CHAT_RADIUS,
          height: 2 * CHAT_RADIUS,
        };
        const recipients = this.room
          .presentAround(reach, from)
          .filter((u) => distance(u.at, at) <= CHAT_RADIUS);
        for (const u of recipients) this.room.deliverChat(u.userId, message);
        return { ok: true, id: message.id, at: message.at, deliveredTo: recipients.length };
      }
      case 'room': {
        const audience = classroomAudience(this.room, from, at);
        if (!audience) throw new RoomError(MessageError.NOT_IN_ROOM, 'walk into a classroom to talk to it');
        const { roomId, userIds } = audience;
        const inRoom = { ...message, roomId };
        for (const userId of userIds) this.room.deliverChat(userId, inRoom);
        return { ok: true, id: message.id, at: message.at, deliveredTo: userIds.length, roomId };
      }
      case 'direct': {
        if (request.to === from)
          throw new RoomError(MessageError.INVALID_PAYLOAD, 'a direct message needs someone else');
        const delivered = this.room.deliverDirect(request.to, { ...message, to: request.to });
        if (!delivered) {
          throw new RoomError(
            MessageError.RECIPIENT_OFFLINE,
            'they are offline; the message will go when they are back',
          );
        }
        return { ok: true, id: message.id, at: message.at, deliveredTo: 1 };
      }
      default: {
        const unreachable: never = request;
        throw new Error(`unhandled scope ${JSON.stringify(unreachable)}`);
      }
    }
  }
}
