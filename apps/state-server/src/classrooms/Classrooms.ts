import { MessageError, type ClassroomMode, type LiveKitAccess, type PositionState } from '@campus/protocol';
import { rectContains, strokeExitTime, type Area } from '@campus/world';
import type { Logger } from '../logger';
import type { Cancel, Clock } from '../ports';
import { RoomError } from '../RoomError';
import type { WorldRoom } from '../WorldRoom';
import type { ClassroomSfu } from './ClassroomSfu';

export interface ClassroomsOptions {
  /** The SFU when one is configured; without it classrooms run as a capped mesh among members. */
  sfu?: ClassroomSfu;
  /** Without an SFU, a classroom holds at most this many (fewer if its capacity is lower). */
  meshCap?: number;
}

/**
 * Classroom membership. A user is let in only if the server's own idea of where their avatar stands lies inside the
 * room's area and the room has space (counted in people: presence is per user, so a reload or a second tab never
 * counts twice). Membership ends when they ask, when their stroke carries them out of the area (the server schedules
 * that moment itself, so a client that never says it left still leaves), or when they leave the campus; then the SFU
 * is told to remove them, so nobody keeps listening after walking out.
 */
export class Classrooms {
  private readonly members = new Map<string, Set<string>>();
  private readonly roomOfUser = new Map<string, string>();
  private readonly exitTimers = new Map<string, Cancel>();
  readonly mode: ClassroomMode;
  readonly meshCap: number;

  constructor(
    private readonly world: WorldRoom,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly options: ClassroomsOptions = {},
  ) {
    this.mode = options.sfu ? 'livekit' : 'mesh';
    this.meshCap = options.meshCap ?? 8;
    world.observe({
      moved: (userId, stroke) => this.followStroke(userId, stroke),
      left: (userId) => this.leave(userId),
    });
  }

  /** How many people a room lets in, in this mode. */
  capacityOf(area: Area): number {
    return this.mode === 'mesh' ? Math.min(area.capacity, this.meshCap) : area.capacity;
  }

  enter(userId: string, roomId: string): { members: string[]; livekit?: Promise<LiveKitAccess> } {
    const area = this.world.map.areaById(roomId);
    if (!area) throw new RoomError(MessageError.UNKNOWN_ROOM, `no classroom "${roomId}" on this map`);
    const where = this.world.whereIs(userId);
    const stroke = this.world.positionOf(userId);
    if (!where || !stroke) throw new RoomError(MessageError.NOT_JOINED, 'join the world first');
    if (!rectContains(area.rect, where)) {
      throw new RoomError(MessageError.NOT_IN_AREA, `walk into ${area.name} first`);
    }
    const members = this.members.get(roomId) ?? new Set<string>();
    if (!members.has(userId)) {
      const capacity = this.capacityOf(area);
      if (members.size >= capacity) {
        throw new RoomError(MessageError.ROOM_FULL, `${area.name} is full (${capacity} people)`);
      }
      this.leave(userId); // one classroom at a time
      members.add(userId);
      this.members.set(roomId, members);
      this.roomOfUser.set(userId, roomId);
      this.announce(roomId);
    }
    this.followStroke(userId, stroke);
    const list = [...members];
    const sfu = this.options.sfu;
    if (!sfu) return { members: list };
    return {
      members: list,
      livekit: sfu.access(roomId, userId, this.world.profileOf(userId)?.name ?? userId),
    };
  }

  /** A fresh SFU token, for members only. */
  token(userId: string, roomId: string): Promise<LiveKitAccess> {
    if (this.roomOfUser.get(userId) !== roomId) {
      throw new RoomError(MessageError.NOT_A_MEMBER, `not a member of "${roomId}"`);
    }
    if (!this.options.sfu)
      throw new RoomError(MessageError.INVALID_PAYLOAD, 'classrooms run without an SFU here');
    return this.options.sfu.access(roomId, userId, this.world.profileOf(userId)?.name ?? userId);
  }

  /** Ends the user's membership (of `roomId`, or of whichever room they are in). */
  leave(userId: string, roomId?: string): void {
    const current = this.roomOfUser.get(userId);
    if (current === undefined || (roomId !== undefined && roomId !== current)) return;
    this.exitTimers.get(userId)?.();
    this.exitTimers.delete(userId);
    this.roomOfUser.delete(userId);
    const members = this.members.get(current);
    members?.delete(userId);
    if (members?.size === 0) this.members.delete(current);
    this.announce(current, userId);
    // A screen share is shown to one room: it ends when its owner leaves that room.
    const media = this.world.mediaOf(userId);
    if (media?.screen) this.world.setMedia(userId, { ...media, screen: false });
    this.options.sfu?.removeParticipant(current, userId).catch((err: unknown) => {
      this.log.warn(
        { err: String(err), userId, roomId: current },
        'could not remove participant from the SFU',
      );
    });
  }

  roomOf(userId: string): string | undefined {
    return this.roomOfUser.get(userId);
  }

  membersOf(roomId: string): string[] {
    return [...(this.members.get(roomId) ?? [])];
  }

  isMember(userId: string, roomId: string): boolean {
    return this.roomOfUser.get(userId) === roomId;
  }

  /** Leaves the room at the moment the user's current stroke carries them out of its area. */
  private followStroke(userId: string, stroke: PositionState): void {
    const roomId = this.roomOfUser.get(userId);
    if (roomId === undefined) return;
    const area = this.world.map.areaById(roomId);
    if (!area) return;
    this.exitTimers.get(userId)?.();
    this.exitTimers.delete(userId);
    const exit = strokeExitTime(this.world.map, stroke, area.rect);
    const now = this.clock.now();
    if (exit <= now) {
      this.leave(userId, roomId);
    } else if (exit !== Infinity) {
      this.exitTimers.set(
        userId,
        this.clock.setTimeout(() => this.leave(userId, roomId), exit - now),
      );
    }
  }

  private announce(roomId: string, alsoTell?: string): void {
    const members = this.membersOf(roomId);
    for (const userId of members) this.world.sendTo(userId, 'room:members', { roomId, members });
    if (alsoTell) this.world.sendTo(alsoTell, 'room:members', { roomId, members });
  }
}
