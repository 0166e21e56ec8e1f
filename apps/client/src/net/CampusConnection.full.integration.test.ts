import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '@campus/protocol';
import { createStateServer, silentLogger, type StateServer } from '@campus/state-server';
import { tiledRows } from '@campus/world/testing';
import { CampusConnection, type ConnectionStatus } from './CampusConnection';

let server: StateServer | undefined;
const connections: CampusConnection[] = [];

afterEach(async () => {
  for (const c of connections.splice(0)) c.close();
  await server?.close();
});

describe('CampusConnection to a full campus', () => {
  it('says the campus is full, keeps trying, and gets in once someone leaves', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'campus-map-'));
    const mapFile = join(dir, 'map.json');
    await writeFile(mapFile, JSON.stringify(tiledRows(['######', '#S...#', '######'])));
    server = await createStateServer({
      mapFile,
      logger: silentLogger,
      maxPeople: 1,
      room: { gracePeriod: 50 },
    });
    const url = `http://127.0.0.1:${await server.listen(0)}`;
    // Ada is a plain socket that goes for good when closed (a CampusConnection would come back by itself).
    const ada = io(url, {
      auth: { protocolVersion: PROTOCOL_VERSION, secret: randomBytes(32).toString('base64url') },
      transports: ['websocket'],
      reconnection: false,
    });
    await ada.timeout(5000).emitWithAck('join', { name: 'Ada', appearance: { look: 'sky' } });
    const bo = new CampusConnection(randomBytes(32).toString('base64url'), url);
    connections.push(bo);
    const statuses: Array<[ConnectionStatus, string | undefined]> = [];
    bo.onStatus((status, detail) => statuses.push([status, detail]));
    await until(() => statuses.some(([status]) => status === 'full'));
    expect(statuses.find(([status]) => status === 'full')?.[1]).toMatch(/campus is full/i);
    expect(bo.notConnectedReason()).toMatch(/campus is full/i);

    ada.disconnect();
    await until(() => bo.online, 20_000);
    const reply = await bo.join({ name: 'Bo', appearance: { look: 'rose' } });
    expect(reply.users).toEqual([]);
  }, 30_000);
});

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
