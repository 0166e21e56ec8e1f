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
import { positionAt, type Rect, type WorldMap } from '@campus/world';
import { Audience } from './Audience';
import {
  isOnline,
  mergeProfile,
  offlineSince,
  sameProfile,
  snapshotOf,
  standing,
  type AwayPresence,
  type Member,
} from './Member';
import { Members } from './Members';
import type { Clock, ClientPort } from './ports';
import { RemoteMembers, type RemoteUser } from './RemoteMembers';
import { Placement } from './Placement';
import { RoomError } from './RoomError';
import { nextStroke, strokeLimits, type StrokeLimits } from './nextStroke';
import type { WorldObserver } from './WorldObserver';

/** A room's options; the stroke limits default to `strokeLimits`'. */
export interface WorldRoomOptions extends Partial<StrokeLimits> {
  /** How long (ms) a dropped user stays in the world before the others are told they left. */
  gracePeriod?: number;
  /** Picks a spawn index for a newcomer; injected so tests are deterministic. */
  pickSpawn?: (count: number) => number;
  /**
   * How long (ms) after the server starts it believes a client it has no record of about where it stood (coming back
   * after a restart), and remembers where a user who left stood (coming back after a long outage); a minute by default.
   */
  resumeWindow?: number;
  /**
   * In a cluster, hands a chat message to a user whose session another node holds (see `applyRemote`); the only
   * thing sent to such a user from here, since their node works out what they see of the world.
   */
  forwardChat?: (userId: string, message: ChatMessage) => void;
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
 *
 * Each user hears of others only within their area of interest (InterestGrid): moves, profiles, media and presence
 * of those in it, a `user:visible` snapshot when someone comes into it and `user:hidden` when they go out of it;
 * presence also of the users they watch (their direct-message partners), wherever those are.
 */
export class WorldRoom {
  private readonly members: Members;
  private readonly audience: Audience;
  private readonly limits: StrokeLimits;
  private readonly gracePeriod: number;
  private readonly placement: Placement;
  private readonly remote: RemoteMembers;
  private readonly observers: WorldObserver[] = [];

  constructor(
    readonly map: WorldMap,
    private readonly clock: Clock,
    options: WorldRoomOptions = {},
  ) {
    this.limits = strokeLimits(options);
    this.gracePeriod = options.gracePeriod ?? 10_000;
    this.placement = new Placement(map, clock, {
      positionTolerance: this.limits.positionTolerance,
      resumeWindow: options.resumeWindow ?? 60_000,
      pickSpawn: options.pickSpawn ?? ((n) => Math.floor(Math.random() * n)),
    });
    this.members = new Members(options.forwardChat);
    this.audience = new Audience(map, clock, this.members);
    this.remote = new RemoteMembers({
      members: this.members,
      audience: this.audience,
      clock,
      setStroke: (userId, member) => this.setStroke(userId, member),
      leave: (userId) => this.leave(userId),
    });
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
    const presence = this.members.get(userId)?.presence;
    return presence?.kind === 'local' && presence.sessionId === sessionId;
  }

  /**
   * Puts the user's session in the world. A user already present keeps their place and this session takes over:
   * the older session, if still connected, is told and closed.
   */
  join(userId: string, sessionId: string, port: ClientPort, request: JoinRequest): JoinResult {
    const now = this.clock.now();
    const existing = this.members.get(userId);
    if (existing) {
      if (existing.presence.sessionId === sessionId)
        throw new RoomError(MessageError.ALREADY_JOINED, 'already in the world');
      const wasOnline = isOnline(existing.presence);
      this.takeOver(userId, existing, sessionId, port, request, now);
      const changed = this.applyProfile(existing, { name: request.name, appearance: request.appearance });
      if (changed) this.audience.tell(userId, 'user:profile', { userId, profile: existing.profile });
      if (!wasOnline) this.audience.presence(userId, true);
      const missed = existing.missed.splice(0);
      for (const o of this.observers) o.joined?.(userId, sessionId);
      return {
        self: snapshotOf(userId, existing),
        users: this.audience.snapshotsAround(userId),
        resumed: true,
        missed,
      };
    }
    const member: Member = {
      presence: { kind: 'local', sessionId, port },
      profile: { name: request.name, appearance: request.appearance, status: 'available' },
      position: standing(
        userId,
        this.placement.arrival(userId, request.resume?.position),
        request.resume?.direction ?? 'down',
        now,
      ),
      missed: [],
    };
    this.members.add(userId, member);
    const users = this.audience.arrive(userId);
    for (const o of this.observers) o.joined?.(userId, sessionId);
    return { self: snapshotOf(userId, member), users, resumed: false, missed: [] };
  }

  /**
   * A session's connection ended. If it is the user's live session, the avatar stays for the grace period (marked
   * offline) and then leaves; a superseded session's disconnect is ignored.
   */
  disconnect(userId: string, sessionId: string): void {
    const member = this.members.get(userId);
    if (member?.presence.kind !== 'local' || member.presence.sessionId !== sessionId) return;
    const now = this.clock.now();
    const away: AwayPresence = {
      kind: 'away',
      sessionId,
      since: now,
      // Members cancels the timer when the presence moves on (a new session, another node's claim, a leave); the
      // check is a safeguard.
      cancelGrace: this.clock.setTimeout(() => {
        if (this.members.get(userId)?.presence === away) this.leave(userId);
      }, this.gracePeriod),
    };
    this.members.setPresence(userId, away);
    if (member.position.isMoving) {
      member.position = standing(
        userId,
        positionAt(this.map, member.position, now),
        member.position.direction,
        now,
      );
      // The others stop the avatar where the server does, so what they draw stays what the grid knows.
      this.setStroke(userId, member);
    }
    this.audience.presence(userId, false);
    for (const o of this.observers) o.changed?.(userId);
  }

  /**
   * Starts a new stroke for the user (a start, a turn or a stop) and tells the others.
   * Refuses positions off the map, inside walls, or too far from where the previous stroke puts the avatar.
   */
  move(userId: string, message: MoveMessage): PositionState {
    const member = this.requireMember(userId);
    member.position = nextStroke(this.map, member.position, message, this.clock.now(), this.limits);
    this.setStroke(userId, member);
    return member.position;
  }

  /**
   * Stands the user's avatar at `p` now, the server's own stroke (a room that shut around it). The others are told at
   * once, the user on the next turn: after the refusal that caused it, so their door is shut before they stand at it.
   */
  place(userId: string, p: Point): void {
    const member = this.requireMember(userId);
    member.position = standing(userId, p, member.position.direction, this.clock.now());
    this.setStroke(userId, member);
    this.clock.setTimeout(() => this.sendTo(userId, 'self:position', member.position), 0);
  }

  /** Applies a profile change and tells the others. */
  updateProfile(userId: string, update: ProfileUpdate): Profile {
    const member = this.requireMember(userId);
    if (this.applyProfile(member, update)) {
      this.audience.tell(userId, 'user:profile', { userId, profile: member.profile });
      for (const o of this.observers) o.changed?.(userId);
    }
    return member.profile;
  }

  /** Removes the user now and tells everyone. Unknown users are ignored, so a late second leave is harmless. */
  leave(userId: string): void {
    const member = this.members.remove(userId);
    if (!member) return;
    this.placement.departed(userId, positionAt(this.map, member.position, this.clock.now()));
    const { presence } = member;
    for (const o of this.observers) o.left?.(userId, presence.kind !== 'remote', presence.sessionId);
    this.audience.depart(userId);
  }

  /** Ends a session's presence at once, with no grace period (a connection closed for abuse). */
  expel(userId: string, sessionId: string): void {
    if (this.isActiveSession(userId, sessionId)) this.leave(userId);
  }

  /**
   * Replaces the users whose presence `userId` follows wherever they are (their direct-message partners); returns
   * which of them are connected now.
   */
  watchPresence(userId: string, userIds: readonly string[]): string[] {
    this.requireMember(userId);
    return this.audience.watchPresence(userId, userIds);
  }

  /** Sets (or, with null, clears) the user's media endpoint and state, and tells the others. */
  setMedia(userId: string, media: UserMedia | null): void {
    const member = this.requireMember(userId);
    if (media) member.media = media;
    else delete member.media;
    this.audience.tell(userId, 'user:media', { userId, media });
    for (const o of this.observers) o.changed?.(userId);
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
    return this.audience.where(userId);
  }

  /**
   * Users present (connected, or within their grace period) who may stand in `rect` now, other than `exceptUserId`,
   * with where they stand: a superset, found with the interest grid, for the caller to filter by `at`.
   */
  presentAround(rect: Rect, exceptUserId?: string): Array<{ userId: string; at: Point }> {
    return [...this.audience.around(rect)].filter((u) => u.userId !== exceptUserId);
  }

  /**
   * Hands a nearby or classroom message to a present user: now if connected, else kept (up to a bound) for when they
   * are back, so a reload mid-conversation loses nothing.
   */
  deliverChat(userId: string, message: ChatMessage): void {
    this.members.deliverChat(userId, message);
  }

  /** Hands a direct message to a user who is connected, here or on another node; false when they are not. */
  deliverDirect(userId: string, message: ChatMessage): boolean {
    return this.members.chatNow(userId, message);
  }

  /** Sends an event to one user's live session on this node; false when this node holds none. */
  sendTo<E extends keyof ServerToClientEvents>(
    userId: string,
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): boolean {
    const port = this.members.portOf(userId);
    port?.send(event, ...args);
    return port !== undefined;
  }

  snapshot(): UserSnapshot[] {
    return [...this.members.entries()].map(([id, m]) => snapshotOf(id, m));
  }

  /** What others see of one user, and the session that holds their presence. */
  userSnapshot(userId: string): { user: UserSnapshot; sessionId: string } | undefined {
    const member = this.members.get(userId);
    return member && { user: snapshotOf(userId, member), sessionId: member.presence.sessionId };
  }

  /** True when this node holds the user's session (always, outside a cluster). */
  isLocal(userId: string): boolean {
    const member = this.members.get(userId);
    return member !== undefined && member.presence.kind !== 'remote';
  }

  /** Users whose sessions this node holds (connected, or within their grace period). */
  localUsers(): string[] {
    return [...this.members.entries()].filter(([, m]) => m.presence.kind !== 'remote').map(([id]) => id);
  }

  /** The other nodes holding sessions of users present here. */
  remoteNodes(): Set<string> {
    return this.remote.nodes();
  }

  /**
   * Applies what another node of a cluster announced of a user whose session it holds, unchecked (that node checked
   * it); with `claim` the presence moves there from wherever it was. False when ignored (see RemoteMembers).
   */
  applyRemote(node: string, sessionId: string, user: UserSnapshot, claim: boolean): boolean {
    return this.remote.apply(node, sessionId, user, claim);
  }

  /** Removes users whose sessions `node` holds: one user (only that `sessionId`, when given), or all but `keep`. */
  removeRemote(node: string, only?: RemoteUser, keep?: ReadonlySet<string>): void {
    this.remote.remove(node, only, keep);
  }

  private takeOver(
    userId: string,
    member: Member,
    sessionId: string,
    port: ClientPort,
    request: JoinRequest,
    now: number,
  ): void {
    const previous = member.presence;
    // A session another node held counts as gone (that node may have died mid-stroke): the client says where it is.
    const awayFor = previous.kind === 'local' ? undefined : now - (offlineSince(previous) ?? now);
    if (awayFor !== undefined && request.resume) {
      const from = positionAt(this.map, member.position, now);
      const back = this.placement.returning(from, request.resume.position, awayFor);
      if (back) {
        member.position = standing(userId, back, request.resume.direction, now);
        this.setStroke(userId, member);
      }
    }
    // Switch sessions before closing the old one: its disconnect, which may fire right away, must find itself
    // superseded. A session on another node is closed by that node when it hears of this one.
    this.members.setPresence(userId, { kind: 'local', sessionId, port });
    if (previous.kind === 'local') {
      const code = ConnectRefusal.SESSION_REPLACED;
      previous.port.send('session:replaced', { code, reason: codeName(code) });
      previous.port.disconnect();
    }
  }

  /** Applies a profile change to the member; true when what others see changed. */
  private applyProfile(member: Member, update: ProfileUpdate): boolean {
    const next = mergeProfile(member.profile, update);
    const changed = !sameProfile(next, member.profile);
    member.profile = next;
    return changed;
  }

  private requireMember(userId: string): Member {
    const member = this.members.get(userId);
    if (!member) throw new RoomError(MessageError.NOT_JOINED, 'join the world first');
    return member;
  }

  /** Tells the member's new stroke to whoever sees it or now meets it, then to the observers. */
  private setStroke(userId: string, member: Member): void {
    this.audience.moved(userId);
    const local = member.presence.kind !== 'remote';
    for (const o of this.observers) o.moved?.(userId, member.position, local);
  }
}
