import {
  MessageError,
  type ClassroomMode,
  type LessonView,
  type LiveKitAccess,
  type ScreenState,
} from '@campus/protocol';
import type { Area, Rect } from '@campus/world';
import { browserClock, type ClientClock } from '../clock';
import type { CampusConnection } from '../net/CampusConnection';

/** The classroom the local user is in, as the server granted it. */
export interface Membership {
  roomId: string;
  name: string;
  members: string[];
  mode: ClassroomMode;
  meshCap: number;
  livekit?: LiveKitAccess;
  /** The room's lesson as it stood when we walked in (`lesson:state` tells of changes). */
  lesson?: LessonView;
  /** The room's screen as it stood when we walked in (`screen:state` tells of changes). */
  screen?: ScreenState;
}

/** How long a full room's door stays shut before the client asks again. */
const FULL_ROOM_RETRY_MS = 5000;
/**
 * A locked door is forgotten this long after it turned us away, unless we knock: nothing is sent then, but walking
 * in asks the server again (the door may have been unlocked without our hearing of it).
 */
const LOCKED_DOOR_MS = 30_000;
/** While we knock, the door stays shut as long as the server keeps a knock waiting. */
const KNOCK_WAIT_MS = 120_000;
/**
 * A room a teacher removed us from stays shut until we hear its lesson ended, or for this long: the server tells
 * only the room's members that the lesson ended, so after a while walking in asks again.
 */
const REMOVED_MS = 5 * 60_000;
/** A refusal because the server does not yet place us inside is retried this soon (the stroke is in flight). */
const NOT_YET_INSIDE_RETRY_MS = 250;
/** Let go of by the server while the avatar still stands in the room, we ask again this soon (see `letGo`). */
const STILL_INSIDE_RECHECK_MS = 250;

export interface ClassroomHooks {
  /** Full, locked and removed-from rooms become barriers the avatar cannot walk into. */
  setBarriers(rects: Rect[]): void;
  /** Where the avatar is now: which area, if any. */
  currentArea(): Area | undefined;
  notify(text: string): void;
  changed(membership: Membership | undefined): void;
  /** The locked door the avatar was last turned away from, where one may knock; undefined once it is forgotten. */
  lockedOut?(door: Area | undefined): void;
}

/** Why a room's door is shut to us, and until when. */
interface ShutDoor {
  area: Area;
  why: 'full' | 'locked' | 'removed';
  until: number;
}

/**
 * Joins the classroom the avatar walks into and leaves it when the avatar walks out, as the server allows. A door
 * that does not let us in becomes a barrier and the avatar is put back outside: a full room's for a few seconds, a
 * room locked for a lesson's until a teacher lets us in (or unlocks it), a room a teacher removed us from until its
 * lesson ends.
 */
export class ClassroomController {
  private membership: Membership | undefined;
  /** Rooms whose doors are shut to us, in the order they shut. */
  private readonly shut = new Map<string, ShutDoor>();
  /** The areas of the rooms we asked to enter, by id, to shut one we hear of by its id alone. */
  private readonly known = new Map<string, Area>();
  /** The locked door last offered for knocking. */
  private door: Area | undefined;
  /** The entry in flight, if any: one object per attempt, so a late answer only ends its own. */
  private entering: { roomId: string } | undefined;

  constructor(
    private readonly connection: CampusConnection,
    private readonly selfId: () => string,
    private readonly hooks: ClassroomHooks,
    private readonly clock: ClientClock = browserClock,
  ) {
    connection.on('room:members', ({ roomId, members }) => {
      if (this.membership?.roomId !== roomId) return;
      if (members.includes(this.selfId())) this.set({ ...this.membership, members });
      else this.letGo(roomId);
    });
  }

  /**
   * The server saw us walk out of the room: its own reckoning of our stroke carried us out. A page too busy to send
   * its stop in time (it came up just inside) stands in the room still once that stop has reached the server: it asks
   * to come in again, and is let in as one who was there a moment ago.
   */
  private letGo(roomId: string): void {
    this.set(undefined);
    this.clock.setTimeout(() => {
      const area = this.hooks.currentArea();
      if (area?.id === roomId && !this.membership) void this.enter(area);
    }, STILL_INSIDE_RECHECK_MS);
  }

  /** The connection came back and the world was joined again: the server holds no membership for us any more. */
  rejoined(): void {
    // An entry sent on the old connection will never be answered: it must not stop this one.
    this.entering = undefined;
    this.set(undefined);
    // The server (perhaps another one) says again which lessons keep us out when we walk in.
    const lessonDoors = [...this.shut].filter(([, door]) => door.why !== 'full');
    for (const [id] of lessonDoors) this.shut.delete(id);
    if (lessonDoors.length > 0) this.updateBarriers();
    const area = this.hooks.currentArea();
    if (area) void this.enter(area);
  }

  get current(): Membership | undefined {
    return this.membership;
  }

  areaChanged(area: Area | undefined): void {
    if (this.membership && this.membership.roomId !== area?.id) {
      this.connection.send('room:leave', { roomId: this.membership.roomId });
      this.set(undefined);
    }
    if (area && this.membership?.roomId !== area.id) void this.enter(area);
  }

  private async enter(area: Area): Promise<void> {
    if (this.entering?.roomId === area.id) return;
    const attempt = { roomId: area.id };
    this.entering = attempt;
    this.known.set(area.id, area);
    try {
      const reply = await this.connection.request('room:enter', { roomId: area.id });
      if (this.hooks.currentArea()?.id !== area.id) {
        if (reply.ok) this.connection.send('room:leave', { roomId: area.id });
        return;
      }
      if (reply.ok) {
        this.set({
          roomId: area.id,
          name: area.name,
          members: reply.members,
          mode: reply.mode,
          meshCap: reply.meshCap,
          ...(reply.livekit ? { livekit: reply.livekit } : {}),
          ...(reply.lesson ? { lesson: reply.lesson } : {}),
          ...(reply.screen ? { screen: reply.screen } : {}),
        });
        return;
      }
      const { code } = reply.error;
      if (code === MessageError.ROOM_FULL) {
        this.shutDoor(area, 'full', FULL_ROOM_RETRY_MS);
        this.hooks.notify(`${area.name} is full. Try again in a moment.`);
      } else if (code === MessageError.ROOM_LOCKED) {
        // No retrying: a teacher opens the door (we hear of it), or walking in later asks again.
        this.shutDoor(area, 'locked', LOCKED_DOOR_MS);
        this.hooks.notify(`${area.name} is locked for a lesson. Knock (K) to ask to come in.`);
      } else if (code === MessageError.REMOVED_FROM_LESSON) {
        this.shutDoor(area, 'removed', REMOVED_MS);
        this.hooks.notify(`A teacher removed you from the lesson in ${area.name}.`);
      } else if (code === MessageError.NOT_IN_AREA) {
        this.clock.setTimeout(() => {
          if (this.hooks.currentArea()?.id === area.id && !this.membership) void this.enter(area);
        }, NOT_YET_INSIDE_RETRY_MS);
      }
    } catch {
      // No answer: the connection is down; the rejoin enters again.
    } finally {
      if (this.entering === attempt) this.entering = undefined;
    }
  }

  /** A teacher let us in at a locked door, or unlocked it: the barrier comes down (walking in asks the server). */
  openDoor(roomId: string): void {
    if (this.shut.get(roomId)?.why !== 'locked') return;
    this.shut.delete(roomId);
    this.updateBarriers();
  }

  /** We knocked at a locked door: it stays shut (and offered for knocking) while the knock waits. */
  knocked(roomId: string): void {
    const door = this.shut.get(roomId);
    if (door?.why !== 'locked') return;
    door.until = Math.max(door.until, this.clock.wallNow() + KNOCK_WAIT_MS);
    this.clock.setTimeout(() => this.updateBarriers(), KNOCK_WAIT_MS + 50);
  }

  /** A teacher removed us from the room: it is a barrier for the rest of the lesson and the avatar is put outside. */
  removedFrom(roomId: string): void {
    // The server has already taken us out of the room.
    if (this.membership?.roomId === roomId) this.set(undefined);
    const area = this.known.get(roomId);
    if (area) this.shutDoor(area, 'removed', REMOVED_MS);
  }

  /** The room's lesson ended: its locked door and a removal from it no longer keep us out. */
  lessonEnded(roomId: string): void {
    const why = this.shut.get(roomId)?.why;
    if (why !== 'locked' && why !== 'removed') return;
    this.shut.delete(roomId);
    this.updateBarriers();
  }

  private shutDoor(area: Area, why: ShutDoor['why'], ms: number): void {
    this.shut.delete(area.id);
    this.shut.set(area.id, { area, why, until: this.clock.wallNow() + ms });
    this.updateBarriers();
    this.clock.setTimeout(() => this.updateBarriers(), ms + 50);
  }

  private updateBarriers(): void {
    const now = this.clock.wallNow();
    for (const [id, door] of this.shut) if (door.until <= now) this.shut.delete(id);
    this.hooks.setBarriers([...this.shut.values()].map((d) => d.area.rect));
    const locked = [...this.shut.values()].filter((d) => d.why === 'locked').at(-1)?.area;
    if (locked?.id !== this.door?.id) {
      this.door = locked;
      this.hooks.lockedOut?.(locked);
    }
  }

  private set(membership: Membership | undefined): void {
    this.membership = membership;
    this.hooks.changed(membership);
  }
}
