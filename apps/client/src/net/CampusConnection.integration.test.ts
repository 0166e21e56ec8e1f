import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createStateServer, silentLogger, type StateServer } from '@campus/state-server';
import { tiledRows } from '@campus/world/testing';
import { CampusConnection, type ConnectionStatus, type JoinedReply } from './CampusConnection';

const servers: StateServer[] = [];
const connections: CampusConnection[] = [];

afterEach(async () => {
  for (const c of connections.splice(0)) c.close();
  for (const s of servers.splice(0)) await s.close();
});

async function startServer(mapFile: string, port: number): Promise<{ server: StateServer; port: number }> {
  const server = await createStateServer({ mapFile, logger: silentLogger, drainTimeoutMs: 10_000 });
  servers.push(server);
  return { server, port: await server.listen(port) };
}

describe('CampusConnection when its server drains', () => {
  it('leaves at once and, within a short jitter, rejoins where it stood on the server that takes over', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'campus-map-'));
    const mapFile = join(dir, 'map.json');
    await writeFile(
      mapFile,
      JSON.stringify(tiledRows(['##########', '#S.......#', '#........#', '##########'])),
    );
    const first = await startServer(mapFile, 0);

    const connection = new CampusConnection(
      randomBytes(32).toString('base64url'),
      `http://127.0.0.1:${first.port}`,
    );
    connections.push(connection);
    const statuses: ConnectionStatus[] = [];
    connection.onStatus((status) => statuses.push(status));
    const joined = await connection.join({ name: 'Ada', appearance: { look: 'sky' } });
    const stoodAt = { position: { x: 88, y: 28 }, direction: 'left' as const };
    connection.setResumeSource(() => stoodAt);
    const rejoined = new Promise<JoinedReply>((resolve) => connection.onRejoin(resolve));

    // A rolling restart: the old process drains, its successor takes the same address.
    const started = Date.now();
    await first.server.drain();
    expect(Date.now() - started).toBeLessThan(1000); // the client left by itself; the drain did not wait it out
    await startServer(mapFile, first.port);

    const reply = await rejoined;
    expect(Date.now() - started).toBeLessThan(3000);
    expect(reply.userId).toBe(joined.userId);
    expect(reply.self.position.position).toEqual(stoodAt.position);
    expect(statuses).toEqual(expect.arrayContaining(['reconnecting', 'online']));
    expect(statuses.at(-1)).toBe('online');
  });
});
