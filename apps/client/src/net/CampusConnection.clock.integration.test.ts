import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createStateServer, silentLogger, type Clock, type StateServer } from '@campus/state-server';
import { tiledRows } from '@campus/world/testing';
import { CampusConnection, type JoinedReply } from './CampusConnection';
import { browserClock } from '../clock';

const servers: StateServer[] = [];
let connection: CampusConnection | undefined;

afterEach(async () => {
  connection?.close();
  for (const s of servers.splice(0)) await s.close();
});

/** The real clock moved by `offsetMs`, as another machine's might be. */
function clockAhead(offsetMs: number): Clock {
  return {
    now: () => Date.now() + offsetMs,
    setTimeout: (callback, ms) => {
      const handle = setTimeout(callback, ms);
      return () => clearTimeout(handle);
    },
  };
}

describe('CampusConnection clock sync across servers', () => {
  it('after reconnecting to a server whose clock differs, maps times by the new server, not the old fastest sample', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'campus-map-'));
    const mapFile = join(dir, 'map.json');
    await writeFile(mapFile, JSON.stringify(tiledRows(['######', '#S...#', '######'])));
    const start = async (port: number, clock: Clock): Promise<number> => {
      const server = await createStateServer({
        mapFile,
        logger: silentLogger,
        clock,
        drainTimeoutMs: 10_000,
      });
      servers.push(server);
      return server.listen(port);
    };
    const port = await start(0, clockAhead(0));

    // This page's clock: still during the first server's round trips (so they look perfect), ticking after.
    let local = 0;
    let tick = 0;
    connection = new CampusConnection(randomBytes(32).toString('base64url'), `http://127.0.0.1:${port}`, {
      ...browserClock,
      now: () => {
        local += tick;
        return local;
      },
    });
    await connection.join({ name: 'Ada', appearance: { look: 'sky' } });
    await connection.syncClock(2);
    const before = connection.clock.offset;

    tick = 5;
    const rejoined = new Promise<JoinedReply>((resolve) => connection?.onRejoin(resolve));
    await servers[0]?.drain();
    await start(port, clockAhead(3_600_000));
    await rejoined;
    await connection.syncClock(2);
    expect(connection.clock.offset - before).toBeGreaterThan(3_500_000);
  });
});
