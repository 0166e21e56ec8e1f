import {
  AnnounceRequest,
  ChatSend,
  ClockRequest,
  FileOffer,
  FileRequest,
  JoinRequest,
  LessonHand,
  LessonTeach,
  MediaRequest,
  MediaState,
  MessageError,
  MoveMessage,
  PresenceWatch,
  ProfileUpdate,
  RoleClaim,
  RoomRequest,
  ScreenCommand,
  type ClientEventName,
  type ClientReply,
  type IsAnswered,
  type clientMessageSchemas,
} from '@campus/protocol';
import type { z } from 'zod';
import type { ConnectionContext } from './ConnectionRouter';
import type { FileOffers } from './files/FileOffers';
import type { Lessons } from './lessons/Lessons';
import { RoomError } from './RoomError';
import { iceServersFor } from './TurnCredentials';

/** What a route's handler works with: the connection's context, and whether it has joined the world. */
export interface RouteSession {
  readonly context: ConnectionContext;
  readonly joined: boolean;
  /** The join route's: from now on this connection's messages act in the world. */
  markJoined(): void;
}

type Payload<E extends ClientEventName> = z.output<(typeof clientMessageSchemas)[E]>;

interface RouteBase<E extends ClientEventName> {
  /** The protocol's schema for the event; the handler only ever sees what it parsed. */
  schema: (typeof clientMessageSchemas)[E];
  /** Refused with NOT_JOINED before this connection has joined the world. */
  needsJoin: boolean;
}

/** An event the server answers: the handler's result, or what its promise resolves to, goes back through the ack. */
export interface AskRoute<E extends ClientEventName> extends RouteBase<E> {
  kind: 'ask';
  handle(payload: Payload<E>, session: RouteSession): ClientReply<E> | Promise<ClientReply<E>>;
}

/** An event the server does not answer (a refusal still comes back as `protocol:error`). */
export interface TellRoute<E extends ClientEventName> extends RouteBase<E> {
  kind: 'tell';
  handle(payload: Payload<E>, session: RouteSession): void;
}

/** Answered events must be `ask` routes and the others `tell` routes: the protocol's replies decide, not the router. */
export type Route<E extends ClientEventName> = IsAnswered<E> extends true ? AskRoute<E> : TellRoute<E>;

/** One route per client event, keyed by the event: the compiler refuses a missing or misshapen one. */
export type RouteTable = { [E in ClientEventName]: Route<E> };

/**
 * Every client event's door (Colyseus's `onMessage(type, validator, handler)`, as one table). The router checks the
 * budget, the session, the schema, the ack and `needsJoin` in that order for all of them; a handler throws a RoomError
 * for an expected refusal.
 */
export const clientRoutes: RouteTable = {
  join: {
    kind: 'ask',
    schema: JoinRequest,
    needsJoin: false,
    handle(request, session) {
      if (session.joined) throw new RoomError(MessageError.ALREADY_JOINED, 'already in the world');
      const { userId, sessionId, port, room, clock } = session.context;
      const { self, users, missed } = room.join(userId, sessionId, port, request);
      session.markJoined();
      const { role } = session.context;
      return { ok: true, userId, serverTime: clock.now(), ...(role ? { role } : {}), self, users, missed };
    },
  },
  move: {
    kind: 'tell',
    schema: MoveMessage,
    needsJoin: true,
    handle(move, { context }) {
      context.room.move(context.userId, move);
    },
  },
  profile: {
    kind: 'tell',
    schema: ProfileUpdate,
    needsJoin: true,
    handle(update, { context }) {
      if (!context.profileLimiter.take(context.userId)) {
        throw new RoomError(MessageError.RATE_LIMITED, 'too many profile changes; wait a moment');
      }
      context.room.updateProfile(context.userId, update);
    },
  },
  'chat:send': {
    kind: 'ask',
    schema: ChatSend,
    needsJoin: true,
    handle(message, { context }) {
      return context.chat.send(context.userId, message);
    },
  },
  'media:register': {
    kind: 'ask',
    schema: MediaRequest,
    needsJoin: true,
    // In a cluster the token is stored in Redis: answer once the signaling node can check it.
    async handle(_payload, { context }) {
      const { userId, sessionId, room, peers, ice, clock } = context;
      const { peerId, token } = await peers.issue(userId);
      // Meanwhile another tab may have taken over (or the user left): this session's id must not become theirs.
      if (!room.isActiveSession(userId, sessionId)) {
        await peers.withdraw(userId, peerId);
        throw new RoomError(
          MessageError.NOT_JOINED,
          'this session was taken over before its media was registered',
        );
      }
      room.setMedia(userId, { peerId, mic: false, cam: false });
      return {
        ok: true,
        peerId,
        token,
        ...iceServersFor(ice, userId, clock.now()),
        ...(context.crowd ? { crowd: context.crowd } : {}),
      };
    },
  },
  'media:ice': {
    kind: 'ask',
    schema: MediaRequest,
    needsJoin: true,
    handle(_payload, { context }) {
      return { ok: true, ...iceServersFor(context.ice, context.userId, context.clock.now()) };
    },
  },
  'media:state': {
    kind: 'tell',
    schema: MediaState,
    needsJoin: true,
    handle(state, { context }) {
      const { userId, room, classrooms } = context;
      const current = room.mediaOf(userId);
      if (!current) throw new RoomError(MessageError.MEDIA_NOT_REGISTERED, 'register for media first');
      if (state.screen && classrooms.roomOf(userId) === undefined) {
        throw new RoomError(MessageError.NOT_IN_ROOM, 'walk into a classroom to share your screen');
      }
      if (state.mic && !current.mic && context.lessons && !context.lessons.canSpeak(userId)) {
        throw new RoomError(
          MessageError.MIC_LOCKED,
          'the teacher keeps microphones off for now: raise your hand',
        );
      }
      room.setMedia(userId, { ...current, ...state });
    },
  },
  'media:sfu': {
    kind: 'ask',
    schema: MediaRequest,
    needsJoin: true,
    async handle(_payload, { context }) {
      const { userId, room, nearby } = context;
      if (!nearby) throw new RoomError(MessageError.NO_SFU, 'proximity media is peer to peer here');
      if (!room.mediaOf(userId))
        throw new RoomError(MessageError.MEDIA_NOT_REGISTERED, 'register for media first');
      return { ok: true, livekit: await nearby.nearbyAccess(userId, room.profileOf(userId)?.name ?? userId) };
    },
  },
  'room:enter': {
    kind: 'ask',
    schema: RoomRequest,
    needsJoin: true,
    // Seats may be counted in Redis, shared with other nodes: the answer comes when the seat is claimed.
    async handle({ roomId }, { context }) {
      const { classrooms, lessons } = context;
      const { members, livekit } = await classrooms.enter(context.userId, roomId);
      return {
        ok: true,
        roomId,
        members,
        mode: classrooms.mode,
        meshCap: classrooms.meshCap,
        ...(livekit ? { livekit } : {}),
        ...(lessons ? { lesson: await lessons.viewOnEntry(context.userId, roomId) } : {}),
        ...(context.screens ? { screen: context.screens.viewOf(roomId) } : {}),
      };
    },
  },
  'room:leave': {
    kind: 'tell',
    schema: RoomRequest,
    needsJoin: true,
    handle({ roomId }, { context }) {
      context.classrooms.leave(context.userId, roomId);
    },
  },
  'room:token': {
    kind: 'ask',
    schema: RoomRequest,
    needsJoin: true,
    async handle({ roomId }, { context }) {
      return { ok: true, livekit: await context.classrooms.token(context.userId, roomId) };
    },
  },
  'presence:watch': {
    kind: 'ask',
    schema: PresenceWatch,
    needsJoin: true,
    handle({ userIds }, { context }) {
      return { ok: true, online: context.room.watchPresence(context.userId, userIds) };
    },
  },
  'role:claim': {
    kind: 'ask',
    schema: RoleClaim,
    needsJoin: true,
    async handle({ token }, { context }) {
      if (!context.roles)
        throw new RoomError(MessageError.NO_TEACHER_LINKS, 'teacher links are not set up here');
      return { ok: true, ...(await context.roles.claim(context.userId, token)) };
    },
  },
  'lesson:teach': {
    kind: 'ask',
    schema: LessonTeach,
    needsJoin: true,
    async handle(action, { context }) {
      return { ok: true, lesson: await lessonsOf(context).teach(context.userId, action) };
    },
  },
  'lesson:hand': {
    kind: 'ask',
    schema: LessonHand,
    needsJoin: true,
    async handle(request, { context }) {
      return { ok: true, lesson: await lessonsOf(context).hand(context.userId, request) };
    },
  },
  'lesson:knock': {
    kind: 'ask',
    schema: RoomRequest,
    needsJoin: true,
    async handle({ roomId }, { context }) {
      return { ok: true, lesson: await lessonsOf(context).knock(context.userId, roomId) };
    },
  },
  'lesson:register': {
    kind: 'ask',
    schema: RoomRequest,
    needsJoin: true,
    async handle({ roomId }, { context }) {
      return { ok: true, roomId, ...(await lessonsOf(context).register(context.userId, roomId)) };
    },
  },
  announce: {
    kind: 'ask',
    schema: AnnounceRequest,
    needsJoin: true,
    async handle({ text }, { context }) {
      const { id, at } = await lessonsOf(context).announce(context.userId, text);
      return { ok: true, id, at };
    },
  },
  'screen:command': {
    kind: 'ask',
    schema: ScreenCommand,
    needsJoin: true,
    async handle(command, { context }) {
      if (!context.screens) throw new RoomError(MessageError.NOT_A_MEMBER, 'rooms have no screens here');
      return { ok: true, screen: await context.screens.command(context.userId, command) };
    },
  },
  'file:offer': {
    kind: 'ask',
    schema: FileOffer,
    needsJoin: true,
    handle(offer, { context }) {
      if (!context.files) throw new RoomError(MessageError.FILE_TOO_LARGE, 'this server takes no files');
      return context.files.offer(context.userId, offer);
    },
  },
  'file:accept': {
    kind: 'ask',
    schema: FileRequest,
    needsJoin: true,
    handle({ id }, { context }) {
      return filesOf(context).accept(context.userId, id);
    },
  },
  'file:decline': {
    kind: 'tell',
    schema: FileRequest,
    needsJoin: true,
    handle({ id }, { context }) {
      filesOf(context).decline(context.userId, id);
    },
  },
  'file:cancel': {
    kind: 'tell',
    schema: FileRequest,
    needsJoin: true,
    handle({ id }, { context }) {
      filesOf(context).cancel(context.userId, id);
    },
  },
  clock: {
    kind: 'ask',
    schema: ClockRequest,
    needsJoin: false,
    handle(_payload, { context }) {
      return context.clock.now();
    },
  },
};

function lessonsOf(context: ConnectionContext): Lessons {
  if (!context.lessons)
    throw new RoomError(MessageError.NOT_A_TEACHER, 'lessons are not set up on this server');
  return context.lessons;
}

/** Without file sharing there are no offers to take, decline or cancel. */
function filesOf(context: ConnectionContext): FileOffers {
  if (!context.files) throw new RoomError(MessageError.UNKNOWN_OFFER, 'this server shares no files');
  return context.files;
}

/** True for the events whose sender must pass an acknowledgement callback. */
export function isAnswered(event: ClientEventName): boolean {
  return clientRoutes[event].kind === 'ask';
}
