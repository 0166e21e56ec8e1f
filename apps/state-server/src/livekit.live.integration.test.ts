import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AccessToken, RoomServiceClient, TrackSource, TrackType } from 'livekit-server-sdk';
import { MessageError, type RoomEnterReply } from '@campus/protocol';
import type { LocalLiveKit } from './classrooms/LocalLiveKit';
import { freePort } from './localPorts';
import { LiveKitBot } from './testing/LiveKitBot';
import { liveKitSkipReason, startLiveKit } from './testing/liveKit';
import { MemoryRoleStore } from './teaching/RoleStore';
import { newLinkId, signTeacherLink } from './teaching/teacherLinks';
import { oneRoomMap, onTile } from './testing/oneRoomMap';
import { eventually, joinedClient, startTestServer, type TestClient } from './testing/testServer';

const skip = liveKitSkipReason();
if (skip) console.log(`Skipping the live LiveKit tests: ${skip}`);

const mapJson = oneRoomMap(3);
const tile = (tx: number, ty: number) => onTile(tx, ty).position;

describe.skipIf(!!skip)('classrooms on a real LiveKit server', () => {
  let livekit: LocalLiveKit;
  let harness: Awaited<ReturnType<typeof startTestServer>>;
  let rooms: RoomServiceClient;
  const sockets: TestClient[] = [];
  const bots: LiveKitBot[] = [];
  const roles = new MemoryRoleStore();

  beforeAll(async () => {
    // The state server's port is chosen first, so LiveKit can be told where to post its webhooks.
    const port = await freePort();
    livekit = await startLiveKit(`http://127.0.0.1:${port}/livekit/webhook`);
    // Someone who disconnects leaves at once, so each test starts with an empty room.
    harness = await startTestServer(
      mapJson,
      { livekit: livekit.config, room: { gracePeriod: 0 }, teaching: { store: roles } },
      port,
    );
    rooms = new RoomServiceClient(livekit.url.replace(/^ws/, 'http'), livekit.apiKey, livekit.apiSecret);
  }, 30_000);
  afterEach(async () => {
    for (const bot of bots.splice(0)) await bot.leave();
    for (const s of sockets.splice(0)) s.disconnect();
    await eventually(() => expect(harness.server.classrooms.membersOf('room-1')).toEqual([]));
  });
  afterAll(async () => {
    await harness?.close();
    await livekit?.stop();
  });

  async function personAt(name: string, tx: number, ty: number) {
    const joined = await joinedClient(harness.url, name, {
      resume: { position: tile(tx, ty), direction: 'down' },
    });
    sockets.push(joined.socket);
    return joined;
  }
  async function enter(socket: TestClient): Promise<Extract<RoomEnterReply, { ok: true }>> {
    const reply = await socket.timeout(3000).emitWithAck('room:enter', { roomId: 'room-1' });
    if (!reply.ok || !reply.livekit) throw new Error(`not let in: ${JSON.stringify(reply)}`);
    return reply;
  }
  async function bot(name: string, reply: Extract<RoomEnterReply, { ok: true }>): Promise<LiveKitBot> {
    const b = new LiveKitBot(name);
    bots.push(b);
    await b.join(reply.livekit!.url, reply.livekit!.token);
    return b;
  }
  const participants = async (): Promise<string[]> =>
    (await rooms.listParticipants('room-1').catch(() => [])).map((p) => p.identity).sort();

  it('accepts the tokens the state server mints: members hear each other through the SFU', async () => {
    const ada = await personAt('Ada', 14, 3);
    const bo = await personAt('Bo', 15, 3);
    const adaBot = await bot('Ada', await enter(ada.socket));
    const boBot = await bot('Bo', await enter(bo.socket));
    await adaBot.publishTone();
    await boBot.publishTone();
    await eventually(() => {
      expect(boBot.framesFrom(ada.reply.userId)).toBeGreaterThan(20);
      expect(adaBot.framesFrom(bo.reply.userId)).toBeGreaterThan(20);
    }, 10_000);
    expect(await participants()).toEqual([ada.reply.userId, bo.reply.userId].sort());
    // The token names the member: the SFU knows them by the identity the state server gave them.
    expect(adaBot.others()).toEqual([bo.reply.userId]);
  });

  it('a member who walks out is removed from the SFU within a second and receives no more media', async () => {
    const ada = await personAt('Ada', 14, 3);
    const bo = await personAt('Bo', 11, 3);
    const adaBot = await bot('Ada', await enter(ada.socket));
    const boBot = await bot('Bo', await enter(bo.socket));
    await adaBot.publishTone();
    await eventually(() => expect(boBot.framesFrom(ada.reply.userId)).toBeGreaterThan(20), 10_000);
    // Bo walks west through the door: his stroke leaves the room 8 px (0.1 s) later, with no further message.
    const walkedAt = Date.now();
    bo.socket.emit('move', { position: tile(11, 3), direction: 'left', isMoving: true });
    await eventually(() => expect(boBot.disconnected).toBeDefined(), 3000);
    expect(boBot.disconnected! - walkedAt).toBeLessThan(1000);
    await eventually(async () => expect(await participants()).toEqual([ada.reply.userId]), 1000);
    const bytes = await boBot.inboundBytes().catch(() => 0);
    const frames = boBot.framesFrom(ada.reply.userId);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await boBot.inboundBytes().catch(() => 0)).toBeLessThanOrEqual(bytes);
    expect(boBot.framesFrom(ada.reply.userId)).toBe(frames);
  });

  it('a non-member cannot join with any token it can get: none is minted, and an old one gets them removed', async () => {
    const ada = await personAt('Ada', 14, 3);
    const adaBot = await bot('Ada', await enter(ada.socket));
    await adaBot.publishTone();
    // Bo was a member a moment ago and kept his token; then he left the room.
    const bo = await personAt('Bo', 15, 3);
    const old = await enter(bo.socket);
    bo.socket.emit('room:leave', { roomId: 'room-1' });
    await eventually(() => expect(harness.server.classrooms.membersOf('room-1')).toEqual([ada.reply.userId]));
    const fresh = await bo.socket.timeout(3000).emitWithAck('room:token', { roomId: 'room-1' });
    expect(fresh).toMatchObject({ ok: false, error: { code: MessageError.NOT_A_MEMBER } });
    // The old token is still within its lifetime: LiveKit lets him connect, and its signed webhook gets him removed.
    const sneak = await bot('Bo', old);
    await eventually(() => expect(sneak.disconnected).toBeDefined(), 3000);
    expect(await participants()).toEqual([ada.reply.userId]);
    expect(sneak.framesFrom(ada.reply.userId)).toBeLessThan(100);
  });

  it('keeps people on the campus in the campus-wide room of proximity links, and removes anyone who is not', async () => {
    const ada = await personAt('Ada', 3, 3);
    await ada.socket.timeout(3000).emitWithAck('media:register', undefined);
    const access = await ada.socket.timeout(3000).emitWithAck('media:sfu', undefined);
    if (!access.ok) throw new Error(JSON.stringify(access));
    const adaBot = new LiveKitBot('Ada');
    bots.push(adaBot);
    await adaBot.join(access.livekit.url, access.livekit.token);
    // A token for someone who has left the campus (kept from before, or leaked): LiveKit lets them in, we do not.
    const ghostToken = new AccessToken(livekit.apiKey, livekit.apiSecret, { identity: 'gone-user' });
    ghostToken.addGrant({ room: '_nearby', roomJoin: true, canSubscribe: true });
    const ghost = new LiveKitBot('Ghost');
    bots.push(ghost);
    await ghost.join(livekit.url, await ghostToken.toJwt());
    await eventually(() => expect(ghost.disconnected).toBeDefined(), 3000);
    expect(await livekit.participants('_nearby')).toEqual([ada.reply.userId]);
    expect(adaBot.disconnected).toBeUndefined();
  });

  it("takes muted students' microphones away at the SFU, and gives the floor's back", async () => {
    const rivera = await personAt('Ms. Rivera', 13, 3);
    const token = signTeacherLink(await roles.secret(), {
      id: newLinkId(),
      name: 'Ms. Rivera',
      issuedAt: Date.now(),
      expiresAt: Date.now() + 3_600_000,
    });
    expect(await rivera.socket.timeout(3000).emitWithAck('role:claim', { token })).toMatchObject({
      ok: true,
    });
    await enter(rivera.socket);
    const ada = await personAt('Ada', 14, 3);
    const bo = await personAt('Bo', 15, 3);
    const adaBot = await bot('Ada', await enter(ada.socket));
    const boBot = await bot('Bo', await enter(bo.socket));
    await adaBot.publishTone();
    await eventually(() => expect(boBot.framesFrom(ada.reply.userId)).toBeGreaterThan(20), 10_000);
    const adaAtSfu = () => rooms.getParticipant('room-1', ada.reply.userId);
    const sendsAudio = async () => (await adaAtSfu()).tracks.some((t) => t.type === TrackType.AUDIO);

    const teach = (action: object) =>
      rivera.socket.timeout(3000).emitWithAck('lesson:teach', { roomId: 'room-1', ...action } as never);
    expect(await teach({ action: 'mute-all', allowUnmute: false })).toMatchObject({ ok: true });
    // LiveKit withdraws the permission and unpublishes her microphone, whatever her client does.
    await eventually(async () => {
      const p = await adaAtSfu();
      expect(p.permission?.canPublishSources).not.toContain(TrackSource.MICROPHONE);
      expect(await sendsAudio()).toBe(false);
    }, 5000);
    const heard = boBot.framesFrom(ada.reply.userId);
    await new Promise((r) => setTimeout(r, 1000));
    expect(boBot.framesFrom(ada.reply.userId) - heard).toBeLessThan(10);
    // A bot that tries to publish again is refused by the SFU.
    await adaBot.publishTone().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 500));
    expect(await sendsAudio()).toBe(false);

    // The floor: the permission comes back, and what she publishes reaches the room again.
    expect(await teach({ action: 'floor', userId: ada.reply.userId })).toMatchObject({ ok: true });
    await eventually(async () => {
      expect((await adaAtSfu()).permission?.canPublishSources).toContain(TrackSource.MICROPHONE);
    }, 5000);
    const before = boBot.framesFrom(ada.reply.userId);
    await adaBot.publishTone();
    await eventually(() => expect(boBot.framesFrom(ada.reply.userId) - before).toBeGreaterThan(20), 10_000);
  });

  it('verifies the real server’s signed webhooks and refuses a forged one', async () => {
    const body = JSON.stringify({
      event: 'participant_joined',
      id: 'EV_forged',
      room: { name: 'room-1' },
      participant: { identity: 'someone' },
    });
    const forged = new AccessToken(livekit.apiKey, 'not-the-secret-0123456789abcdef0123456789');
    forged.sha256 = createHash('sha256').update(body).digest('base64');
    const res = await fetch(`${harness.url}/livekit/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/webhook+json', authorization: await forged.toJwt() },
      body,
    });
    expect(res.status).toBe(401);
    // The real server's own webhooks are accepted: the metric counts each verified event.
    const metrics = await (await fetch(`${harness.url}/metrics`)).text();
    expect(metrics).toMatch(/campus_livekit_webhooks_total\{result="verified"\} [1-9]/);
    expect(metrics).toMatch(/campus_livekit_webhooks_total\{result="refused"\} [1-9]/);
  });
});
