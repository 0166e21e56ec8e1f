import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccessToken, TokenVerifier } from 'livekit-server-sdk';
import { MessageError, type RoomEnterReply, type RoomTokenReply } from '@campus/protocol';
import { LiveKitSfu } from './classrooms/LiveKitSfu';
import { oneRoomMap, onTile } from './testing/oneRoomMap';
import { joinedClient, nextEvent, startTestServer, type TestClient } from './testing/testServer';

const mapJson = oneRoomMap(3);
const tile = onTile;
const LK = {
  url: 'ws://127.0.0.1:7880',
  apiKey: 'campus-test-key',
  apiSecret: 'campus-test-secret-0123456789abcdef',
};

let harness: Awaited<ReturnType<typeof startTestServer>>;
const sockets: TestClient[] = [];
let removed: Array<[string, string]>;

beforeEach(async () => {
  removed = [];
  const real = new LiveKitSfu(LK);
  harness = await startTestServer(mapJson, {
    livekit: LK,
    // Real tokens from the SDK; removals recorded instead of sent to a LiveKit server that does not run here.
    sfu: {
      access: (roomId, userId, name) => real.access(roomId, userId, name),
      removeParticipant: (roomId, userId) => {
        removed.push([roomId, userId]);
        return Promise.resolve();
      },
    },
  });
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await harness.close();
});

async function personAt(name: string, tx: number, ty: number) {
  const joined = await joinedClient(harness.url, name, { resume: tile(tx, ty) });
  sockets.push(joined.socket);
  return joined;
}
const enter = (socket: TestClient, roomId = 'room-1'): Promise<RoomEnterReply> =>
  socket.timeout(3000).emitWithAck('room:enter', { roomId });

async function signedWebhook(body: string, secret = LK.apiSecret): Promise<string> {
  const token = new AccessToken(LK.apiKey, secret);
  token.sha256 = createHash('sha256').update(body).digest('base64');
  return token.toJwt();
}

describe('proximity links through the SFU: the campus-wide room', () => {
  it('gives a registered visitor a token for the campus-wide room: camera and microphone only, and says when links move there', async () => {
    const ada = await personAt('Ada', 3, 3);
    const early = await ada.socket.timeout(3000).emitWithAck('media:sfu', undefined);
    expect(early).toMatchObject({ ok: false, error: { code: MessageError.MEDIA_NOT_REGISTERED } });
    const registered = await ada.socket.timeout(3000).emitWithAck('media:register', undefined);
    expect(registered).toMatchObject({ ok: true, crowd: { enterLinks: 4, exitLinks: 2 } });
    const reply = await ada.socket.timeout(3000).emitWithAck('media:sfu', undefined);
    if (!reply.ok) throw new Error(JSON.stringify(reply));
    const claims = await new TokenVerifier(LK.apiKey, LK.apiSecret).verify(reply.livekit.token);
    expect(claims.sub).toBe(ada.reply.userId);
    expect(claims.video).toMatchObject({
      room: '_nearby',
      roomJoin: true,
      canSubscribe: true,
      canPublishData: false,
    });
    expect(claims.video?.canPublishSources?.sort()).toEqual(['camera', 'microphone']);
  });

  it('has no campus-wide room without LiveKit, and says so with a code', async () => {
    const mesh = await startTestServer(mapJson);
    try {
      const joined = await joinedClient(mesh.url, 'Bo', { resume: tile(3, 3) });
      sockets.push(joined.socket);
      const registered = await joined.socket.timeout(3000).emitWithAck('media:register', undefined);
      expect(registered.ok && registered.crowd).toBe(undefined);
      const reply = await joined.socket.timeout(3000).emitWithAck('media:sfu', undefined);
      expect(reply).toMatchObject({ ok: false, error: { code: MessageError.NO_SFU } });
    } finally {
      for (const s of sockets.splice(0)) s.disconnect();
      await mesh.close();
    }
  });
});

describe('classrooms over real Socket.IO, with LiveKit tokens', () => {
  it('a member gets a token that the LiveKit SDK verifies: this room only, their identity, publish rights, short-lived', async () => {
    const ada = await personAt('Ada', 14, 3);
    const reply = await enter(ada.socket);
    expect(reply).toMatchObject({ ok: true, roomId: 'room-1', members: [ada.reply.userId], mode: 'livekit' });
    if (!reply.ok || !reply.livekit) throw new Error('no LiveKit access');
    expect(reply.livekit.url).toBe(LK.url);
    const claims = await new TokenVerifier(LK.apiKey, LK.apiSecret).verify(reply.livekit.token);
    expect(claims.sub).toBe(ada.reply.userId);
    expect(claims.name).toBe('Ada');
    expect(claims.video).toMatchObject({
      room: 'room-1',
      roomJoin: true,
      canPublish: true,
      canSubscribe: true,
    });
    expect(claims.video?.roomAdmin).toBeFalsy();
    expect(claims.video?.canPublishSources).toEqual(
      expect.arrayContaining(['camera', 'microphone', 'screen_share']),
    );
    const lifetime = Number(claims.exp) - Number(claims.nbf);
    expect(lifetime).toBeGreaterThan(0);
    expect(lifetime).toBeLessThanOrEqual(600);
    await expect(
      new TokenVerifier(LK.apiKey, 'another-secret-0123456789abcdef').verify(reply.livekit.token),
    ).rejects.toThrow();
  });

  it('refuses a token to a non-member, and entry from outside the area', async () => {
    const bo = await personAt('Bo', 3, 3);
    const token: RoomTokenReply = await bo.socket
      .timeout(3000)
      .emitWithAck('room:token', { roomId: 'room-1' });
    expect(token).toMatchObject({ ok: false, error: { code: MessageError.NOT_A_MEMBER } });
    expect(await enter(bo.socket)).toMatchObject({ ok: false, error: { code: MessageError.NOT_IN_AREA } });
  });

  it('counts people, not connections, against the capacity', async () => {
    const people = [await personAt('A', 12, 2), await personAt('B', 13, 2), await personAt('C', 14, 2)];
    for (const p of people) expect((await enter(p.socket)).ok).toBe(true);
    // A reloads: a new connection of the same person keeps their one seat.
    const again = await joinedClient(harness.url, 'A', { secret: people[0]!.secret });
    sockets.push(again.socket);
    expect(await enter(again.socket)).toMatchObject({ ok: true });
    const dee = await personAt('Dee', 15, 2);
    expect(await enter(dee.socket)).toMatchObject({ ok: false, error: { code: MessageError.ROOM_FULL } });
    expect(harness.server.classrooms.membersOf('room-1')).toHaveLength(3);
  });

  it('leaving the room removes the participant from LiveKit and tells the others', async () => {
    const ada = await personAt('Ada', 14, 3);
    const bo = await personAt('Bo', 15, 3);
    await enter(ada.socket);
    await enter(bo.socket);
    const update = nextEvent(ada.socket, 'room:members');
    bo.socket.emit('room:leave', { roomId: 'room-1' });
    expect(await update).toEqual({ roomId: 'room-1', members: [ada.reply.userId] });
    expect(removed).toEqual([['room-1', bo.reply.userId]]);
  });

  it('accepts a signed webhook (removing a LiveKit participant who is not a member) and refuses a bad signature', async () => {
    const body = JSON.stringify({
      event: 'participant_joined',
      id: 'EV_1',
      room: { name: 'room-1' },
      participant: { identity: 'intruder' },
    });
    const post = async (authorization: string | undefined, payload = body) =>
      fetch(`${harness.url}/livekit/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/webhook+json', ...(authorization ? { authorization } : {}) },
        body: payload,
      });
    expect((await post(await signedWebhook(body))).status).toBe(200);
    expect(removed).toEqual([['room-1', 'intruder']]);
    expect((await post(await signedWebhook(body, 'not-the-secret-0123456789abcdef'))).status).toBe(401);
    expect((await post(await signedWebhook(body), body.replace('intruder', 'someone'))).status).toBe(401);
    expect((await post(undefined)).status).toBe(401);
    expect(removed).toHaveLength(1);
  });
});
