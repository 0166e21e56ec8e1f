import {
  MessageError,
  type Announcement,
  type ClientPayload,
  type ClientReply,
  type LessonNotice,
  type LessonTeach,
  type LessonView,
  type RegisterRow,
} from '@campus/protocol';
import type { Area } from '@campus/world';
import type { Membership } from '../classroom/ClassroomController';
import { browserClock, type ClientClock } from '../clock';
import type { CampusConnection } from '../net/CampusConnection';
import { refusalText, registerFileName, type LessonEvent } from './lessonText';

/** A teacher's action, for the room they stand in (the controller adds the room). */
export type TeachAction = LessonTeach extends infer T
  ? T extends LessonTeach
    ? Omit<T, 'roomId'>
    : never
  : never;

/** What the lesson controller needs of the page around it. */
export interface LessonHooks {
  selfId(): string;
  isTeacher(): boolean;
  roomName(roomId: string): string;
  notify(text: string): void;
  /** Turns the local microphone on or off; returns whether it was on. */
  setMic(on: boolean): boolean;
  /** The door of a locked room opens for us (a teacher let us in, or unlocked it): its barrier comes down. */
  doorOpened(roomId: string): void;
  /** We knocked: the door stays a barrier while the knock waits. */
  knocked(roomId: string): void;
  /** A teacher removed us: the room is a barrier for the rest of the lesson, and the avatar is put outside. */
  removed(roomId: string): void;
  /** The room's lesson ended: the barriers it put up come down. */
  ended(roomId: string): void;
}

/** The classroom we are in, as the lesson sees it. */
export interface LessonRoom {
  roomId: string;
  name: string;
  members: readonly string[];
}

/** A locked door the avatar was turned away from, and whether we are knocking at it. */
export interface LessonDoor {
  roomId: string;
  name: string;
  knocking: boolean;
}

/** Everything the lesson panel draws from. */
export interface LessonSnapshot {
  room: LessonRoom | undefined;
  /** The lesson of the room we are in (undefined outside, or before the server told us). */
  view: LessonView | undefined;
  door: LessonDoor | undefined;
}

type Ok<E extends LessonEvent> = Extract<ClientReply<E>, { ok: true }>;

/**
 * A `lesson:state` that arrives just before the `room:enter` answer of the same room is fresher than the lesson in
 * that answer (the server sends one to whoever walks in); one older than this is not trusted over the answer.
 */
const EARLY_STATE_MS = 5000;

/**
 * The lesson of the classroom we are in (docs/teaching.md): holds its LessonView from the entry answer and every
 * `lesson:state`, sends the teacher's actions, hands and knocks, and acts on what a teacher did to us (`lesson:notice`):
 * the microphone off when muted and back on with the floor, the door opened when admitted, the room shut when removed.
 * Refusals become short sentences through `notify`.
 */
export class LessonController {
  private room: LessonRoom | undefined;
  private view: LessonView | undefined;
  private door: LessonDoor | undefined;
  /** States of rooms we are neither in nor knocking at, as they arrived (an entry's answer may be behind them). */
  private readonly early = new Map<string, { view: LessonView; at: number }>();
  /** A teacher turned our microphone off (or refused it on): the floor turns it back on. */
  private mutedByTeacher = false;
  private readonly listeners = new Set<() => void>();
  private readonly announcementListeners = new Set<(announcement: Announcement) => void>();

  constructor(
    private readonly connection: CampusConnection,
    private readonly hooks: LessonHooks,
    private readonly clock: ClientClock = browserClock,
  ) {
    connection.on('lesson:state', (view) => this.heard(view));
    connection.on('lesson:notice', (notice) => this.noticed(notice));
    connection.on('announcement', (announcement) => {
      for (const listener of this.announcementListeners) listener(announcement);
    });
    connection.on('protocol:error', (error) => {
      if (error.code === MessageError.MIC_LOCKED) this.micRefused();
    });
  }

  /** The lesson of the classroom we are in, if any. */
  get current(): LessonView | undefined {
    return this.view;
  }

  get snapshot(): LessonSnapshot {
    return { room: this.room, view: this.view, door: this.door };
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onAnnouncement(listener: (announcement: Announcement) => void): () => void {
    this.announcementListeners.add(listener);
    return () => this.announcementListeners.delete(listener);
  }

  /** The classroom membership changed (ClassroomController's `changed`): the lesson follows the room. */
  membershipChanged(membership: Membership | undefined): void {
    if (!membership) {
      if (this.room) this.early.delete(this.room.roomId);
      this.room = undefined;
      this.view = undefined;
      this.mutedByTeacher = false;
    } else if (membership.roomId === this.room?.roomId) {
      this.room = { ...this.room, members: membership.members };
    } else {
      const { roomId } = membership;
      this.room = { roomId, name: membership.name, members: membership.members };
      const early = this.early.get(roomId);
      this.early.delete(roomId);
      const fresh = early && this.clock.now() - early.at < EARLY_STATE_MS ? early.view : undefined;
      // A "muted" for coming in may have arrived before this answer: what it remembered stays.
      this.view = fresh ?? membership.lesson;
      if (this.door?.roomId === roomId) this.door = undefined;
    }
    this.emit();
  }

  /** The avatar was turned away from a locked door (or, undefined, that door is forgotten): offer to knock. */
  setDoor(area: Area | undefined): void {
    if (area?.id === this.door?.roomId) return;
    if (this.door) this.early.delete(this.door.roomId);
    this.door = area && { roomId: area.id, name: area.name, knocking: false };
    this.emit();
  }

  /** The connection came back: the server tells us the lesson again when the classroom is entered again. */
  rejoined(): void {
    this.early.clear();
    this.door = undefined;
    this.emit();
  }

  // A teacher's actions on the lesson of the room they stand in.
  lock(locked: boolean): Promise<boolean> {
    return this.teach({ action: 'lock', locked });
  }
  muteAll(allowUnmute: boolean): Promise<boolean> {
    return this.teach({ action: 'mute-all', allowUnmute });
  }
  unmuteAll(): Promise<boolean> {
    return this.teach({ action: 'unmute-all' });
  }
  enterMuted(on: boolean): Promise<boolean> {
    return this.teach({ action: 'enter-muted', on });
  }
  admit(userId: string): Promise<boolean> {
    return this.teach({ action: 'admit', userId });
  }
  decline(userId: string): Promise<boolean> {
    return this.teach({ action: 'decline', userId });
  }
  remove(userId: string): Promise<boolean> {
    return this.teach({ action: 'remove', userId });
  }
  stage(userId: string | null): Promise<boolean> {
    return this.teach({ action: 'stage', userId });
  }
  floor(userId: string | null): Promise<boolean> {
    return this.teach({ action: 'floor', userId });
  }
  lowerHandOf(userId: string): Promise<boolean> {
    return this.teach({ action: 'lower-hand', userId });
  }
  async end(): Promise<boolean> {
    const done = await this.teach({ action: 'end' });
    if (done) this.hooks.notify('The lesson has ended.');
    return done;
  }

  raiseHand(): Promise<boolean> {
    return this.hand(true);
  }
  lowerHand(): Promise<boolean> {
    return this.hand(false);
  }

  /** Raises our hand if it is down, lowers it if it is up. */
  toggleHand(): Promise<boolean> {
    return this.hand(!this.view?.hands.includes(this.hooks.selfId()));
  }

  /** Knocks at the locked door the avatar was turned away from (or `roomId`'s). */
  async knock(roomId = this.door?.roomId): Promise<boolean> {
    if (!roomId) return false;
    const name = this.hooks.roomName(roomId);
    const reply = await this.ask('lesson:knock', { roomId }, name);
    if (!reply) return false;
    this.heard(reply.lesson);
    if (this.door?.roomId === roomId && this.door.knocking) {
      this.hooks.knocked(roomId);
      this.hooks.notify(`You knocked at ${name}. Wait for a teacher to let you in.`);
    }
    return true;
  }

  /** The register of the room we are in, for a teacher: its rows, as CSV, and the file name to save it as. */
  async downloadRegister(): Promise<{ rows: RegisterRow[]; csv: string; fileName: string } | undefined> {
    const room = this.room;
    if (!room) return undefined;
    const reply = await this.ask('lesson:register', { roomId: room.roomId }, room.name);
    if (!reply) return undefined;
    const fileName = registerFileName(room.roomId, new Date(this.clock.wallNow()));
    return { rows: reply.rows, csv: reply.csv, fileName };
  }

  /** A teacher's announcement to everyone on the campus. */
  async announce(text: string): Promise<boolean> {
    const reply = await this.ask('announce', { text });
    if (reply) this.hooks.notify('Announced to everyone on the campus.');
    return !!reply;
  }

  private async teach(action: TeachAction): Promise<boolean> {
    const room = this.room;
    if (!room) {
      this.hooks.notify('Walk into a classroom to teach in it.');
      return false;
    }
    const payload = { ...action, roomId: room.roomId } as LessonTeach;
    const reply = await this.ask('lesson:teach', payload, room.name);
    if (reply) this.heard(reply.lesson);
    return !!reply;
  }

  private async hand(raised: boolean): Promise<boolean> {
    const room = this.room;
    if (!room) return false;
    const reply = await this.ask('lesson:hand', { roomId: room.roomId, raised }, room.name);
    if (reply) this.heard(reply.lesson);
    return !!reply;
  }

  /** Sends a lesson request; a refusal or no answer is said through `notify` and comes back as undefined. */
  private async ask<E extends LessonEvent>(
    event: E,
    payload: ClientPayload<E>,
    place?: string,
  ): Promise<Ok<E> | undefined> {
    let reply: ClientReply<E>;
    try {
      reply = await this.connection.request(event, payload);
    } catch {
      this.hooks.notify('No answer from the campus server. Try again in a moment.');
      return undefined;
    }
    const answer = reply as { ok: true } | { ok: false; error: { code: number } };
    if (answer.ok) return reply as Ok<E>;
    this.hooks.notify(refusalText(answer.error.code, event, place));
    return undefined;
  }

  /** A room's lesson as the server has it now: ours, the door we knock at, or one we are about to walk into. */
  private heard(view: LessonView): void {
    if (view.roomId === this.room?.roomId) this.ourLesson(view);
    else if (view.roomId === this.door?.roomId) this.doorLesson(view, this.door);
    else this.early.set(view.roomId, { view, at: this.clock.now() });
  }

  private ourLesson(next: LessonView): void {
    const before = this.view;
    this.view = next;
    const self = this.hooks.selfId();
    if (before?.active && !next.active) {
      this.mutedByTeacher = false;
      this.hooks.ended(next.roomId);
    } else if (next.active && !this.hooks.isTeacher()) {
      // The floor moved on while microphones stay off: ours goes off with it.
      if (before?.floor === self && next.floor !== self && next.micsLocked && this.hooks.setMic(false)) {
        this.mutedByTeacher = true;
        this.hooks.notify('Your turn to speak is over: your microphone is off again.');
      }
      if (before?.micsLocked && !next.micsLocked) {
        this.hooks.notify('The teacher lets everyone unmute again (press M).');
      }
    }
    this.emit();
  }

  private doorLesson(view: LessonView, door: LessonDoor): void {
    if (!view.active || !view.locked) {
      this.openDoor(door.roomId, `The door of ${door.name} is open now: come in.`);
      return;
    }
    this.door = { ...door, knocking: view.knocking.some((k) => k.userId === this.hooks.selfId()) };
    this.emit();
  }

  private openDoor(roomId: string, text: string): void {
    if (this.door?.roomId === roomId) this.door = undefined;
    this.early.delete(roomId);
    this.hooks.doorOpened(roomId);
    this.hooks.notify(text);
    this.emit();
  }

  private noticed(notice: LessonNotice): void {
    const name = this.hooks.roomName(notice.roomId);
    switch (notice.kind) {
      case 'admitted':
        this.openDoor(notice.roomId, `Come in: a teacher let you into ${name}.`);
        return;
      case 'declined':
        if (this.door?.roomId === notice.roomId) this.door = { ...this.door, knocking: false };
        this.hooks.notify(`A teacher cannot let you into ${name} right now.`);
        this.emit();
        return;
      case 'removed':
        this.mutedByTeacher = false;
        this.hooks.removed(notice.roomId);
        this.hooks.notify(`A teacher removed you from the lesson in ${name}.`);
        return;
      case 'ended':
        this.hooks.ended(notice.roomId);
        this.hooks.notify(`The lesson in ${name} has ended.`);
        return;
      case 'muted': {
        if (this.hooks.setMic(false)) this.mutedByTeacher = true;
        this.hooks.notify(
          notice.locked
            ? 'A teacher turned your microphone off. Raise your hand (H) to speak.'
            : 'A teacher turned your microphone off. You may turn it back on (M).',
        );
        return;
      }
      case 'floor':
        if (this.mutedByTeacher) this.hooks.setMic(true);
        this.mutedByTeacher = false;
        this.hooks.notify('You have the floor: go ahead and speak.');
        return;
      default: {
        const unexpected: never = notice;
        console.warn('campus: unknown lesson notice', unexpected);
      }
    }
  }

  /**
   * Whether we may turn our own microphone on now: not while a teacher keeps microphones off and the floor is not
   * ours. We are told why; asking the server instead would have the microphone on for a moment before it refused.
   */
  mayUnmute(): boolean {
    const view = this.view;
    const self = this.hooks.selfId();
    if (!view?.active || !view.micsLocked || this.hooks.isTeacher() || view.floor === self) return true;
    this.micRefused();
    return false;
  }

  /** The server refused our microphone on: the teacher keeps microphones off. */
  private micRefused(): void {
    this.hooks.setMic(false);
    this.mutedByTeacher = true;
    this.hooks.notify('Raise your hand to speak (press H).');
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}
