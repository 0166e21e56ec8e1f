import type { Logger } from '../logger';
import type { RoomRecords, Versioned } from '../screens/RoomRecords';
import { run, type RedisClient } from './RedisClusterLink';
import { WRITE_OVER_VERSION } from './redisScripts';

/** Each lost race means another writer got through, so this many covers that many changes at once to one room. */
const ATTEMPTS = 20;

export interface RedisRoomRecordsOptions<T> {
  /** The records' key prefix (the room id follows) and the channel their changes go out on. */
  prefix: string;
  channel: string;
  /** What the records are called in logs. */
  what: string;
  /** Enough of a check that foreign or stale data cannot reach the rules as a record. */
  is(value: unknown): value is T;
}

/**
 * Per-room records shared by every node of a cluster: each room's record is one JSON string, written by a script
 * only over the version its change was computed from and published in the same step, so every node hears the changes
 * in the order they were written. Pub/sub keeps nothing: a node whose subscriber was away misses what was said
 * meanwhile; the records are safe in Redis, and `onReconnect` says when to load them again.
 */
export class RedisRoomRecords<T extends Versioned> implements RoomRecords<T> {
  private readonly listeners: Array<(roomId: string, record: T) => void> = [];
  private readonly reconnectListeners: Array<() => void> = [];
  private closed = false;

  private constructor(
    private readonly client: RedisClient,
    private readonly subscriber: RedisClient,
    private readonly options: RedisRoomRecordsOptions<T>,
    private readonly log: Logger,
  ) {}

  /** Records on `client`, with a subscriber of their own that hears every change before `update` first resolves. */
  static async connect<T extends Versioned>(
    client: RedisClient,
    options: RedisRoomRecordsOptions<T>,
    log: Logger,
  ): Promise<RedisRoomRecords<T>> {
    const subscriber = client.duplicate();
    let down = false;
    // Without an error listener node-redis would crash the process; it reconnects and resubscribes by itself.
    subscriber.on('error', (err: unknown) => {
      if (!down)
        log.warn({ err: String(err), redis: options.what }, `lost redis; ${options.what} missed until back`);
      down = true;
    });
    const records = new RedisRoomRecords(client, subscriber, options, log);
    subscriber.on('ready', () => {
      if (down) for (const listener of records.reconnectListeners) listener();
      down = false;
    });
    await subscriber.connect();
    await subscriber.subscribe(options.channel, (message) => records.hear(message));
    return records;
  }

  async load(roomIds: readonly string[]): Promise<Map<string, T>> {
    const found = new Map<string, T>();
    if (roomIds.length === 0) return found;
    const stored = await this.client.mGet(roomIds.map((id) => this.options.prefix + id));
    roomIds.forEach((id, i) => {
      const json = stored[i];
      const record = typeof json === 'string' ? this.parse(json) : undefined;
      if (record && this.options.is(record)) found.set(id, record);
    });
    return found;
  }

  async update(roomId: string, change: (current: T | undefined) => T | undefined): Promise<T | undefined> {
    const key = this.options.prefix + roomId;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const json = await this.client.get(key);
      const parsed = typeof json === 'string' ? this.parse(json) : undefined;
      const current = parsed !== undefined && this.options.is(parsed) ? parsed : undefined;
      // Writing over it would need it read: refuse rather than retry against it, or guess.
      if (typeof json === 'string' && !current)
        throw new Error(`the ${this.options.what} of ${roomId} is unreadable`);
      const after = change(current);
      if (!after || (current && after.version === current.version)) return current;
      const written = await run(
        this.client,
        WRITE_OVER_VERSION,
        [key],
        [
          current ? String(current.version) : '',
          JSON.stringify(after),
          this.options.channel,
          JSON.stringify({ roomId, record: after }),
        ],
      );
      if (Number(written) === 1) return after;
    }
    throw new Error(
      `the ${this.options.what} of ${roomId} changed under each of ${ATTEMPTS} attempts to update it`,
    );
  }

  follow(listener: (roomId: string, record: T) => void): void {
    this.listeners.push(listener);
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
    const value = this.parse(message) as { roomId?: unknown; record?: unknown } | undefined;
    if (typeof value?.roomId !== 'string' || !this.options.is(value.record)) return;
    for (const listener of this.listeners) {
      // A listener that throws must not stop the others, nor reach node-redis, which would drop the rest of its read.
      try {
        listener(value.roomId, value.record);
      } catch (err) {
        this.log.error({ err: String(err) }, `a ${this.options.what} listener failed`);
      }
    }
  }

  private parse(json: string): unknown {
    try {
      return JSON.parse(json) as unknown;
    } catch {
      this.log.error({ json: json.slice(0, 200) }, `unreadable ${this.options.what} data in redis`);
      return undefined;
    }
  }
}
