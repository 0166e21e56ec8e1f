import { Manager } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectRefusal, PROTOCOL_VERSION, type ConnectRefusalData } from '@campus/protocol';
import { tiledRows } from '@campus/world/testing';
import {
  connectClient,
  joinedClient,
  newSecret,
  nextEvent,
  startTestServer,
  type TestClient,
} from './testing/testServer';

const mapJson = tiledRows(['##########', '#S.......#', '#........#', '##########']);

let harness: Awaited<ReturnType<typeof startTestServer>> | undefined;
const sockets: TestClient[] = [];
const managers: Manager[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  for (const m of managers.splice(0)) m.engine?.close();
  await harness?.close();
});

const refusal = (socket: TestClient): Promise<Error & { data?: ConnectRefusalData }> =>
  new Promise((resolve, reject) => {
    socket.once('connect_error', resolve);
    socket.once('connect', () => reject(new Error('the draining server let a client in')));
  });

describe('draining (SIGTERM)', () => {
  it('tells every client to move on, reports not ready, refuses newcomers, and closes once they have gone', async () => {
    harness = await startTestServer(mapJson, { drainTimeoutMs: 60_000 });
    const ada = await joinedClient(harness.url, 'Ada');
    const bo = await joinedClient(harness.url, 'Bo');
    sockets.push(ada.socket, bo.socket);
    expect(await (await fetch(`${harness.url}/readyz`)).json()).toEqual({
      ready: true,
      checks: { listening: true, accepting: true },
    });
    // Someone whose connection is open but who has not said hello yet (a proxy's pooled connection is like this).
    const manager = new Manager(harness.url, {
      transports: ['websocket'],
      autoConnect: false,
      reconnection: false,
    });
    managers.push(manager);
    await new Promise<void>((resolve, reject) => manager.open((err) => (err ? reject(err) : resolve())));

    const notices = [nextEvent(ada.socket, 'server:draining'), nextEvent(bo.socket, 'server:draining')];
    let done = false;
    const drained = harness.server.drain().then(() => (done = true));
    const expected = { code: ConnectRefusal.SERVER_DRAINING, reason: 'SERVER_DRAINING' };
    expect(await Promise.all(notices)).toEqual([expected, expected]);
    expect(await harness.server.readiness.evaluate()).toEqual({
      ready: false,
      checks: { listening: false, accepting: false },
    });

    // No new connections at all...
    const newcomer = connectClient(harness.url);
    sockets.push(newcomer);
    await refusal(newcomer);
    // ...and whoever was already connected but not in is refused with the reason.
    const late = manager.socket('/', { auth: { protocolVersion: PROTOCOL_VERSION, secret: newSecret() } });
    sockets.push(late as TestClient);
    late.connect();
    expect((await refusal(late as TestClient)).data).toMatchObject({
      code: ConnectRefusal.SERVER_DRAINING,
      reason: 'SERVER_DRAINING',
    });

    // The server waits for its clients to go, not for the timeout.
    ada.socket.disconnect();
    await new Promise((r) => setTimeout(r, 50));
    expect(done).toBe(false);
    bo.socket.disconnect();
    await drained;
    expect(harness.server.http.listening).toBe(false);
  });

  it('closes on clients that do not leave, after the drain timeout', async () => {
    harness = await startTestServer(mapJson, { drainTimeoutMs: 200 });
    const ada = await joinedClient(harness.url, 'Ada');
    sockets.push(ada.socket);
    // This client ignores the notice.
    const cut = new Promise<void>((resolve) => ada.socket.once('disconnect', () => resolve()));
    const started = Date.now();
    await harness.server.drain();
    await cut;
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(ada.socket.connected).toBe(false);
  });

  it('counts the notices it sends', async () => {
    harness = await startTestServer(mapJson, { drainTimeoutMs: 100 });
    const ada = await joinedClient(harness.url, 'Ada');
    sockets.push(ada.socket);
    await harness.server.drain();
    expect(await harness.server.metrics.scrape()).toContain(
      'campus_messages_out_total{event="server:draining"} 1',
    );
  });
});
