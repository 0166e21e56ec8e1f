import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createStateServer, silentLogger, type StateServer } from '@campus/state-server';
import { tiledRows } from '@campus/world/testing';
import { CampusConnection, type ConnectionStatus } from './CampusConnection';

let server: StateServer | undefined;
let connection: CampusConnection | undefined;

afterEach(async () => {
  connection?.close();
  await server?.close();
});

describe('CampusConnection closed for flooding', () => {
  it('shows the coded reason and does not come back by itself', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'campus-map-'));
    const mapFile = join(dir, 'map.json');
    await writeFile(
      mapFile,
      JSON.stringify(tiledRows(['##########', '#S.......#', '#........#', '##########'])),
    );
    server = await createStateServer({
      mapFile,
      logger: silentLogger,
      // Put up with a flood for 0.5 s rather than 10 s, to keep the test short.
      inbound: {
        escalation: {
          errorIntervalMs: 1000,
          sustainedMs: 500,
          pauseMs: 2000,
          tolerance: { burst: 1e6, perSecond: 1e6 },
        },
      },
    });
    const port = await server.listen(0);
    let connections = 0;
    server.io.on('connection', () => connections++);

    connection = new CampusConnection(randomBytes(32).toString('base64url'), `http://127.0.0.1:${port}`);
    const statuses: Array<[ConnectionStatus, string | undefined]> = [];
    connection.onStatus((status, detail) => statuses.push([status, detail]));
    await connection.join({ name: 'Ada', appearance: { look: 'sky' } });
    // A page gone wrong: thousands of strokes as fast as it can.
    for (let i = 0; i < 200 && connection.online; i++) {
      for (let j = 0; j < 50; j++)
        connection.sendStroke({ position: { x: 24, y: 28 }, direction: 'up', isMoving: false, startedAt: 0 });
      await new Promise((r) => setTimeout(r, 10));
    }
    await new Promise((r) => setTimeout(r, 2000));
    expect(statuses.at(-1)).toEqual([
      'refused',
      expect.stringMatching(/too many messages.*4005 TOO_MANY_MESSAGES/),
    ]);
    expect(connection.online).toBe(false);
    expect(connections).toBe(1);
  }, 20_000);
});
