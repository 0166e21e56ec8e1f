import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MessageError, type MediaRegisterReply } from '@campus/protocol';
import { tiledRows } from '@campus/world/testing';
import { flush, joinedClient, nextEvent, startTestServer, type TestClient } from './testing/testServer';

const mapJson = tiledRows(['########', '#.S....#', '#......#', '########']);
let harness: Awaited<ReturnType<typeof startTestServer>>;
const sockets: TestClient[] = [];

beforeEach(async () => {
  harness = await startTestServer(mapJson, {
    ice: {
      stunUrls: [],
      turnUrls: ['turn:127.0.0.1:3478'],
      turnSecret: 'integration-secret-123',
      turnTtlSeconds: 600,
    },
  });
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await harness.close();
});

async function register(socket: TestClient): Promise<Extract<MediaRegisterReply, { ok: true }>> {
  const reply = await socket.timeout(3000).emitWithAck('media:register', undefined);
  if (!reply.ok) throw new Error(reply.error.reason);
  return reply;
}

/** Opens the PeerJS signaling socket the way the PeerJS client does; resolves with its first message or the refusal. */
function signal(id: string, token: string): Promise<string> {
  const url = `${harness.url.replace('http', 'ws')}/peerjs/peerjs?key=peerjs&id=${id}&token=${token}&version=1.5.5`;
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.on('message', (data) => {
      resolve(String(data));
      ws.close();
    });
    ws.on('unexpected-response', (_req, res) => resolve(`HTTP ${res.statusCode}`));
    ws.on('error', (err) => resolve(`error ${err.message}`));
  });
}

describe('proximity media signaling', () => {
  it('issues an identified user a random peer id, a token and short-lived TURN credentials, and tells the others', async () => {
    const ada = await joinedClient(harness.url, 'Ada');
    const bo = await joinedClient(harness.url, 'Bo');
    sockets.push(ada.socket, bo.socket);
    const announced = nextEvent(bo.socket, 'user:media');
    const reply = await register(ada.socket);
    expect(reply.peerId).toMatch(/^[0-9a-f]{32}$/);
    expect(reply.iceServers).toEqual([
      expect.objectContaining({ urls: ['turn:127.0.0.1:3478'], username: expect.stringMatching(/^\d+:/) }),
    ]);
    expect(reply.expiresAt - Date.now()).toBeLessThanOrEqual(600_000);
    expect(await announced).toEqual({
      userId: ada.reply.userId,
      media: { peerId: reply.peerId, mic: false, cam: false },
    });
    // The token is for the owner only.
    expect(JSON.stringify(await announced)).not.toContain(reply.token);
  });

  it('lets only an issued id and token register on the signaling server', async () => {
    const ada = await joinedClient(harness.url, 'Ada');
    sockets.push(ada.socket);
    const { peerId, token } = await register(ada.socket);
    expect(await signal(peerId, token)).toContain('"OPEN"');
    expect(await signal(peerId, 'wrong-token')).toBe('HTTP 403');
    expect(await signal('made-up-peer-id', token)).toBe('HTTP 403');
    // A new registration revokes the old pair.
    await register(ada.socket);
    expect(await signal(peerId, token)).toBe('HTTP 403');
  });

  it('relays microphone and camera state, and refuses state before registering', async () => {
    const ada = await joinedClient(harness.url, 'Ada');
    const bo = await joinedClient(harness.url, 'Bo');
    sockets.push(ada.socket, bo.socket);
    const error = nextEvent(ada.socket, 'protocol:error');
    ada.socket.emit('media:state', { mic: true, cam: true });
    expect(await error).toMatchObject({ code: MessageError.MEDIA_NOT_REGISTERED });
    const { peerId } = await register(ada.socket);
    await flush(bo.socket);
    const update = nextEvent(bo.socket, 'user:media');
    ada.socket.emit('media:state', { mic: true, cam: false });
    expect(await update).toEqual({ userId: ada.reply.userId, media: { peerId, mic: true, cam: false } });
    const late = await joinedClient(harness.url, 'Late');
    sockets.push(late.socket);
    expect(late.reply.users.find((u) => u.userId === ada.reply.userId)?.media).toEqual({
      peerId,
      mic: true,
      cam: false,
    });
  });

  it('lets only a classroom member say they share their screen', async () => {
    const ada = await joinedClient(harness.url, 'Ada');
    sockets.push(ada.socket);
    await register(ada.socket);
    const error = nextEvent(ada.socket, 'protocol:error');
    ada.socket.emit('media:state', { mic: true, cam: true, screen: true });
    expect(await error).toMatchObject({ code: MessageError.NOT_IN_ROOM, event: 'media:state' });
    expect(harness.server.room.mediaOf(ada.reply.userId)?.screen).toBeUndefined();
  });

  it('refuses media requests before join', async () => {
    const { connectClient } = await import('./testing/testServer');
    const socket = connectClient(harness.url);
    sockets.push(socket);
    const reply = await socket.timeout(3000).emitWithAck('media:register', undefined);
    expect(reply).toMatchObject({ ok: false, error: { code: MessageError.NOT_JOINED } });
  });
});
