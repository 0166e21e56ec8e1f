import { MessageError, type ClassroomMode, type LiveKitAccess } from '@campus/protocol';
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
}

/** How long a full room's door stays shut before the client asks again. */
const FULL_ROOM_RETRY_MS = 5000;
/** A refusal because the server does not yet place us inside is retried this soon (the stroke is in flight). */
const NOT_YET_INSIDE_RETRY_MS = 250;

export interface ClassroomHooks {
  /** Full rooms become barriers the avatar cannot walk into. */
  setBarriers(rects: Rect[]): void;
  /** Where the avatar is now: which area, if any. */
  currentArea(): Area | undefined;
  notify(text: string): void;
  changed(membership: Membership | undefined): void;
}

/**
 * Joins the classroom the avatar walks into and leaves it when the avatar walks out, as the server allows. A full
 * room's door does not let one more in: it becomes a barrier for a few seconds and the avatar is put back outside.
 */
export class ClassroomController {
  private membership: Membership | undefined;
  private readonly fullUntil = new Map<string, { rect: Rect; until: number }>();
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
      else this.set(undefined); // the server saw us walk out
    });
  }

  /** The connection came back and the world was joined again: the server holds no membership for us any more. */
  rejoined(): void {
    // An entry sent on the old connection will never be answered: it must not stop this one.
    this.entering = undefined;
    this.set(undefined);
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
        });
        return;
      }
      if (reply.error.code === MessageError.ROOM_FULL) {
        this.fullUntil.set(area.id, { rect: area.rect, until: this.clock.wallNow() + FULL_ROOM_RETRY_MS });
        this.updateBarriers();
        this.hooks.notify(`${area.name} is full. Try again in a moment.`);
        this.clock.setTimeout(() => this.updateBarriers(), FULL_ROOM_RETRY_MS + 50);
      } else if (reply.error.code === MessageError.NOT_IN_AREA) {
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

  private updateBarriers(): void {
    const now = this.clock.wallNow();
    for (const [id, full] of this.fullUntil) if (full.until <= now) this.fullUntil.delete(id);
    this.hooks.setBarriers([...this.fullUntil.values()].map((f) => f.rect));
  }

  private set(membership: Membership | undefined): void {
    this.membership = membership;
    this.hooks.changed(membership);
  }
}
