import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectRefusal, MessageError, PROTOCOL_VERSION, type ConnectRefusalData } from '@campus/protocol';
import { tiledRows } from '@campus/world/testing';
import { deriveUserId } from './identity';
import {
  connectClient,
  eventually,
  flush,
  joinedClient,
  newSecret,
  nextEvent,
  recordEvents,
  startTestServer,
  type TestClient,
} from './testing/testServer';

const mapJson = tiledRows([
  '############',
  '#..........#',
  '#.S........#',
  '#..........#',
  '#..........#',
  '############',
]);

let harness: Awaited<ReturnType<typeof startTestServer>>;
const sockets: TestClient[] = [];
const track = <T extends { socket: TestClient }>(joined: T): T => (sockets.push(joined.socket), joined);

beforeEach(async () => {
  harness = await startTestServer(mapJson, { room: { gracePeriod: 400 } });
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await harness.close();
});

describe('identity', () => {
  it('derives the user id from the secret, and a claimed id in the handshake or a payload changes nothing', async () => {
    const victim = track(await joinedClient(harness.url, 'Victim'));
    const secret = newSecret();
    const socket = connectClient(harness.url, {
      protocolVersion: PROTOCOL_VERSION,
      secret,
      userId: victim.reply.userId,
    });
    sockets.push(socket);
    const reply = await socket
      .timeout(3000)
      .emitWithAck('join', { name: 'Mallory', appearance: { look: 'ink' } });
    expect(reply.ok && reply.userId).toBe(deriveUserId(secret));
    expect(reply.ok && reply.userId).not.toBe(victim.reply.userId);

    const error = nextEvent(socket, 'protocol:error');
    const raw = socket as unknown as { emit(e: string, ...a: unknown[]): void };
    raw.emit('profile', { name: 'Victim', userId: victim.reply.userId });
    expect(await error).toMatchObject({ code: MessageError.INVALID_PAYLOAD });
    const victimNow = harness.server.room.snapshot().find((u) => u.userId === victim.reply.userId);
    expect(victimNow?.profile.name).toBe('Victim');
    expect(harness.server.room.size).toBe(2);
  });

  it('refuses a handshake without a well-formed secret', async () => {
    const socket = connectClient(harness.url, { protocolVersion: PROTOCOL_VERSION, secret: 'short' });
    sockets.push(socket);
    const err = await new Promise<Error & { data?: ConnectRefusalData }>((resolve) =>
      socket.on('connect_error', resolve),
    );
    expect(err.data?.code).toBe(ConnectRefusal.IDENTITY_INVALID);
  });

  it('the same secret is the same person on every visit', async () => {
    const secret = newSecret();
    const first = track(await joinedClient(harness.url, 'Ada', { secret }));
    first.socket.disconnect();
    const second = track(await joinedClient(harness.url, 'Ada', { secret }));
    expect(second.reply.userId).toBe(first.reply.userId);
  });
});

describe('sessions', () => {
  it('a new connection arriving before the old one disconnects keeps exactly one presence', async () => {
    const observer = track(await joinedClient(harness.url, 'Observer'));
    const seen = recordEvents(observer.socket, ['user:joined', 'user:left', 'user:presence']);
    const secret = newSecret();
    const oldTab = track(await joinedClient(harness.url, 'Ada', { secret }));
    const replaced = nextEvent(oldTab.socket, 'session:replaced');
    const closed = new Promise((resolve) => oldTab.socket.on('disconnect', resolve));
    const newTab = track(await joinedClient(harness.url, 'Ada', { secret }));
    expect(await replaced).toMatchObject({ code: ConnectRefusal.SESSION_REPLACED });
    await closed;
    await flush(newTab.socket);
    await flush(observer.socket);
    await new Promise((r) => setTimeout(r, 600)); // past the grace period
    expect(harness.server.room.size).toBe(2);
    expect(seen.map((e) => e.event)).toEqual(['user:joined']);
    const late = track(await joinedClient(harness.url, 'Late'));
    expect(late.reply.users.filter((u) => u.userId === newTab.reply.userId)).toHaveLength(1);
    expect(late.reply.users.find((u) => u.userId === newTab.reply.userId)?.online).toBe(true);
  });

  it('100 rapid reconnect cycles end with exactly one presence, online', async () => {
    const observer = track(await joinedClient(harness.url, 'Observer'));
    const secret = newSecret();
    let previous: TestClient | undefined;
    for (let i = 0; i < 100; i++) {
      // Alternate the refresh race: sometimes the old socket closes first, sometimes the new one joins first.
      if (i % 2 === 0) previous?.disconnect();
      const next = await joinedClient(harness.url, 'Ada', { secret });
      if (i % 2 === 1) previous?.disconnect();
      previous = next.socket;
    }
    sockets.push(previous!);
    await new Promise((r) => setTimeout(r, 700)); // every grace timer has run out
    const ada = harness.server.room.snapshot().filter((u) => u.profile.name === 'Ada');
    expect(ada).toHaveLength(1);
    expect(ada[0]?.online).toBe(true);
    expect(harness.server.room.size).toBe(2);
    const late = track(await joinedClient(harness.url, 'Late'));
    expect(late.reply.users.map((u) => u.profile.name).sort()).toEqual(['Ada', 'Observer']);
    await flush(observer.socket);
  });

  it('a dropped user stays through a blip and leaves for good after the grace period', async () => {
    const observer = track(await joinedClient(harness.url, 'Observer'));
    const secret = newSecret();
    const ada = await joinedClient(harness.url, 'Ada', { secret });
    const offline = nextEvent(observer.socket, 'user:presence');
    ada.socket.disconnect();
    expect(await offline).toEqual({ userId: ada.reply.userId, online: false });
    const online = nextEvent(observer.socket, 'user:presence');
    track(await joinedClient(harness.url, 'Ada', { secret }));
    expect(await online).toEqual({ userId: ada.reply.userId, online: true });

    const bo = await joinedClient(harness.url, 'Bo');
    const left = nextEvent(observer.socket, 'user:left', 3000);
    const start = Date.now();
    bo.socket.disconnect();
    expect(await left).toEqual({ userId: bo.reply.userId });
    expect(Date.now() - start).toBeGreaterThanOrEqual(350);
  });

  it('messages still in flight from a replaced tab count for nothing', async () => {
    const secret = newSecret();
    const oldTab = await joinedClient(harness.url, 'Ada', { secret });
    track(await joinedClient(harness.url, 'Ada', { secret }));
    await eventually(() => expect(harness.server.room.snapshot()[0]?.online).toBe(true));
    expect(harness.server.room.isActiveSession(oldTab.reply.userId, oldTab.socket.id ?? '')).toBe(false);
  });
});
