import type { Announcement } from '@campus/protocol';
import type { LessonChange, LessonRecord } from './lessonRules';

/** A change to one room's lesson as every node hears of it. */
export interface LessonUpdate extends LessonChange {
  roomId: string;
}

/**
 * Where lessons are kept and how every node hears of their changes: in memory for one process, in Redis for a cluster
 * (RedisLessonBoard). A change is computed from the record as it stands and written only over that version, so two
 * teachers acting at once on two nodes cannot undo each other; `change` may therefore run more than once.
 */
export interface LessonBoard {
  /** Every room's lesson now (rooms without one are left out). */
  load(roomIds: readonly string[]): Promise<Map<string, LessonRecord>>;
  /**
   * Applies `change` to the room's lesson (undefined: there is none yet) and announces the result to every node, this
   * one included; resolves with the record as it is after. A `change` that returns undefined, or a record of the same
   * version, changes nothing and announces nothing. What `change` throws is thrown back.
   */
  update(
    roomId: string,
    change: (current: LessonRecord | undefined) => LessonChange | undefined,
  ): Promise<LessonRecord | undefined>;
  /** Hears of every change, from every node, in the order they were made. */
  follow(listener: (update: LessonUpdate) => void): void;
  /** Sends an announcement to every node (this one included). */
  announce(announcement: Announcement): Promise<void>;
  onAnnouncement(listener: (announcement: Announcement) => void): void;
  /** Calls back when the feed is back after it was lost (changes may have been missed: load again). */
  onReconnect(listener: () => void): void;
  close(): Promise<void>;
}

/** The lessons of a single process. Listeners hear of a change after the current task, never inside `update`. */
export class MemoryLessonBoard implements LessonBoard {
  private readonly records = new Map<string, LessonRecord>();
  private readonly listeners: Array<(update: LessonUpdate) => void> = [];
  private readonly announcementListeners: Array<(announcement: Announcement) => void> = [];

  load(roomIds: readonly string[]): Promise<Map<string, LessonRecord>> {
    const found = new Map<string, LessonRecord>();
    for (const id of roomIds) {
      const record = this.records.get(id);
      if (record) found.set(id, record);
    }
    return Promise.resolve(found);
  }

  update(
    roomId: string,
    change: (current: LessonRecord | undefined) => LessonChange | undefined,
  ): Promise<LessonRecord | undefined> {
    const current = this.records.get(roomId);
    let result: LessonChange | undefined;
    try {
      result = change(current);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    if (!result || (current && result.record.version === current.version)) return Promise.resolve(current);
    this.records.set(roomId, result.record);
    const update: LessonUpdate = { roomId, ...result };
    queueMicrotask(() => {
      for (const listener of this.listeners) listener(update);
    });
    return Promise.resolve(result.record);
  }

  follow(listener: (update: LessonUpdate) => void): void {
    this.listeners.push(listener);
  }

  announce(announcement: Announcement): Promise<void> {
    queueMicrotask(() => {
      for (const listener of this.announcementListeners) listener(announcement);
    });
    return Promise.resolve();
  }

  onAnnouncement(listener: (announcement: Announcement) => void): void {
    this.announcementListeners.push(listener);
  }

  /** The memory board's feed is never lost. */
  onReconnect(): void {}

  close(): Promise<void> {
    return Promise.resolve();
  }
}
