import {
  ConnectRefusal,
  type ChatMessage,
  MessageError,
  codeName,
  type JoinRequest,
  type MoveMessage,
  type Point,
  type PositionState,
  type Profile,
  type ProfileUpdate,
  type ServerToClientEvents,
  type UserMedia,
  type UserSnapshot,
} from '@campus/protocol';
import { WALK_SPEED, bodyFits, distance, positionAt, type WorldMap } from '@campus/world';
import type { Cancel, Clock, ClientPort } from './ports';
import { RoomError } from './RoomError';

/** One user's presence: at most one live session, or none while a dropped connection's grace period runs. */
interface Member {
  sessionId: string;
  port: ClientPort | undefined;
  profile: Profile;
  position: PositionState;
  disconnectedAt?: number;
  cancelGrace?: Cancel;
  /** Chat said to the user while their connection was down, handed over when they are back. */
  missed: ChatMessage[];
  media?: UserMedia;
}

/** The most chat messages kept for a user whose connection is down. */
const MISSED_MAX = 100;

export interface WorldRoomOptions {
  /**
   * How far (px) a new stroke may start from where the previous one puts the avatar at that moment.
   * Covers clock-estimate error; a client claiming more is teleporting.
   */
  positionTolerance?: number;
  /** How far back (ms) a client may date a stroke's start; older claims are clamped. */
  maxStrokeBackdate?: number;
  /** How long (ms) a dropped user stays in the world before the others are told they left. */
  gracePeriod?: number;
  /** Picks a spawn index for a newcomer; injected so tests are deterministic. */
  pickSpawn?: (count: number) => number;
}

/** Hears of changes other parts of the server follow (classroom membership, media credentials). */
export interface WorldObserver {
  /** The user started a new stroke (or was placed somewhere on joining or resuming). */
  moved?(userId: string, stroke: PositionState): void;
  /** The user has left for good (after any grace period). */
  left?(userId: string): void;
}

export interface JoinResult {
  self: UserSnapshot;
  users: UserSnapshot[];
  /** True when the user already had a presence (a reload, a second tab, a reconnect) and took it over. */
  resumed: boolean;
  /** Chat that arrived while the user's connection was down. */
  missed: ChatMessage[];
}

/**
 * One world: who is in it, where each stands, what they look like; and who must hear of each change.
 * Presence is per user, not per connection: a user's newest session takes over, and an older session's late
 * disconnect changes nothing. Knows nothing of the network: sessions are ClientPorts and time is an injected Clock.
 */
export class WorldRoom {
  private readonly members = new Map<string, Member>();
  private readonly positionTolerance: number;
  private readonly maxStrokeBackdate: number;
  private readonly gracePeriod: number;
  private readonly pickSpawn: (count: number) => number;
  private readonly observers: WorldObserver[] = [];

  constructor(
    readonly map: WorldMap,
    private readonly clock: Clock,
    options: WorldRoomOptions = {},
  ) {
    this.positionTolerance = options.positionTolerance ?? 24;
    this.maxStrokeBackdate = options.maxStrokeBackdate ?? 1000;
    this.gracePeriod = options.gracePeriod ?? 10_000;
    this.pickSpawn = options.pickSpawn ?? ((n) => Math.floor(Math.random() * n));
  }

  observe(observer: WorldObserver): void {
    this.observers.push(observer);
  }

  /** How many users are present (connected or within their grace period). */
  get size(): number {
    return this.members.size;
  }

  has(userId: string): boolean {
    return this.members.has(userId);
  }

  /** True when `sessionId` is the user's live session: the only one whose messages count. */
  isActiveSession(userId: string, sessionId: string): boolean {
    const member = this.members.get(userId);
    return member !== undefined && member.sessionId === sessionId && member.port !== undefined;
  }

  /**
   * Puts the user's session in the world. A user already present keeps their place and this session takes over:
   * the older session, if still connected, is told and closed.
   */
  join(userId: string, sessionId: string, port: ClientPort, request: JoinRequest): JoinResult {
    const now = this.clock.now();
    const existing = this.members.get(userId);
    if (existing) {
      if (existing.sessionId === sessionId)
        throw new RoomError(MessageError.ALREADY_JOINED, 'already in the world');
      const wasOnline = existing.port !== undefined;
      this.takeOver(existing, sessionId, port, request, now);
      const changed = this.applyProfile(existing, { name: request.name, appearance: request.appearance });
      if (changed) this.broadcast(userId, 'user:profile', { userId, profile: existing.profile });
      if (!wasOnline) this.broadcast(userId, 'user:presence', { userId, online: true });
      const missed = existing.missed.splice(0);
      return {
        self: snapshotOf(userId, existing),
        users: this.snapshotExcept(userId),
        resumed: true,
        missed,
      };
    }
    const member: Member = {
      sessionId,
      port,
      profile: { name: request.name, appearance: request.appearance, status: 'available' },
      position: this.standing(userId, this.startingPoint(request), request.resume?.direction ?? 'down', now),
      missed: [],
    };
    const users = this.snapshotExcept(userId);
    this.members.set(userId, member);
    const self = snapshotOf(userId, member);
    this.broadcast(userId, 'user:joined', self);
    return { self, users, resumed: false, missed: [] };
  }

  /**
   * A session's connection ended. If it is the user's live session, the avatar stays for the grace period (marked
   * offline) and then leaves; a superseded session's disconnect is ignored.
   */
  disconnect(userId: string, sessionId: string): void {
    const member = this.members.get(userId);
    if (!member || member.sessionId !== sessionId || member.port === undefined) return;
    member.port = undefined;
    member.disconnectedAt = this.clock.now();
    member.position = this.standing(
      userId,
      positionAt(this.map, member.position, member.disconnectedAt),
      member.position.direction,
      member.disconnectedAt,
    );
    this.broadcast(userId, 'user:presence', { userId, online: false });
    member.cancelGrace = this.clock.setTimeout(() => {
      if (this.members.get(userId) === member && member.port === undefined) this.leave(userId);
    }, this.gracePeriod);
  }

  /**
   * Starts a new stroke for the user (a start, a turn or a stop) and tells the others.
   * Refuses positions off the map, inside walls, or too far from where the previous stroke puts the avatar.
   */
  move(userId: string, message: MoveMessage): PositionState {
    const member = this.requireMember(userId);
    const { position } = message;
    this.requireWalkable(position);
    const now = this.clock.now();
    const previous = member.position;
    const earliest = Math.max(previous.startedAt, now - this.maxStrokeBackdate);
    const startedAt = Math.min(now, Math.max(earliest, message.startedAt ?? now));
    const expected = positionAt(this.map, previous, startedAt);
    if (distance(expected, position) > this.positionTolerance) {
      throw new RoomError(
        MessageError.POSITION_IMPLAUSIBLE,
        `position (${position.x}, ${position.y}) is ${Math.round(distance(expected, position))} px from where the avatar walked`,
      );
    }
    member.position = {
      userId,
      position: { x: position.x, y: position.y },
      direction: message.direction,
      isMoving: message.isMoving,
      startedAt,
    };
    this.broadcast(userId, 'user:moved', member.position);
    for (const o of this.observers) o.moved?.(userId, member.position);
    return member.position;
  }

  /** Applies a profile change and tells the others. */
  updateProfile(userId: string, update: ProfileUpdate): Profile {
    const member = this.requireMember(userId);
    if (this.applyProfile(member, update))
      this.broadcast(userId, 'user:profile', { userId, profile: member.profile });
    return member.profile;
  }

  /** Removes the user now and tells everyone. Unknown users are ignored, so a late second leave is harmless. */
  leave(userId: string): void {
    const member = this.members.get(userId);
    if (!member) return;
    member.cancelGrace?.();
    this.members.delete(userId);
    for (const o of this.observers) o.left?.(userId);
    this.broadcast(userId, 'user:left', { userId });
  }

  /** Sets (or, with null, clears) the user's media endpoint and state, and tells the others. */
  setMedia(userId: string, media: UserMedia | null): void {
    const member = this.requireMember(userId);
    if (media) member.media = media;
    else delete member.media;
    this.broadcast(userId, 'user:media', { userId, media });
  }

  mediaOf(userId: string): UserMedia | undefined {
    return this.members.get(userId)?.media;
  }

  /** The user's current stroke, for correcting a client whose move was refused. */
  positionOf(userId: string): PositionState | undefined {
    return this.members.get(userId)?.position;
  }

  profileOf(userId: string): Profile | undefined {
    return this.members.get(userId)?.profile;
  }

  /** Where the user's avatar is right now, by the movement model. */
  whereIs(userId: string): Point | undefined {
    const member = this.members.get(userId);
    return member ? positionAt(this.map, member.position, this.clock.now()) : undefined;
  }

  /** Users present (connected, or within their grace period), other than `exceptUserId`, with where they stand now. */
  *presentUsers(exceptUserId?: string): Generator<{ userId: string; at: Point }> {
    const now = this.clock.now();
    for (const [userId, m] of this.members) {
      if (userId !== exceptUserId) yield { userId, at: positionAt(this.map, m.position, now) };
    }
  }

  /**
   * Hands a nearby or classroom message to a present user: now if connected, else kept (up to a bound) for when they
   * are back, so a reload mid-conversation loses nothing.
   */
  deliverChat(userId: string, message: ChatMessage): void {
    const member = this.members.get(userId);
    if (!member) return;
    if (member.port) {
      member.port.send('chat:message', message);
      return;
    }
    member.missed.push(message);
    if (member.missed.length > MISSED_MAX) member.missed.shift();
  }

  /** Sends an event to one user's live session; false when they have none. */
  sendTo<E extends keyof ServerToClientEvents>(
    userId: string,
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): boolean {
    const port = this.members.get(userId)?.port;
    if (!port) return false;
    port.send(event, ...args);
    return true;
  }

  snapshot(): UserSnapshot[] {
    return [...this.members.entries()].map(([id, m]) => snapshotOf(id, m));
  }

  private takeOver(
    member: Member,
    sessionId: string,
    port: ClientPort,
    request: JoinRequest,
    now: number,
  ): void {
    const previous = member.port;
    if (!previous && request.resume && member.disconnectedAt !== undefined) {
      // While disconnected the client may have kept walking; accept where it says it is if it could have got there.
      const reach = this.positionTolerance + (WALK_SPEED * (now - member.disconnectedAt)) / 1000;
      const claimed = request.resume.position;
      if (
        this.isWalkable(claimed) &&
        distance(claimed, positionAt(this.map, member.position, now)) <= reach
      ) {
        member.position = this.standing(member.position.userId, claimed, request.resume.direction, now);
        this.broadcast(member.position.userId, 'user:moved', member.position);
        for (const o of this.observers) o.moved?.(member.position.userId, member.position);
      }
    }
    member.cancelGrace?.();
    member.cancelGrace = undefined;
    member.disconnectedAt = undefined;
    // Switch sessions before closing the old one: its disconnect, which may fire right away, must find itself superseded.
    member.sessionId = sessionId;
    member.port = port;
    if (previous) {
      const code = ConnectRefusal.SESSION_REPLACED;
      previous.send('session:replaced', { code, reason: codeName(code) });
      previous.disconnect();
    }
  }

  /** A newcomer's first position: where they were (after a server restart), if walkable; else a spawn point. */
  private startingPoint(request: JoinRequest): Point {
    const resume = request.resume?.position;
    if (resume && this.isWalkable(resume)) return resume;
    const spawn = this.map.spawns[this.pickSpawn(this.map.spawns.length)] ?? this.map.spawns[0];
    if (!spawn) throw new Error('map has no spawn points');
    return spawn;
  }

  private standing(
    userId: string,
    p: Point,
    direction: PositionState['direction'],
    now: number,
  ): PositionState {
    return { userId, position: { x: p.x, y: p.y }, direction, isMoving: false, startedAt: now };
  }

  private applyProfile(member: Member, update: ProfileUpdate): boolean {
    const next: Profile = {
      name: update.name ?? member.profile.name,
      appearance: update.appearance ?? member.profile.appearance,
      status: update.status ?? member.profile.status,
    };
    const changed =
      next.name !== member.profile.name ||
      next.appearance.look !== member.profile.appearance.look ||
      next.status !== member.profile.status;
    member.profile = next;
    return changed;
  }

  private isWalkable(p: Point): boolean {
    return this.map.containsPoint(p) && bodyFits(this.map, p);
  }

  private requireWalkable(p: Point): void {
    if (!this.map.containsPoint(p)) {
      throw new RoomError(MessageError.OUT_OF_BOUNDS, `position (${p.x}, ${p.y}) is outside the map`);
    }
    if (!bodyFits(this.map, p)) {
      throw new RoomError(MessageError.POSITION_BLOCKED, `position (${p.x}, ${p.y}) is inside a wall`);
    }
  }

  private requireMember(userId: string): Member {
    const member = this.members.get(userId);
    if (!member) throw new RoomError(MessageError.NOT_JOINED, 'join the world first');
    return member;
  }

  private snapshotExcept(userId: string): UserSnapshot[] {
    return [...this.members.entries()].filter(([id]) => id !== userId).map(([id, m]) => snapshotOf(id, m));
  }

  private broadcast<E extends keyof ServerToClientEvents>(
    exceptUserId: string,
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void {
    for (const [id, m] of this.members) {
      if (id !== exceptUserId) m.port?.send(event, ...args);
    }
  }
}

function snapshotOf(userId: string, m: Member): UserSnapshot {
  return {
    userId,
    profile: m.profile,
    position: m.position,
    online: m.port !== undefined,
    ...(m.media ? { media: m.media } : {}),
  };
}
