/** A record kept per room that only ever moves forward: each change gives it a higher version. */
export interface Versioned {
  version: number;
}

/**
 * Where one kind of per-room record (a room's screen) is kept and how every node hears of its changes: in memory for
 * one process, in Redis for a cluster (RedisRoomRecords). A change is computed from the record as it stands and
 * written only over that version, so two people acting at once on two nodes cannot undo each other; `change` may
 * therefore run more than once.
 */
export interface RoomRecords<T extends Versioned> {
  /** The records of these rooms (rooms without one are left out). */
  load(roomIds: readonly string[]): Promise<Map<string, T>>;
  /**
   * Applies `change` to the room's record (undefined: there is none yet) and tells every node, this one included;
   * resolves with the record as it is after. A `change` that returns undefined, or a record of the same version,
   * changes nothing and tells nobody. What `change` throws is thrown back.
   */
  update(roomId: string, change: (current: T | undefined) => T | undefined): Promise<T | undefined>;
  /** Hears of every change, from every node, in the order they were made. */
  follow(listener: (roomId: string, record: T) => void): void;
  /** Calls back when the feed is back after it was lost (changes may have been missed: load again). */
  onReconnect(listener: () => void): void;
  close(): Promise<void>;
}

/** The records of a single process. Listeners hear of a change after the current task, never inside `update`. */
export class MemoryRoomRecords<T extends Versioned> implements RoomRecords<T> {
  private readonly records = new Map<string, T>();
  private readonly listeners: Array<(roomId: string, record: T) => void> = [];

  load(roomIds: readonly string[]): Promise<Map<string, T>> {
    const found = new Map<string, T>();
    for (const id of roomIds) {
      const record = this.records.get(id);
      if (record) found.set(id, record);
    }
    return Promise.resolve(found);
  }

  update(roomId: string, change: (current: T | undefined) => T | undefined): Promise<T | undefined> {
    const current = this.records.get(roomId);
    let after: T | undefined;
    try {
      after = change(current);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    if (!after || (current && after.version === current.version)) return Promise.resolve(current);
    this.records.set(roomId, after);
    const record = after;
    queueMicrotask(() => {
      for (const listener of this.listeners) listener(roomId, record);
    });
    return Promise.resolve(record);
  }

  follow(listener: (roomId: string, record: T) => void): void {
    this.listeners.push(listener);
  }

  /** The memory feed is never lost. */
  onReconnect(): void {}

  close(): Promise<void> {
    return Promise.resolve();
  }
}
