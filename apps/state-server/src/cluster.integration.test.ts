import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  MessageError,
  type MediaRegisterReply,
  type RoleClaimReply,
  type RoomEnterReply,
} from '@campus/protocol';
import {
  adminTeacherToken,
  clusterMissing,
  startCluster,
  teacherLink,
  type Cluster,
} from './testing/clusterHarness';
import { oneRoomMap, onTile } from './testing/oneRoomMap';
import { eventually, nextEvent, recordEvents, walkEast, type TestClient } from './testing/testServer';

const mapJson = oneRoomMap(2);
const tile = onTile;

const missing = clusterMissing();
if (missing) console.warn(`Skipping the cluster tests: ${missing}`);

const enter = (socket: TestClient): Promise<RoomEnterReply> =>
  socket.timeout(5000).emitWithAck('room:enter', { roomId: 'room-1' });

async function registerMedia(socket: TestClient): Promise<Extract<MediaRegisterReply, { ok: true }>> {
  const reply = await socket.timeout(5000).emitWithAck('media:register', undefined);
  if (!reply.ok) throw new Error(reply.error.reason);
  return reply;
}

/** A PeerJS signaling socket through Caddy, as the browser's PeerJS opens it; with what it received so far. */
interface Signaling {
  ws: WebSocket;
  received: Array<{ type?: string; src?: string; payload?: unknown }>;
  /** `OPEN` once registered, or how the upgrade was refused. */
  outcome: Promise<string>;
}

function openSignaling(caddyUrl: string, id: string, token: string): Signaling {
  const url = `${caddyUrl.replace('http', 'ws')}/peerjs/peerjs?key=peerjs&id=${id}&token=${token}&version=1.5.5`;
  const ws = new WebSocket(url);
  const received: Signaling['received'] = [];
  const outcome = new Promise<string>((resolve) => {
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as Signaling['received'][0];
      received.push(message);
      if (message.type === 'OPEN') resolve('OPEN');
    });
    ws.on('unexpected-response', (_req, res) => resolve(`HTTP ${res.statusCode}`));
    ws.on('error', (err) => resolve(`error ${err.message}`));
  });
  return { ws, received, outcome };
}

const claim = (socket: TestClient, token: string): Promise<RoleClaimReply> =>
  socket.timeout(8000).emitWithAck('role:claim', { token });

describe.skipIf(missing)('two state nodes sharing one world through Redis, behind Caddy', () => {
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await startCluster(mapJson, ['node-a', 'node-b']);
  }, 60_000);
  afterAll(async () => {
    await cluster?.close();
  });

  it('lets people on different nodes see each other: snapshot, arrival, movement, profile', async () => {
    const [a, b] = cluster.nodes as [Cluster['nodes'][0], Cluster['nodes'][0]];
    const ada = await cluster.join(a, 'Ada', { resume: tile(3, 3), look: 'moss' });
    await eventually(() => expect(a.hosts(ada.reply.userId)).toBe(true));
    const adaSees = recordEvents(ada.socket, ['user:joined', 'user:moved', 'user:profile']);
    const bo = await cluster.join(b, 'Bo', { resume: tile(5, 3) });
    await eventually(() => expect(b.hosts(bo.reply.userId)).toBe(true));
    expect(a.hosts(bo.reply.userId)).toBe(false);

    expect(bo.reply.users).toEqual([
      expect.objectContaining({
        userId: ada.reply.userId,
        profile: { name: 'Ada', appearance: { look: 'moss' }, status: 'available' },
        online: true,
        position: expect.objectContaining({ position: tile(3, 3).position }),
      }),
    ]);
    await eventually(() =>
      expect(adaSees).toContainEqual({
        event: 'user:joined',
        payload: expect.objectContaining({ userId: bo.reply.userId }),
      }),
    );

    const moved = nextEvent(bo.socket, 'user:moved', 5000);
    ada.socket.emit('move', { position: tile(3, 3).position, direction: 'right', isMoving: true });
    expect(await moved).toMatchObject({ userId: ada.reply.userId, direction: 'right', isMoving: true });
    const stopAt = { x: tile(3, 3).position.x + 10, y: tile(3, 3).position.y };
    const stopped = nextEvent(bo.socket, 'user:moved', 5000);
    ada.socket.emit('move', { position: stopAt, direction: 'right', isMoving: false });
    expect(await stopped).toMatchObject({ userId: ada.reply.userId, position: stopAt, isMoving: false });

    const renamed = nextEvent(ada.socket, 'user:profile', 5000);
    bo.socket.emit('profile', { name: 'Bo B.', status: 'busy' });
    expect(await renamed).toEqual({
      userId: bo.reply.userId,
      profile: { name: 'Bo B.', appearance: { look: 'sky' }, status: 'busy' },
    });
    ada.socket.disconnect();
    bo.socket.disconnect();
  });

  it('carries chat across nodes: nearby, classroom and direct', async () => {
    const [a, b] = cluster.nodes as [Cluster['nodes'][0], Cluster['nodes'][0]];
    const cy = await cluster.join(a, 'Cy', { resume: tile(15, 3) });
    const cySees = recordEvents(cy.socket, ['user:joined']);
    const di = await cluster.join(b, 'Di', { resume: tile(16, 3) });
    const heard = recordEvents(di.socket, ['chat:message']);
    await eventually(() => expect(b.hosts(di.reply.userId) && a.hosts(cy.reply.userId)).toBe(true));
    // Cy's node knows Di (and so counts her as near) once Cy has been told she arrived.
    await eventually(() =>
      expect(cySees.map((e) => (e.payload as { userId: string }).userId)).toContain(di.reply.userId),
    );

    const said = async (scope: 'nearby' | 'room', text: string) =>
      cy.socket.timeout(5000).emitWithAck('chat:send', { id: `msg-${text.replace(/\W/g, '')}`, scope, text });
    expect(await said('nearby', 'hello')).toMatchObject({ ok: true, deliveredTo: 1 });
    expect(await said('room', 'class starts')).toMatchObject({ ok: true, deliveredTo: 1, roomId: 'room-1' });
    expect(
      await cy.socket
        .timeout(5000)
        .emitWithAck('chat:send', { id: 'msg-direct', scope: 'direct', to: di.reply.userId, text: 'psst' }),
    ).toMatchObject({ ok: true, deliveredTo: 1 });
    await eventually(() =>
      expect(heard.map((h) => (h.payload as { text: string; scope: string }).text)).toEqual([
        'hello',
        'class starts',
        'psst',
      ]),
    );
    expect(heard[1]?.payload).toMatchObject({ scope: 'room', roomId: 'room-1', from: cy.reply.userId });
    expect(heard[2]?.payload).toMatchObject({ scope: 'direct', to: di.reply.userId, fromName: 'Cy' });
    cy.socket.disconnect();
    di.socket.disconnect();
  });

  it('holds classroom membership and capacity across nodes', async () => {
    const [a, b] = cluster.nodes as [Cluster['nodes'][0], Cluster['nodes'][0]];
    const ed = await cluster.join(a, 'Ed', { resume: tile(12, 2) });
    const flo = await cluster.join(b, 'Flo', { resume: tile(15, 2) });
    const gus = await cluster.join(a, 'Gus', { resume: tile(16, 5) });
    await eventually(() => expect(b.hosts(flo.reply.userId)).toBe(true));

    expect(await enter(ed.socket)).toMatchObject({ ok: true, members: [ed.reply.userId] });
    const edIsTold = recordEvents(ed.socket, ['room:members']);
    const floIn = await enter(flo.socket);
    const both = [ed.reply.userId, flo.reply.userId].sort();
    expect(floIn.ok && [...floIn.members].sort()).toEqual(both);
    await eventually(() =>
      expect(
        [...((edIsTold.at(-1)?.payload as { members: string[] } | undefined)?.members ?? [])].sort(),
      ).toEqual(both),
    );
    // Two seats, both taken, one on each node: the third person is refused, wherever they are, and put outside.
    const putOutside = nextEvent(gus.socket, 'self:position', 5000);
    expect(await enter(gus.socket)).toMatchObject({ ok: false, error: { code: MessageError.ROOM_FULL } });
    const outside = (await putOutside).position;

    flo.socket.emit('room:leave', { roomId: 'room-1' });
    await eventually(() =>
      expect(edIsTold.at(-1)?.payload).toEqual({ roomId: 'room-1', members: [ed.reply.userId] }),
    );
    await walkEast(gus.socket, outside, 300);
    expect(await enter(gus.socket)).toMatchObject({ ok: true });
    for (const p of [ed, flo, gus]) p.socket.disconnect();
  });

  it('keeps one presence per user: a second tab on the other node takes over, and the first is told and closed', async () => {
    const [a, b] = cluster.nodes as [Cluster['nodes'][0], Cluster['nodes'][0]];
    const first = await cluster.join(a, 'Hal', { resume: tile(4, 4) });
    const ivy = await cluster.join(a, 'Ivy', { resume: tile(6, 4) });
    const ivySees = recordEvents(ivy.socket, ['user:left', 'user:presence']);
    const replaced = nextEvent(first.socket, 'session:replaced', 5000);
    const closed = new Promise<void>((resolve) => first.socket.once('disconnect', () => resolve()));
    const second = await cluster.join(b, 'Hal', { secret: first.secret, resume: tile(4, 4) });
    expect(second.reply.userId).toBe(first.reply.userId);
    expect(await replaced).toMatchObject({ reason: 'SESSION_REPLACED' });
    await closed;
    // For Ivy, Hal never went away.
    await new Promise((r) => setTimeout(r, 300));
    expect(ivySees).toEqual([]);
    for (const p of [second, ivy]) p.socket.disconnect();
  });

  it('connects proximity signaling between people on different nodes, and refuses forged tokens', async () => {
    const [a, b] = cluster.nodes as [Cluster['nodes'][0], Cluster['nodes'][0]];
    const jo = await cluster.join(a, 'Jo', { resume: tile(3, 5) });
    const kim = await cluster.join(b, 'Kim', { resume: tile(4, 5) });
    await eventually(() => expect(a.hosts(jo.reply.userId) && b.hosts(kim.reply.userId)).toBe(true));
    // Each registers through their own node; the signaling itself goes wherever Caddy sends everybody's.
    const joMedia = await registerMedia(jo.socket);
    const kimMedia = await registerMedia(kim.socket);
    const joSignals = openSignaling(cluster.caddy.url, joMedia.peerId, joMedia.token);
    const kimSignals = openSignaling(cluster.caddy.url, kimMedia.peerId, kimMedia.token);
    expect(await joSignals.outcome).toBe('OPEN');
    expect(await kimSignals.outcome).toBe('OPEN');

    const offer = {
      type: 'OFFER',
      dst: kimMedia.peerId,
      payload: { sdp: 'v=0 test offer', connectionId: 'mc_1' },
    };
    joSignals.ws.send(JSON.stringify(offer));
    await eventually(() =>
      expect(kimSignals.received).toContainEqual({
        type: 'OFFER',
        src: joMedia.peerId,
        dst: kimMedia.peerId,
        payload: offer.payload,
      }),
    );

    const forged = openSignaling(cluster.caddy.url, kimMedia.peerId, 'f'.repeat(32));
    expect(await forged.outcome).toBe('HTTP 403');
    // A new registration (on Kim's node) revokes the old pair for whichever node runs the signaling.
    joSignals.ws.close();
    kimSignals.ws.close();
    await registerMedia(kim.socket);
    expect(await openSignaling(cluster.caddy.url, kimMedia.peerId, kimMedia.token).outcome).toBe('HTTP 403');
    jo.socket.disconnect();
    kim.socket.disconnect();
  });

  it('reports Redis among what /readyz checks', async () => {
    for (const node of cluster.nodes) {
      expect(await (await fetch(`${node.url}/readyz`)).json()).toEqual({
        ready: true,
        checks: { listening: true, accepting: true, redis: true },
      });
    }
  });

  it('a link the admin makes is claimed on one node, holds on the other, and is revoked everywhere', async () => {
    const [a, b] = cluster.nodes as [Cluster['nodes'][0], Cluster['nodes'][0]];
    const { token, id } = await adminTeacherToken(cluster.redis.url, 'Ms. Rivera');

    const rivera = await cluster.join(a, 'Rivera');
    expect(await claim(rivera.socket, token)).toEqual({ ok: true, role: 'teacher', name: 'Ms. Rivera' });
    // Someone on the other node replays her link: it is hers.
    const student = await cluster.join(b, 'Student');
    const replay = await claim(student.socket, token);
    expect(replay.ok ? undefined : replay.error.code).toBe(MessageError.TEACHER_LINK_USED);
    rivera.socket.disconnect();
    const onB = await cluster.join(b, 'Rivera', { secret: rivera.secret });
    expect(onB.reply.role).toEqual({ role: 'teacher', name: 'Ms. Rivera' });
    expect(await teacherLink(cluster.redis.url, '--list')).toMatch(
      new RegExp(`${id}\\s+Ms\\. Rivera\\s+teaching`),
    );

    await teacherLink(cluster.redis.url, '--revoke', id);
    onB.socket.disconnect();
    const afterRevoke = await cluster.join(a, 'Rivera', { secret: rivera.secret });
    expect(afterRevoke.reply.role).toBeUndefined();
    const again = await claim(afterRevoke.socket, token);
    expect(again.ok ? undefined : again.error.code).toBe(MessageError.TEACHER_LINK_REVOKED);
    student.socket.disconnect();
    afterRevoke.socket.disconnect();
  });
});
