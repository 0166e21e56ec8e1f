import { afterEach, describe, expect, it } from 'vitest';
import { tiledRows } from '@campus/world/testing';
import { clusterMissing, startCluster, type Cluster } from './testing/clusterHarness';
import { eventually, nextEvent, recordEvents } from './testing/testServer';

const rows = ['####################', '#.S................#', '#..................#', '####################'];
const mapJson = tiledRows(rows);
const tile = (tx: number, ty: number) => ({
  position: { x: tx * 16 + 8, y: ty * 16 + 12 },
  direction: 'down' as const,
});
/** A node's heartbeat lives 8 s and the others look every 2 s: its users are gone within 10 s, plus slack. */
const LIVENESS_WINDOW_MS = 12_000;

const missing = clusterMissing();
if (missing) console.warn(`Skipping the cluster failover tests: ${missing}`);

let cluster: Cluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

/** Polls `check` until it holds or `ms` pass; whether it held. */
async function until(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

const redisCheck = async (url: string): Promise<boolean> =>
  ((await (await fetch(`${url}/readyz`)).json()) as { checks: { redis: boolean } }).checks.redis;

const idsOf = (log: Array<{ payload: unknown }>): string[] =>
  log.map((e) => (e.payload as { userId: string }).userId);

describe.skipIf(missing)('a cluster losing a node or Redis', () => {
  it('on kill -9 of a node: its clients come back through Caddy on the other with their state, and its other users leave everywhere', async () => {
    cluster = await startCluster(mapJson, ['node-a', 'node-b']);
    const [a, b] = cluster.nodes as [Cluster['nodes'][0], Cluster['nodes'][0]];
    const ada = await cluster.join(a, 'Ada', { resume: tile(3, 1), look: 'plum' });
    const al = await cluster.join(a, 'Al', { resume: tile(4, 2) });
    const bo = await cluster.join(b, 'Bo', { resume: tile(6, 1) });
    await eventually(() => expect(a.hosts(ada.reply.userId) && b.hosts(bo.reply.userId)).toBe(true));
    const boSees = recordEvents(bo.socket, ['user:joined', 'user:left', 'user:moved']);
    // Ada walks a little and stops, so where she is and where she was placed differ.
    const stopAt = { x: tile(3, 1).position.x + 20, y: tile(3, 1).position.y };
    ada.socket.emit('move', { position: tile(3, 1).position, direction: 'right', isMoving: true });
    ada.socket.emit('move', { position: stopAt, direction: 'right', isMoving: false });
    await eventually(() =>
      expect(boSees.at(-1)?.payload).toMatchObject({ position: stopAt, isMoving: false }),
    );

    const dropped = new Promise<void>((resolve) => ada.socket.once('disconnect', () => resolve()));
    const killedAt = Date.now();
    await a.kill();
    await dropped;
    // What the web client does: connect again (Caddy's cookie names the dead node, so Caddy picks another) and
    // rejoin with where it stood.
    const back = await cluster.join(a, 'Ada', {
      secret: ada.secret,
      look: 'plum',
      resume: { position: stopAt, direction: 'right' },
    });
    expect(Date.now() - killedAt).toBeLessThan(LIVENESS_WINDOW_MS);
    expect(back.reply.userId).toBe(ada.reply.userId);
    await eventually(() => expect(b.hosts(ada.reply.userId)).toBe(true));
    expect(back.reply.self).toMatchObject({
      profile: { name: 'Ada', appearance: { look: 'plum' } },
      position: { position: stopAt, direction: 'right' },
      online: true,
    });
    expect(back.reply.users.map((u) => u.userId)).toContain(bo.reply.userId);

    // Al never comes back: everyone is told he left, within the liveness window; Ada never leaves.
    await eventually(
      () => expect(idsOf(boSees.filter((e) => e.event === 'user:left'))).toContain(al.reply.userId),
      LIVENESS_WINDOW_MS,
    );
    expect(Date.now() - killedAt).toBeLessThan(LIVENESS_WINDOW_MS);
    expect(idsOf(boSees.filter((e) => e.event === 'user:left'))).toEqual([al.reply.userId]);
    // A newcomer's snapshot (built by the survivor) has Ada and Bo and nobody else.
    const cy = await cluster.join(b, 'Cy', { resume: tile(8, 2) });
    expect(cy.reply.users.map((u) => u.userId).sort()).toEqual([ada.reply.userId, bo.reply.userId].sort());
  }, 40_000);

  it('survives a Redis restart: everyone still sees everyone, and new joins and moves go through', async () => {
    cluster = await startCluster(mapJson, ['node-a', 'node-b']);
    const [a, b] = cluster.nodes as [Cluster['nodes'][0], Cluster['nodes'][0]];
    const ada = await cluster.join(a, 'Ada', { resume: tile(3, 1) });
    const bo = await cluster.join(b, 'Bo', { resume: tile(6, 1) });
    await eventually(() => expect(a.hosts(ada.reply.userId) && b.hosts(bo.reply.userId)).toBe(true));
    const boSees = recordEvents(bo.socket, ['user:joined', 'user:left', 'user:moved']);
    const adaSees = recordEvents(ada.socket, ['user:joined', 'user:left']);
    await eventually(() => expect(idsOf(adaSees)).toEqual([bo.reply.userId]));

    await cluster.redis.kill();
    // Redis is gone (and will come back empty): the nodes say they are not ready, and keep serving their clients.
    expect(await until(async () => !(await redisCheck(a.url)), 5000)).toBe(true);
    const stopAt = { x: tile(3, 1).position.x + 16, y: tile(3, 1).position.y };
    ada.socket.emit('move', { position: tile(3, 1).position, direction: 'right', isMoving: true });
    ada.socket.emit('move', { position: stopAt, direction: 'right', isMoving: false });
    expect(typeof (await ada.socket.timeout(3000).emitWithAck('clock', undefined))).toBe('number');
    await new Promise((r) => setTimeout(r, 1000));
    await cluster.redis.restart();

    // Once the nodes are back on Redis, Bo sees where Ada stopped meanwhile.
    await eventually(
      () =>
        expect(boSees.filter((e) => e.event === 'user:moved').at(-1)?.payload).toMatchObject({
          position: stopAt,
        }),
      10_000,
    );
    // A newcomer sees both (once both nodes are back on Redis), and they see the newcomer.
    for (const node of cluster.nodes) expect(await until(() => redisCheck(node.url), 10_000)).toBe(true);
    const cy = await cluster.join(b, 'Cy', { resume: tile(8, 2) });
    const cySees = recordEvents(cy.socket, ['user:joined', 'user:visible']);
    const known = (): string[] => [...cy.reply.users.map((u) => u.userId), ...idsOf(cySees)].sort();
    await eventually(() => expect(known()).toEqual([ada.reply.userId, bo.reply.userId].sort()));
    await eventually(() =>
      expect(idsOf(adaSees.filter((e) => e.event === 'user:joined'))).toContain(cy.reply.userId),
    );
    // Moves after the restart go through.
    const moved = nextEvent(ada.socket, 'user:moved', 5000);
    cy.socket.emit('move', { position: tile(8, 2).position, direction: 'left', isMoving: true });
    expect(await moved).toMatchObject({ userId: cy.reply.userId, direction: 'left' });
    // And after a whole liveness window, nobody was taken for dead.
    await new Promise((r) => setTimeout(r, LIVENESS_WINDOW_MS));
    expect(boSees.filter((e) => e.event === 'user:left')).toEqual([]);
    expect(adaSees.filter((e) => e.event === 'user:left')).toEqual([]);
    for (const node of cluster.nodes) {
      expect(await (await fetch(`${node.url}/readyz`)).json()).toMatchObject({
        ready: true,
        checks: { redis: true },
      });
    }
  }, 45_000);
});
