import type { Announcement } from '@campus/protocol';
import type { LessonBoard, LessonUpdate } from '../lessons/LessonBoard';
import type { LessonChange, LessonRecord } from '../lessons/lessonRules';
import type { Logger } from '../logger';
import { run, type RedisClient } from './RedisClusterLink';
import { WRITE_OVER_VERSION } from './redisScripts';

const LESSON = 'campus:lesson:';
const LESSONS = 'campus:lessons';
const ANNOUNCEMENTS = 'campus:announcements';
/** Each lost race means another writer got through, so this many covers that many changes at once to one room. */
const ATTEMPTS = 20;

/**
 * Lessons shared by every node of a cluster: each room's record is one JSON string, written by a script only over the
 * version its change was computed from and announced on a pub/sub channel in the same step, so every node hears the
 * changes in the order they were written. Announcements go out on a second channel. Pub/sub keeps nothing: a node
 * whose subscriber was away misses what was said meanwhile: the records are safe in Redis, and `onReconnect` says when
 * to load them again.
 */
export class RedisLessonBoard implements LessonBoard {
  private readonly listeners: Array<(update: LessonUpdate) => void> = [];
  private readonly announcementListeners: Array<(announcement: Announcement) => void> = [];
  private readonly reconnectListeners: Array<() => void> = [];
  private closed = false;

  private constructor(
    private readonly client: RedisClient,
    private readonly subscriber: RedisClient,
    private readonly log: Logger,
  ) {}

  /** A board on `client`, with a subscriber of its own that hears every change before `update` can first resolve. */
  static async connect(client: RedisClient, log: Logger): Promise<RedisLessonBoard> {
    const subscriber = client.duplicate();
    let down = false;
    // Without an error listener node-redis would crash the process; it reconnects and resubscribes by itself.
    subscriber.on('error', (err: unknown) => {
      if (!down)
        log.warn({ err: String(err), redis: 'lessons' }, 'lost redis; lesson changes missed until back');
      down = true;
    });
    const board = new RedisLessonBoard(client, subscriber, log);
    subscriber.on('ready', () => {
      if (down) board.deliver(board.reconnectListeners, undefined);
      down = false;
    });
    await subscriber.connect();
    await subscriber.subscribe(LESSONS, (message) => board.hear(message));
    await subscriber.subscribe(ANNOUNCEMENTS, (message) => board.hearAnnouncement(message));
    return board;
  }

  async load(roomIds: readonly string[]): Promise<Map<string, LessonRecord>> {
    const found = new Map<string, LessonRecord>();
    if (roomIds.length === 0) return found;
    const stored = await this.client.mGet(roomIds.map((id) => LESSON + id));
    roomIds.forEach((id, i) => {
      const json = stored[i];
      const record = typeof json === 'string' ? this.parse(json, isRecord) : undefined;
      if (record) found.set(id, record);
    });
    return found;
  }

  async update(
    roomId: string,
    change: (current: LessonRecord | undefined) => LessonChange | undefined,
  ): Promise<LessonRecord | undefined> {
    const key = LESSON + roomId;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const json = await this.client.get(key);
      const current = typeof json === 'string' ? this.parse(json, isRecord) : undefined;
      // Writing over it would need it read: refuse rather than retry against it, or guess.
      if (typeof json === 'string' && !current)
        throw new Error(`the lesson of ${roomId} in redis is unreadable`);
      const result = change(current);
      if (!result || (current && result.record.version === current.version)) return current;
      const update: LessonUpdate = { roomId, ...result };
      const written = await run(
        this.client,
        WRITE_OVER_VERSION,
        [key],
        // '' when there was no record: it must still be missing.
        [
          current ? String(current.version) : '',
          JSON.stringify(result.record),
          LESSONS,
          JSON.stringify(update),
        ],
      );
      if (Number(written) === 1) return result.record;
    }
    throw new Error(`the lesson of ${roomId} changed under each of ${ATTEMPTS} attempts to update it`);
  }

  follow(listener: (update: LessonUpdate) => void): void {
    this.listeners.push(listener);
  }

  async announce(announcement: Announcement): Promise<void> {
    await this.client.publish(ANNOUNCEMENTS, JSON.stringify(announcement));
  }

  onAnnouncement(listener: (announcement: Announcement) => void): void {
    this.announcementListeners.push(listener);
  }

  onReconnect(listener: () => void): void {
    this.reconnectListeners.push(listener);
  }

  /** Closes the subscriber it made; the command client is its owner's to close. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.subscriber.unsubscribe();
      await this.subscriber.close();
    } catch {
      this.subscriber.destroy();
    }
  }

  private hear(message: string): void {
    const update = this.parse(message, isUpdate);
    if (update) this.deliver(this.listeners, update);
  }

  private hearAnnouncement(message: string): void {
    const announcement = this.parse(message, isAnnouncement);
    if (announcement) this.deliver(this.announcementListeners, announcement);
  }

  /** A listener that throws must not stop the others, nor reach node-redis, which would drop the rest of its read. */
  private deliver<T>(listeners: ReadonlyArray<(value: T) => void>, value: T): void {
    for (const listener of listeners) {
      try {
        listener(value);
      } catch (err) {
        this.log.error({ err }, 'a lesson listener failed');
      }
    }
  }

  private parse<T>(json: string, is: (value: unknown) => value is T): T | undefined {
    try {
      const value: unknown = JSON.parse(json);
      if (is(value)) return value;
    } catch {
      // Reported below, like a value of the wrong shape.
    }
    this.log.error({ json: json.slice(0, 200) }, 'unreadable lesson data in redis');
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Enough of a check that a foreign or stale message cannot reach the lesson logic as a record. */
function isRecord(value: unknown): value is LessonRecord {
  return isObject(value) && typeof value.version === 'number' && Array.isArray(value.hands);
}

function isUpdate(value: unknown): value is LessonUpdate {
  return (
    isObject(value) &&
    typeof value.roomId === 'string' &&
    isRecord(value.record) &&
    Array.isArray(value.notices)
  );
}

function isAnnouncement(value: unknown): value is Announcement {
  return isObject(value) && typeof value.id === 'string' && typeof value.text === 'string';
}
