import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../logger';
import { redisMissing, startRedis, type RunningRedis } from '../testing/redis';
import type { ClusterOp, ReplicaEntry } from './ClusterLink';
import { connectRedis, type RedisConnections } from './connectRedis';
import type { RedisClusterLink } from './RedisClusterLink';

const missing = redisMissing();
if (missing) console.warn(`Skipping the Redis link tests: ${missing}`);

const entry = (userId: string, node: string, sessionId: string, room?: string): ReplicaEntry => ({
  node,
  sessionId,
  user: {
    userId,
    profile: { name: userId, appearance: { look: 'sky' }, status: 'available' },
    position: { userId, position: { x: 40, y: 44 }, direction: 'down', isMoving: false, startedAt: 1 },
    online: true,
  },
  ...(room ? { room } : {}),
});

describe.skipIf(missing)("RedisClusterLink's scripts on a real redis-server", () => {
  let redis: RunningRedis;
  let connections: RedisConnections;
  let link: RedisClusterLink;
  const heard: ClusterOp[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    connections = await connectRedis(redis.url, ['room-1'], silentLogger);
    link = connections.link;
    link.follow('0-0', (op) => heard.push(op));
  });
  afterAll(async () => {
    await connections?.close();
    await redis?.stop();
  });

  it('records and announces changes in one order, and refuses those of a superseded session', async () => {
    expect(await link.publish({ t: 'claim', entry: entry('ada', 'A', 's1') })).toBe(true);
    expect(await link.publish({ t: 'claim', entry: entry('ada', 'B', 's2') })).toBe(true);
    // A's old session went offline late: refused, not announced, not recorded.
    expect(await link.publish({ t: 'update', entry: { ...entry('ada', 'A', 's1'), room: 'x' } })).toBe(false);
    expect(await link.publish({ t: 'leave', node: 'A', sessionId: 's1', userId: 'ada' })).toBe(false);
    expect(await link.publish({ t: 'update', entry: entry('ada', 'B', 's2', 'room-1') })).toBe(true);
    const { entries } = await link.load();
    expect(entries).toEqual([entry('ada', 'B', 's2', 'room-1')]);
    await expect
      .poll(() => heard.map((op) => [op.t, 'entry' in op ? op.entry.node : '']))
      .toEqual([
        ['claim', 'A'],
        ['claim', 'B'],
        ['update', 'B'],
      ]);
  });

  it('counts seats atomically, and gives back those of users who are no longer anywhere', async () => {
    await link.publish({ t: 'claim', entry: entry('bo', 'B', 's3') });
    expect(await link.claim('room-1', 'ada', 2)).toBe(true);
    expect(await link.claim('room-1', 'bo', 2)).toBe(true);
    expect(await link.claim('room-1', 'ada', 2)).toBe(true);
    expect(await link.claim('room-1', 'cy', 2)).toBe(false);
    // Bo's node dies with Redis unable to say so: his record goes (here, a leave) but his seat was never released.
    await link.publish({ t: 'leave', node: 'B', sessionId: 's3', userId: 'bo' });
    expect(await link.claim('room-1', 'cy', 2)).toBe(true);
  });

  it('reaps only a node whose heartbeat is gone, with its users and seats', async () => {
    await link.beat('B', 60_000);
    expect(await link.dead(['B', 'C'])).toEqual(['C']);
    expect(await link.reap('B')).toBe(false);
    expect((await link.load()).entries.map((e) => e.user.userId)).toEqual(['ada']);
    await link.forget('B');
    expect(await link.reap('B')).toBe(true);
    expect((await link.load()).entries).toEqual([]);
    expect(await link.claim('room-1', 'dee', 2)).toBe(true);
    await expect.poll(() => heard.at(-1)).toEqual({ t: 'reap', node: 'B' });
  });

  it("rewrites a node's users after a restart, forgets those it no longer has, and hands back who is elsewhere", async () => {
    await link.publish({ t: 'claim', entry: entry('eve', 'A', 's5') });
    await link.publish({ t: 'claim', entry: entry('gone', 'A', 's6') });
    await link.publish({ t: 'claim', entry: entry('fay', 'C', 's7') });
    const taken = await link.resync('A', [entry('eve', 'A', 's5', 'room-1'), entry('fay', 'A', 's8')]);
    expect(taken).toEqual([entry('fay', 'C', 's7')]);
    const users = (await link.load()).entries.map((e) => `${e.user.userId}@${e.node}`).sort();
    expect(users).toEqual(['eve@A', 'fay@C']);
    await expect
      .poll(() => heard.at(-1))
      .toEqual({
        t: 'roster',
        node: 'A',
        entries: [entry('eve', 'A', 's5', 'room-1')],
      });
  });
});
