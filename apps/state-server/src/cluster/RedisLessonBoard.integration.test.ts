import { MessageError, type Announcement } from '@campus/protocol';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LessonUpdate } from '../lessons/LessonBoard';
import { emptyLesson, hand, type LessonChange, type LessonRecord } from '../lessons/lessonRules';
import { silentLogger } from '../logger';
import { RoomError } from '../RoomError';
import { redisMissing, startRedis, type RunningRedis } from '../testing/redis';
import { connectRedis, type RedisConnections } from './connectRedis';
import type { RedisClient } from './RedisClusterLink';
import type { RedisLessonBoard } from './RedisLessonBoard';

const missing = redisMissing();
if (missing) console.warn(`Skipping the Redis lesson board tests: ${missing}`);

/** What one board heard, in order, with a way to wait (boundedly) until it has heard something. */
class Heard<T> {
  readonly items: T[] = [];
  private waiters: Array<() => void> = [];

  push(item: T): void {
    this.items.push(item);
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Resolves with everything heard once `done` holds of it; rejects after `ms`. */
  async until(done: (items: readonly T[]) => boolean, ms = 5000): Promise<T[]> {
    const deadline = Date.now() + ms;
    while (!done(this.items)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`not heard within ${ms} ms; heard ${JSON.stringify(this.items)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return [...this.items];
  }
}

/** The changes to `roomId` a board heard, once there are `count` of them. */
async function changesOf(heard: Heard<LessonUpdate>, roomId: string, count: number): Promise<LessonUpdate[]> {
  const of = (items: readonly LessonUpdate[]): LessonUpdate[] => items.filter((u) => u.roomId === roomId);
  return of(await heard.until((items) => of(items).length >= count));
}

/** A change that raises `userId`'s hand, as a student's node would make it. */
const raise =
  (userId: string) =>
  (current: LessonRecord | undefined): LessonChange => ({
    record: hand(current ?? emptyLesson(), userId, true),
    notices: [],
  });

describe.skipIf(missing)('RedisLessonBoard on a real redis-server, with two nodes', () => {
  let redis: RunningRedis;
  let nodes: RedisConnections[];
  let a: RedisLessonBoard;
  let b: RedisLessonBoard;
  let raw: RedisClient;
  const heardA = new Heard<LessonUpdate>();
  const heardB = new Heard<LessonUpdate>();
  const announcedA = new Heard<Announcement>();
  const announcedB = new Heard<Announcement>();

  beforeAll(async () => {
    redis = await startRedis();
    nodes = await Promise.all([
      connectRedis(redis.url, [], silentLogger),
      connectRedis(redis.url, [], silentLogger),
    ]);
    [a, b] = nodes.map((n) => n.lessons) as [RedisLessonBoard, RedisLessonBoard];
    a.follow((u) => heardA.push(u));
    b.follow((u) => heardB.push(u));
    a.onAnnouncement((x) => announcedA.push(x));
    b.onAnnouncement((x) => announcedB.push(x));
    raw = createClient({ url: redis.url });
    raw.on('error', () => {});
    await raw.connect();
  });
  afterAll(async () => {
    await raw?.close();
    await Promise.all((nodes ?? []).map((n) => n.close()));
    await redis?.stop();
  });

  it("announces a node's change to both nodes, in the order the changes were made", async () => {
    const first = await a.update('r-order', raise('ada'));
    const second = await a.update('r-order', raise('bo'));
    expect(first?.hands).toEqual(['ada']);
    expect(second).toMatchObject({ version: 2, hands: ['ada', 'bo'] });
    for (const heard of [heardA, heardB]) {
      expect(await changesOf(heard, 'r-order', 2)).toEqual([
        { roomId: 'r-order', record: first, notices: [] },
        { roomId: 'r-order', record: second, notices: [] },
      ]);
    }
  });

  it('applies every one of many changes made at once on two nodes to one room', async () => {
    const writes = ['a', 'b'].flatMap((node) =>
      Array.from({ length: 10 }, (_, i) => (node === 'a' ? a : b).update('r-race', raise(`${node}${i}`))),
    );
    await Promise.all(writes);
    const stored = (await b.load(['r-race'])).get('r-race');
    expect(stored?.version).toBe(20);
    expect([...(stored?.hands ?? [])].sort()).toEqual(
      [
        ...Array.from({ length: 10 }, (_, i) => `a${i}`),
        ...Array.from({ length: 10 }, (_, i) => `b${i}`),
      ].sort(),
    );
    for (const heard of [heardA, heardB]) {
      const updates = await changesOf(heard, 'r-race', 20);
      expect(updates.map((u) => u.record.version)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      // Each change was made over the one before it: nobody's hand was lost on the way.
      expect(updates.map((u) => u.record.hands.length)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    }
  });

  it('throws back what a change throws, and then writes and announces nothing', async () => {
    const before = await a.update('r-refused', raise('ada'));
    await changesOf(heardB, 'r-refused', 1);
    const refusal = new RoomError(MessageError.NOT_IN_LESSON, 'that person is not in this room');
    await expect(
      b.update('r-refused', () => {
        throw refusal;
      }),
    ).rejects.toBe(refusal);
    expect((await a.load(['r-refused'])).get('r-refused')).toEqual(before);
    await a.update('r-refused', raise('bo'));
    // One channel keeps its order: had the refused change been announced, it would be heard before this one.
    expect((await changesOf(heardB, 'r-refused', 2)).map((u) => u.record.hands)).toEqual([
      ['ada'],
      ['ada', 'bo'],
    ]);
  });

  it('writes and announces nothing for a change that changes nothing', async () => {
    const written = await a.update('r-same', raise('ada'));
    expect(await b.update('r-same', () => undefined)).toEqual(written);
    // Raising a raised hand keeps the version: nothing to write.
    expect(await b.update('r-same', raise('ada'))).toEqual(written);
    expect(await b.update('r-none', () => undefined)).toBeUndefined();
    await a.update('r-same', raise('bo'));
    expect((await changesOf(heardB, 'r-same', 2)).map((u) => u.record.version)).toEqual([1, 2]);
    expect(heardB.items.filter((u) => u.roomId === 'r-none')).toEqual([]);
    expect((await a.load(['r-none'])).size).toBe(0);
  });

  it('loads what was written, leaving out rooms with no lesson', async () => {
    const one = await a.update('r-load-1', raise('ada'));
    const two = await b.update('r-load-2', raise('bo'));
    expect(await a.load(['r-load-1', 'r-load-2', 'r-load-none'])).toEqual(
      new Map([
        ['r-load-1', one],
        ['r-load-2', two],
      ]),
    );
    expect(await a.load([])).toEqual(new Map());
  });

  it('passes over unreadable messages on the channel and keeps hearing', async () => {
    await raw.publish('campus:lessons', 'not json');
    await raw.publish('campus:lessons', JSON.stringify({ roomId: 'r-junk', record: 'nope' }));
    const written = await a.update('r-junk', raise('ada'));
    expect(await changesOf(heardB, 'r-junk', 1)).toEqual([
      { roomId: 'r-junk', record: written, notices: [] },
    ]);
  });

  it('sends announcements to both nodes', async () => {
    const announcement: Announcement = {
      id: 'n1',
      from: 'tea',
      fromName: 'Tea',
      text: 'Lunch at noon',
      at: 1,
    };
    await b.announce(announcement);
    expect(await announcedA.until((items) => items.length >= 1)).toEqual([announcement]);
    expect(await announcedB.until((items) => items.length >= 1)).toEqual([announcement]);
  });

  it('says when its feed is back after the connection was cut, so the node can load what it missed', async () => {
    const back = new Heard<true>();
    b.onReconnect(() => back.push(true));
    // Cut every subscriber's connection, as a Redis restart or a network blip would; node-redis reconnects.
    await raw.sendCommand(['CLIENT', 'KILL', 'TYPE', 'pubsub']);
    await back.until((items) => items.length >= 1);
    const written = await a.update('r-back', raise('ada'));
    expect(await changesOf(heardB, 'r-back', 1)).toEqual([
      { roomId: 'r-back', record: written, notices: [] },
    ]);
  });
});
