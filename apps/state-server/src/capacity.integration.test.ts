import { afterEach, describe, expect, it } from 'vitest';
import { ConnectRefusal, PROTOCOL_VERSION, type ConnectRefusalData } from '@campus/protocol';
import { tiledRows } from '@campus/world/testing';
import {
  connectClient,
  eventually,
  joinedClient,
  newSecret,
  startTestServer,
  type TestClient,
} from './testing/testServer';

const mapJson = tiledRows(['########', '#S.....#', '#......#', '########']);
let harness: Awaited<ReturnType<typeof startTestServer>> | undefined;
const sockets: TestClient[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await harness?.close();
});

/** Connects as `secret`; resolves with the refusal's data, or `connected`. */
function attempt(url: string, secret: string): Promise<ConnectRefusalData | 'connected'> {
  const socket = connectClient(url, { protocolVersion: PROTOCOL_VERSION, secret });
  sockets.push(socket);
  return new Promise((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (err: Error & { data?: ConnectRefusalData }) =>
      resolve(err.data ?? { code: 0 as never, reason: err.message, serverProtocolVersion: 0 }),
    );
  });
}

describe('a cap on people per server', () => {
  it('refuses one more person with SERVER_FULL, still lets those present reconnect, and has room once someone leaves', async () => {
    harness = await startTestServer(mapJson, { maxPeople: 2, room: { gracePeriod: 100 } });
    const ada = await joinedClient(harness.url, 'Ada');
    const bo = await joinedClient(harness.url, 'Bo');
    sockets.push(ada.socket, bo.socket);

    expect(await attempt(harness.url, newSecret())).toMatchObject({
      code: ConnectRefusal.SERVER_FULL,
      reason: 'SERVER_FULL',
    });
    // Ada in a second tab is not one more person.
    expect(await attempt(harness.url, ada.secret)).toBe('connected');

    bo.socket.disconnect();
    await eventually(() => expect(harness?.server.room.has(bo.reply.userId)).toBe(false), 3000);
    expect(await attempt(harness.url, newSecret())).toBe('connected');
  });
});
