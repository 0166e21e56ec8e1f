import { MessageError, type ClassroomMode, type LiveKitAccess, type PositionState } from '@campus/protocol';
import { rectContains, strokeExitTime, wayOut, type Area } from '@campus/world';
import type { Logger } from '../logger';
import type { Cancel, Clock } from '../ports';
import { RoomError } from '../RoomError';
import type { WorldRoom } from '../WorldRoom';
import type { ClassroomSfu } from './ClassroomSfu';
import { MemorySeatLedger, type SeatLedger } from './SeatLedger';

/**
 * How long (ms) after a stroke carries a member out of the room they are let go, unless a stop dated before then
 * arrives: a client that tapped towards the door on a busy page sends that stop late, and should not be put out.
 */
export const EXIT_GRACE_MS = 250;

export interface ClassroomsOptions {
  /** The SFU when one is configured; without it classrooms run as a capped mesh among members. */
  sfu?: ClassroomSfu;
  /** Without an SFU, a classroom holds at most this many (fewer if its capacity is lower). */
  meshCap?: number;
  /** Where seats are counted; shared by every node of a cluster (in memory, for one process, by default). */
  seats?: SeatLedger;
}

/** What a lesson says about who may walk into a room, and what their SFU token lets them send (lessons/Lessons.ts). */
export interface EntryGate {
  /** Throws a coded refusal (a locked door, a removed student) when the user may not walk in now. */
  check(userId: string, roomId: string): Promise<void>;
  /** True when the user's SFU token may let them publish a microphone. */
  speakGrant(userId: string, roomId: string): boolean;
}

/**
 * Classroom membership. A user is let in only if the server's own idea of where their avatar stands lies inside the
 * room's area and the room has space (counted in people: presence is per user, so a reload or a second tab never
 * counts twice). Membership ends when they ask, when their stroke carries them out of the area (the server schedules
 * that moment itself, so a client that never says it left still leaves), or when they leave the campus; then the SFU
 * is told to remove them, so nobody keeps listening after walking out.
 *
 * In a cluster every node knows every membership (the node holding a user's session decides it, and the others apply
 * it with `applyRemote`), tells its own clients of changes, and counts seats in the shared SeatLedger.
 */
export class Classrooms {
  private readonly members = new Map<string, Set<string>>();
  private readonly roomOfUser = new Map<string, string>();
  private readonly exitTimers = new Map<string, Cancel>();
  private readonly seats: SeatLedger;
  private readonly listeners: Array<(userId: string) => void> = [];
  private gate: EntryGate | undefined;
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
    this.seats = options.seats ?? new MemorySeatLedger();
    world.observe({
      moved: (userId, stroke, local) => this.followStroke(userId, stroke, local),
      // A session taken over from another node: this node now notices when they walk out.
      joined: (userId) => {
        const stroke = world.positionOf(userId);
        if (stroke) this.followStroke(userId, stroke, true);
      },
      left: (userId, local) => this.drop(userId, local),
    });
  }

  /** Hears of each membership change of a user whose session is on this node (to tell the other nodes). */
  onChange(listener: (userId: string) => void): void {
    this.listeners.push(listener);
  }

  /** From now on, entries are checked against the lessons (a locked door, a removed student). */
  setGate(gate: EntryGate): void {
    this.gate = gate;
  }

  /** How many people a room lets in, in this mode. */
  capacityOf(area: Area): number {
    return this.mode === 'mesh' ? Math.min(area.capacity, this.meshCap) : area.capacity;
  }

  /** Lets the user in if they stand in the room and it has a seat; resolves with its members (and SFU access). */
  async enter(userId: string, roomId: string): Promise<{ members: string[]; livekit?: LiveKitAccess }> {
    const area = this.world.map.areaById(roomId);
    if (!area) throw new RoomError(MessageError.UNKNOWN_ROOM, `no classroom "${roomId}" on this map`);
    this.requireInside(userId, area);
    if (this.roomOfUser.get(userId) !== roomId) {
      await this.gate?.check(userId, roomId).catch((err: unknown) => {
        if (err instanceof RoomError) this.putOutside(userId, area); // a refusal, not a failure to decide
        throw err;
      });
      const capacity = this.capacityOf(area);
      if (!(await this.seats.claim(roomId, userId, capacity))) {
        this.putOutside(userId, area);
        throw new RoomError(MessageError.ROOM_FULL, `${area.name} is full (${capacity} people)`);
      }
      // The world went on while the seat was being claimed: they may have walked out, or left.
      try {
        this.requireInside(userId, area);
      } catch (err) {
        if (this.roomOfUser.get(userId) !== roomId) this.release(roomId, userId);
        throw err;
      }
      if (this.roomOfUser.get(userId) !== roomId) {
        this.drop(userId, true); // one classroom at a time
        this.admit(userId, roomId);
        for (const listener of this.listeners) listener(userId);
      }
    }
    const stroke = this.world.positionOf(userId);
    if (stroke) this.followStroke(userId, stroke, true);
    const members = this.membersOf(roomId);
    const sfu = this.options.sfu;
    if (!sfu) return { members };
    return { members, livekit: await this.access(sfu, roomId, userId) };
  }

  private access(sfu: ClassroomSfu, roomId: string, userId: string): Promise<LiveKitAccess> {
    const name = this.world.profileOf(userId)?.name ?? userId;
    return sfu.access(roomId, userId, name, { canSpeak: this.gate?.speakGrant(userId, roomId) ?? true });
  }

  /** A fresh SFU token, for members only. */
  token(userId: string, roomId: string): Promise<LiveKitAccess> {
    if (this.roomOfUser.get(userId) !== roomId) {
      throw new RoomError(MessageError.NOT_A_MEMBER, `not a member of "${roomId}"`);
    }
    if (!this.options.sfu)
      throw new RoomError(MessageError.INVALID_PAYLOAD, 'classrooms run without an SFU here');
    return this.access(this.options.sfu, roomId, userId);
  }

  /** Ends the user's membership of `roomId` and puts their avatar outside it (a teacher removed them). */
  remove(userId: string, roomId: string): void {
    this.leave(userId, roomId);
    const area = this.world.map.areaById(roomId);
    if (area) this.putOutside(userId, area);
  }

  /**
   * Puts the avatar of a local user refused entry to `area` (or removed from it) outside, if it stands inside: where
   * the client puts it too (wayOut). The client could not step back farther than a stroke may jump on its own.
   */
  private putOutside(userId: string, area: Area): void {
    const stroke = this.world.positionOf(userId);
    const here = this.world.whereIs(userId);
    if (!stroke || !here || !this.world.isLocal(userId) || !rectContains(area.rect, here)) return;
    const out = wayOut(this.world.map, area.rect, here, stroke.direction);
    if (out) this.world.place(userId, out);
  }

  /** Ends the user's membership (of `roomId`, or of whichever room they are in). */
  leave(userId: string, roomId?: string): void {
    this.drop(userId, this.world.isLocal(userId), roomId);
  }

  /**
   * Applies a membership another node decided for a user whose session it holds (undefined: in no room): this
   * node's members hear of it. Seats and the SFU are that node's business.
   */
  applyRemote(userId: string, roomId: string | undefined): void {
    this.exitTimers.get(userId)?.();
    this.exitTimers.delete(userId);
    if (this.roomOfUser.get(userId) === roomId) return;
    this.drop(userId, false);
    if (roomId !== undefined && this.world.map.areaById(roomId)) this.admit(userId, roomId);
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

  private requireInside(userId: string, area: Area): void {
    const where = this.world.whereIs(userId);
    if (!where || !this.world.isLocal(userId))
      throw new RoomError(MessageError.NOT_JOINED, 'join the world first');
    if (!rectContains(area.rect, where)) {
      throw new RoomError(MessageError.NOT_IN_AREA, `walk into ${area.name} first`);
    }
  }

  private admit(userId: string, roomId: string): void {
    const members = this.members.get(roomId) ?? new Set<string>();
    members.add(userId);
    this.members.set(roomId, members);
    this.roomOfUser.set(userId, roomId);
    this.announce(roomId);
  }

  /**
   * Ends the membership here; when the user's session is on this node (`local`) also gives up the seat, ends a screen
   * share and removes them from the SFU, and tells the other nodes.
   */
  private drop(userId: string, local: boolean, roomId?: string): void {
    const current = this.roomOfUser.get(userId);
    if (current === undefined || (roomId !== undefined && roomId !== current)) return;
    this.exitTimers.get(userId)?.();
    this.exitTimers.delete(userId);
    this.roomOfUser.delete(userId);
    const members = this.members.get(current);
    members?.delete(userId);
    if (members?.size === 0) this.members.delete(current);
    this.announce(current, userId);
    if (!local) return;
    this.release(current, userId);
    // A screen share is shown to one room: it ends when its owner leaves that room.
    const media = this.world.mediaOf(userId);
    if (media?.screen && this.world.isLocal(userId)) this.world.setMedia(userId, { ...media, screen: false });
    this.options.sfu?.removeParticipant(current, userId).catch((err: unknown) => {
      this.log.warn(
        { err: String(err), userId, roomId: current },
        'could not remove participant from the SFU',
      );
    });
    for (const listener of this.listeners) listener(userId);
  }

  private release(roomId: string, userId: string): void {
    this.seats.release(roomId, userId).catch((err: unknown) => {
      this.log.warn({ err: String(err), userId, roomId }, 'could not give up a classroom seat');
    });
  }

  /** Leaves the room at the moment the user's current stroke carries them out of its area (on the user's node). */
  private followStroke(userId: string, stroke: PositionState, local: boolean): void {
    const roomId = this.roomOfUser.get(userId);
    if (roomId === undefined) return;
    const area = this.world.map.areaById(roomId);
    if (!area) return;
    this.exitTimers.get(userId)?.();
    this.exitTimers.delete(userId);
    if (!local) return;
    const exit = strokeExitTime(this.world.map, stroke, area.rect);
    if (exit === Infinity) return;
    // A stop dated before the exit may still be on its way (a busy page, a slow link): it is given EXIT_GRACE_MS.
    const due = exit + EXIT_GRACE_MS - this.clock.now();
    if (due <= 0) this.leave(userId, roomId);
    else
      this.exitTimers.set(
        userId,
        this.clock.setTimeout(() => this.leave(userId, roomId), due),
      );
  }

  private announce(roomId: string, alsoTell?: string): void {
    const members = this.membersOf(roomId);
    for (const userId of members) this.world.sendTo(userId, 'room:members', { roomId, members });
    if (alsoTell) this.world.sendTo(alsoTell, 'room:members', { roomId, members });
  }
}
