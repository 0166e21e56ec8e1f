import {
  MessageError,
  type JoinRequest,
  type MoveMessage,
  type PositionState,
  type Profile,
  type ProfileUpdate,
  type ServerToClientEvents,
  type UserSnapshot,
} from '@campus/protocol';
import { bodyFits, distance, positionAt, type WorldMap } from '@campus/world';
import type { Clock, ClientPort } from './ports';
import { RoomError } from './RoomError';

interface Member {
  port: ClientPort;
  profile: Profile;
  position: PositionState;
}

export interface WorldRoomOptions {
  /**
   * How far (px) a new stroke may start from where the previous one puts the avatar at that moment.
   * Covers clock-estimate error; a client claiming more is teleporting.
   */
  positionTolerance?: number;
  /** How far back (ms) a client may date a stroke's start; older claims are clamped. */
  maxStrokeBackdate?: number;
  /** Picks a spawn index for a newcomer; injected so tests are deterministic. */
  pickSpawn?: (count: number) => number;
}

/**
 * One world: who is in it, where each stands, what they look like; and who must hear of each change.
 * Knows nothing of the network: clients are ClientPorts and time comes from the injected Clock.
 */
export class WorldRoom {
  private readonly members = new Map<string, Member>();
  private readonly positionTolerance: number;
  private readonly maxStrokeBackdate: number;
  private readonly pickSpawn: (count: number) => number;

  constructor(
    readonly map: WorldMap,
    private readonly clock: Clock,
    options: WorldRoomOptions = {},
  ) {
    this.positionTolerance = options.positionTolerance ?? 24;
    this.maxStrokeBackdate = options.maxStrokeBackdate ?? 1000;
    this.pickSpawn = options.pickSpawn ?? ((n) => Math.floor(Math.random() * n));
  }

  get size(): number {
    return this.members.size;
  }

  has(userId: string): boolean {
    return this.members.has(userId);
  }

  /** Adds a user at a spawn point; tells everyone else; returns the newcomer's own state and a snapshot of the others. */
  join(
    userId: string,
    port: ClientPort,
    request: JoinRequest,
  ): { self: UserSnapshot; users: UserSnapshot[] } {
    if (this.members.has(userId)) throw new RoomError(MessageError.ALREADY_JOINED, 'already in the world');
    const spawn = this.map.spawns[this.pickSpawn(this.map.spawns.length)] ?? this.map.spawns[0];
    if (!spawn) throw new Error('map has no spawn points');
    const member: Member = {
      port,
      profile: { name: request.name, appearance: request.appearance, status: 'available' },
      position: {
        userId,
        position: { x: spawn.x, y: spawn.y },
        direction: 'down',
        isMoving: false,
        startedAt: this.clock.now(),
      },
    };
    const users = [...this.members.entries()].map(([id, m]) => snapshotOf(id, m));
    this.members.set(userId, member);
    const self = snapshotOf(userId, member);
    this.broadcast(userId, 'user:joined', self);
    return { self, users };
  }

  /**
   * Starts a new stroke for the user (a start, a turn or a stop) and tells the others.
   * Refuses positions off the map, inside walls, or too far from where the previous stroke puts the avatar.
   */
  move(userId: string, message: MoveMessage): PositionState {
    const member = this.requireMember(userId);
    const { position } = message;
    if (!this.map.containsPoint(position)) {
      throw new RoomError(
        MessageError.OUT_OF_BOUNDS,
        `position (${position.x}, ${position.y}) is outside the map`,
      );
    }
    if (!bodyFits(this.map, position)) {
      throw new RoomError(
        MessageError.POSITION_BLOCKED,
        `position (${position.x}, ${position.y}) is inside a wall`,
      );
    }
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
    return member.position;
  }

  /** Applies a profile change and tells the others. */
  updateProfile(userId: string, update: ProfileUpdate): Profile {
    const member = this.requireMember(userId);
    member.profile = {
      name: update.name ?? member.profile.name,
      appearance: update.appearance ?? member.profile.appearance,
      status: update.status ?? member.profile.status,
    };
    this.broadcast(userId, 'user:profile', { userId, profile: member.profile });
    return member.profile;
  }

  /** Removes the user and tells everyone. Unknown users are ignored, so a late second leave is harmless. */
  leave(userId: string): void {
    if (!this.members.delete(userId)) return;
    this.broadcast(userId, 'user:left', { userId });
  }

  /** The user's current stroke, for correcting a client whose move was refused. */
  positionOf(userId: string): PositionState | undefined {
    return this.members.get(userId)?.position;
  }

  snapshot(): UserSnapshot[] {
    return [...this.members.entries()].map(([id, m]) => snapshotOf(id, m));
  }

  private requireMember(userId: string): Member {
    const member = this.members.get(userId);
    if (!member) throw new RoomError(MessageError.NOT_JOINED, 'join the world first');
    return member;
  }

  private broadcast<E extends keyof ServerToClientEvents>(
    exceptUserId: string,
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void {
    for (const [id, m] of this.members) {
      if (id !== exceptUserId) m.port.send(event, ...args);
    }
  }
}

function snapshotOf(userId: string, m: Member): UserSnapshot {
  return { userId, profile: m.profile, position: m.position };
}
