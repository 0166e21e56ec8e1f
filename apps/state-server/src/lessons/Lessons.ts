import { randomUUID } from 'node:crypto';
import {
  MessageError,
  type Announcement,
  type LessonHand,
  type LessonNotice,
  type LessonTeach,
  type LessonView,
  type RegisterRow,
} from '@campus/protocol';
import { rectDistance } from '@campus/world';
import type { Classrooms, EntryGate } from '../classrooms/Classrooms';
import type { ClassroomSfu } from '../classrooms/ClassroomSfu';
import type { Logger } from '../logger';
import type { Clock } from '../ports';
import { RateLimiter, type BucketSpec } from '../RateLimiter';
import { RoomError } from '../RoomError';
import type { Roles } from '../teaching/Roles';
import type { WorldRoom } from '../WorldRoom';
import type { LessonBoard, LessonUpdate } from './LessonBoard';
import {
  REGISTER_KEPT_MS,
  begin,
  checkEntry,
  emptyLesson,
  end,
  entered,
  hand,
  knock,
  left,
  micAllowed,
  registerCsv,
  teach,
  viewOf,
  withdrawKnock,
  type LessonContext,
  type LessonRecord,
} from './lessonRules';

/** How far (px) from a room's area one may stand and still knock at its door. */
export const DOOR_REACH = 64;

export interface LessonsOptions {
  roles?: Roles;
  /** The classrooms' SFU, when there is one: muting and removal are enforced there too. */
  sfu?: ClassroomSfu;
  /** Announcements per teacher (two at once, then one every 30 s, by default). */
  announcements?: BucketSpec;
}

/**
 * The lessons of the campus's rooms (docs/teaching.md): what teachers do to them, hands, knocks and the register.
 * The lessons live in a LessonBoard shared by every node; each node keeps a copy, tells its own users of each change,
 * and enforces the change on its own users: it takes a removed student out of the room (and the SFU), turns a muted
 * student's microphone off, refuses it back on while the teacher keeps microphones off, and grants or withdraws
 * the SFU's microphone permission to match. Where nobody holds a teacher role, no lesson ever starts.
 */
export class Lessons implements EntryGate {
  private readonly records = new Map<string, LessonRecord>();
  /** Local users known to teach, as last asked (on entry to a room, and on each action). */
  private readonly teaches = new Map<string, boolean>();
  /** The room each local user was last known to be in, to tell an entry from a departure. */
  private readonly localRoom = new Map<string, string>();
  /** Whether the SFU lets each local member publish a microphone, as last set. */
  private readonly speaking = new Map<string, boolean>();
  /** The last record of each room this node enforced on its users (Lessons.enforce compares with it). */
  private readonly applied = new Map<string, LessonRecord>();
  /** Arrivals still being recorded, so the entry's answer can wait for them. */
  private readonly arrivals = new Map<string, Promise<void>>();
  private readonly announceLimiter: RateLimiter;

  constructor(
    private readonly world: WorldRoom,
    private readonly classrooms: Classrooms,
    private readonly board: LessonBoard,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly options: LessonsOptions = {},
  ) {
    this.announceLimiter = new RateLimiter(options.announcements ?? { burst: 2, perSecond: 1 / 30 }, clock);
    classrooms.setGate(this);
    classrooms.onChange((userId) => this.membershipChanged(userId));
    board.follow((update) => this.heard(update));
    board.onReconnect(() => {
      this.resync().catch((err: unknown) =>
        this.log.warn({ err: String(err) }, 'could not reload the lessons'),
      );
    });
    board.onAnnouncement((announcement) => {
      for (const userId of this.world.localUsers()) this.world.sendTo(userId, 'announcement', announcement);
    });
    world.observe({
      left: (userId, local) => {
        if (!local) return;
        this.teaches.delete(userId);
        this.speaking.delete(userId);
        for (const [roomId, record] of this.records) {
          if (record.knocking.some((k) => k.userId === userId)) {
            this.change(roomId, (r) => withdrawKnock(r, userId));
          }
        }
      },
    });
  }

  /** Loads the lessons the other nodes hold (before this node takes connections). */
  async start(): Promise<void> {
    const loaded = await this.board.load(this.world.map.areas.map((a) => a.id));
    for (const [roomId, record] of loaded) {
      this.remember(roomId, record);
      this.applied.set(roomId, record);
    }
  }

  /** The lesson of a room as its members see it. */
  viewOf(roomId: string): LessonView {
    return viewOf(roomId, this.records.get(roomId), this.clock.now());
  }

  /** Refuses a removed student, or anyone but a teacher and whom a teacher admitted at a locked door. */
  async check(userId: string, roomId: string): Promise<void> {
    const isTeacher = await this.isTeacher(userId);
    checkEntry(this.records.get(roomId), userId, isTeacher, this.clock.now());
  }

  /** True when the user may have their microphone on in the room they are in (or are about to enter). */
  canSpeak(userId: string, roomId = this.classrooms.roomOf(userId)): boolean {
    if (roomId === undefined) return true;
    return micAllowed(this.records.get(roomId), userId, this.teaches.get(userId) ?? false);
  }

  /** What an SFU token for the room lets the user publish: no microphone while the teacher keeps them muted. */
  speakGrant(userId: string, roomId: string): boolean {
    const allowed = this.canSpeak(userId, roomId);
    this.speaking.set(userId, allowed);
    return allowed;
  }

  /** A teacher's action on the lesson of the room they are in; a lesson starts if none runs. */
  async teach(userId: string, action: LessonTeach): Promise<LessonView> {
    await this.requireTeacher(userId);
    const context = this.contextIn(userId, action.roomId);
    await this.update(action.roomId, (current) => {
      if (action.action === 'end' && !current?.active) return undefined;
      const running = begin(current, context);
      const result = teach(running, action, context);
      return result.record === current ? undefined : result;
    });
    return this.viewOf(action.roomId);
  }

  /** Raises or lowers the sender's own hand in the room they are in. */
  async hand(userId: string, { roomId, raised }: LessonHand): Promise<LessonView> {
    this.requireMember(userId, roomId);
    await this.change(roomId, (r) => hand(r, userId, raised), true);
    return this.viewOf(roomId);
  }

  /** Knocks at the locked door of a room the sender stands at; an unlocked door just answers with the lesson. */
  async knock(userId: string, roomId: string): Promise<LessonView> {
    const area = this.world.map.areaById(roomId);
    if (!area) throw new RoomError(MessageError.UNKNOWN_ROOM, `no classroom "${roomId}" on this map`);
    if (this.classrooms.isMember(userId, roomId)) {
      throw new RoomError(MessageError.INVALID_PAYLOAD, 'you are in this room already');
    }
    const at = this.world.whereIs(userId);
    if (!at || rectDistance(area.rect, at) > DOOR_REACH) {
      throw new RoomError(MessageError.NOT_AT_DOOR, `walk up to the door of ${area.name} to knock`);
    }
    const record = this.records.get(roomId);
    if (record?.active && record.locked) {
      const name = this.world.profileOf(userId)?.name ?? userId;
      await this.change(roomId, (r) => knock(r, userId, name, this.clock.now()));
    }
    return this.viewOf(roomId);
  }

  /** The register of the room's lesson (running, or ended up to REGISTER_KEPT_MS ago), for a teacher in the room. */
  async register(userId: string, roomId: string): Promise<{ rows: RegisterRow[]; csv: string }> {
    await this.requireTeacher(userId);
    this.requireMember(userId, roomId);
    const now = this.clock.now();
    const record = this.records.get(roomId);
    const stale = record?.endedAt !== undefined && now - record.endedAt > REGISTER_KEPT_MS;
    const rows = stale || !record ? [] : record.register;
    return { rows, csv: registerCsv(rows, now) };
  }

  /** A teacher's announcement to everyone on the campus, on every node. */
  async announce(userId: string, text: string): Promise<Announcement> {
    await this.requireTeacher(userId);
    if (!this.announceLimiter.take(userId)) {
      throw new RoomError(MessageError.RATE_LIMITED, 'one announcement at a time: wait half a minute');
    }
    const announcement: Announcement = {
      id: randomUUID(),
      from: userId,
      fromName: this.world.profileOf(userId)?.name ?? userId,
      text,
      at: this.clock.now(),
    };
    await this.board.announce(announcement);
    return announcement;
  }

  private async isTeacher(userId: string): Promise<boolean> {
    const role = await this.options.roles?.roleOf(userId);
    const teaches = role?.role === 'teacher';
    if (this.world.isLocal(userId)) this.teaches.set(userId, teaches);
    return teaches;
  }

  private async requireTeacher(userId: string): Promise<void> {
    if (!(await this.isTeacher(userId))) {
      throw new RoomError(MessageError.NOT_A_TEACHER, 'only a teacher can do that');
    }
  }

  private requireMember(userId: string, roomId: string): void {
    if (!this.classrooms.isMember(userId, roomId)) {
      throw new RoomError(MessageError.NOT_A_MEMBER, 'walk into the room first');
    }
  }

  private contextIn(userId: string, roomId: string): LessonContext {
    this.requireMember(userId, roomId);
    return this.contextOf(userId, roomId);
  }

  /** The room's members by name, with `userId` acting, now. */
  private contextOf(userId: string, roomId: string): LessonContext {
    const name = (id: string): string => this.world.profileOf(id)?.name ?? id;
    const members = new Map(this.classrooms.membersOf(roomId).map((id) => [id, name(id)] as const));
    return { now: this.clock.now(), actor: { userId, name: name(userId) }, members };
  }

  /** Changes the room's lesson through the board, and remembers the result at once (the board's echo comes later). */
  private async update(
    roomId: string,
    change: Parameters<LessonBoard['update']>[1],
  ): Promise<LessonRecord | undefined> {
    const record = await this.board.update(roomId, change);
    if (record) this.remember(roomId, record);
    return record;
  }

  /** Applies a rule to the room's lesson (`always`: also where none runs, as hands are); refusals are thrown back. */
  private change(
    roomId: string,
    rule: (record: LessonRecord) => LessonRecord,
    always = false,
  ): Promise<LessonRecord | undefined> {
    return this.update(roomId, (current) => {
      if (!current?.active && !always) return undefined;
      const record = current ?? emptyLesson();
      const after = rule(record);
      return after === record ? undefined : { record: after, notices: [] };
    });
  }

  /** A local user's classroom changed: the register, hands and floor follow; a teacher walking in starts a lesson. */
  private membershipChanged(userId: string): void {
    const before = this.localRoom.get(userId);
    const now = this.classrooms.roomOf(userId);
    if (before === now) return;
    if (now === undefined) this.localRoom.delete(userId);
    else this.localRoom.set(userId, now);
    if (before !== undefined) this.departed(userId, before);
    if (now !== undefined) this.arrived(userId, now);
  }

  private departed(userId: string, roomId: string): void {
    this.speaking.delete(userId);
    void this.update(roomId, (current) => {
      if (!current) return undefined;
      const at = this.clock.now();
      const after = left(current, userId, at);
      // The last one out ends the lesson: a door must not stay locked with nobody to open it.
      const empty = current.active && this.classrooms.membersOf(roomId).length === 0;
      const record = empty ? end(after, at) : after;
      return record === current ? undefined : { record, notices: [] };
    }).catch((err: unknown) => this.failed(err, userId, roomId, 'record a departure'));
  }

  /** The lesson as a user who just walked in sees it: once their arrival is recorded (a teacher's starts the lesson). */
  async viewOnEntry(userId: string, roomId: string): Promise<LessonView> {
    await this.arrivals.get(userId);
    return this.viewOf(roomId);
  }

  private arrived(userId: string, roomId: string): void {
    const arrival = (async () => {
      const isTeacher = await this.isTeacher(userId);
      const name = this.world.profileOf(userId)?.name ?? userId;
      const record = await this.update(roomId, (current) => {
        if (isTeacher && !current?.active) {
          return { record: begin(current, this.contextOf(userId, roomId)), notices: [] };
        }
        if (!current?.active) return undefined;
        return { record: entered(current, userId, name, this.clock.now()), notices: [] };
      });
      this.world.sendTo(userId, 'lesson:state', viewOf(roomId, record, this.clock.now()));
      if (record?.active && record.enterMuted && !isTeacher) {
        this.silence(userId, { roomId, kind: 'muted', locked: record.micsLocked });
      }
    })().catch((err: unknown) => this.failed(err, userId, roomId, 'record an arrival'));
    this.arrivals.set(userId, arrival);
    void arrival.then(() => {
      if (this.arrivals.get(userId) === arrival) this.arrivals.delete(userId);
    });
  }

  /** A change to a lesson, from any node: remember it, tell this node's users, enforce it on them. */
  private heard({ roomId, record, notices }: LessonUpdate): void {
    this.remember(roomId, record);
    this.enforce(roomId, record);
    for (const { userId, notice } of notices) {
      if (this.world.isLocal(userId)) this.world.sendTo(userId, 'lesson:notice', notice);
    }
  }

  /** The feed was lost for a while: whatever changed meanwhile is read again, and enforced. */
  private async resync(): Promise<void> {
    const loaded = await this.board.load(this.world.map.areas.map((a) => a.id));
    for (const [roomId, record] of loaded) {
      this.remember(roomId, record);
      this.enforce(roomId, record);
    }
  }

  /**
   * Brings this node's users in line with the room's lesson, by what changed since the last record it enforced:
   * everyone in the room (and at its door) sees the lesson; removed students are taken out; a new "mute all" turns
   * the students' microphones off; the end of the lesson is told; the SFU's microphone permissions follow.
   */
  private enforce(roomId: string, record: LessonRecord): void {
    const before = this.applied.get(roomId);
    if (before && before.version >= record.version) return;
    this.applied.set(roomId, record);
    const view = viewOf(roomId, record, this.clock.now());
    const tell = new Set(this.classrooms.membersOf(roomId));
    for (const k of [...(before?.knocking ?? []), ...record.knocking]) tell.add(k.userId);
    for (const userId of tell) this.world.sendTo(userId, 'lesson:state', view);
    const local = this.classrooms.membersOf(roomId).filter((id) => this.world.isLocal(id));
    for (const userId of local) {
      if (record.removed.includes(userId)) {
        this.classrooms.remove(userId, roomId);
        this.world.sendTo(userId, 'lesson:notice', { roomId, kind: 'removed' });
      } else if (record.muteRound > (before?.muteRound ?? 0) && !this.teaches.get(userId)) {
        this.silence(userId, { roomId, kind: 'muted', locked: record.micsLocked });
      } else if (before?.active && !record.active) {
        this.world.sendTo(userId, 'lesson:notice', { roomId, kind: 'ended' });
      }
    }
    // Those removed from the lesson may come back now: tell them, wherever they stand.
    if (before?.active && !record.active) {
      for (const userId of before.removed) {
        if (this.world.isLocal(userId) && !this.classrooms.isMember(userId, roomId)) {
          this.world.sendTo(userId, 'lesson:notice', { roomId, kind: 'ended' });
        }
      }
    }
    this.matchSfu(roomId);
  }

  private remember(roomId: string, record: LessonRecord): void {
    const known = this.records.get(roomId);
    if (!known || record.version >= known.version) this.records.set(roomId, record);
  }

  /** Turns a student's microphone off (the others hear it at once) and tells them why. */
  private silence(userId: string, notice: LessonNotice): void {
    const media = this.world.mediaOf(userId);
    if (media?.mic) this.world.setMedia(userId, { ...media, mic: false });
    this.world.sendTo(userId, 'lesson:notice', notice);
  }

  /** Grants or withdraws the SFU's microphone permission of this node's members to match the lesson. */
  private matchSfu(roomId: string): void {
    const sfu = this.options.sfu;
    if (!sfu?.setCanSpeak || this.classrooms.mode !== 'livekit') return;
    for (const userId of this.classrooms.membersOf(roomId)) {
      if (!this.world.isLocal(userId)) continue;
      const allowed = this.canSpeak(userId, roomId);
      if ((this.speaking.get(userId) ?? true) === allowed) continue;
      this.speaking.set(userId, allowed);
      sfu.setCanSpeak(roomId, userId, allowed).catch((err: unknown) => {
        // Not yet in the SFU room (still connecting): the token it joins with already says the same.
        this.log.info({ err: String(err), userId, roomId }, 'could not change SFU microphone permission');
      });
    }
  }

  private failed(err: unknown, userId: string, roomId: string, what: string): void {
    this.log.warn({ err: String(err), userId, roomId }, `could not ${what} in the lesson`);
  }
}
