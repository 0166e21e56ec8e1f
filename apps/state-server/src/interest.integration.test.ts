import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WALK_SPEED } from '@campus/world';
import { tiledRows } from '@campus/world/testing';
import {
  eventually,
  flush,
  joinedClient,
  nextEvent,
  recordEvents,
  startTestServer,
  type TestClient,
} from './testing/testServer';

// 160 × 12 tiles (2560 × 192 px): a long open corridor, 20 cells of interest wide.
const mapJson = tiledRows(Array.from({ length: 12 }, (_, r) => (r === 1 ? 'S' : '.').padEnd(160, '.')));

let harness: Awaited<ReturnType<typeof startTestServer>>;
const sockets: TestClient[] = [];

beforeEach(async () => {
  harness = await startTestServer(mapJson, { room: { gracePeriod: 100 } });
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await harness.close();
});

async function joinAt(name: string, x: number) {
  const joined = await joinedClient(harness.url, name, {
    resume: { position: { x, y: 40 }, direction: 'down' },
  });
  sockets.push(joined.socket);
  return joined;
}

describe('interest management over real sockets', () => {
  it('hides a walker that walks out of range and shows it again when it walks back, with no message in between', async () => {
    // Bo stands in cell column 7; Ada starts in column 2, the edge of Bo's area (5 columns each way).
    const bo = await joinAt('Bo', 960);
    const ada = await joinAt('Ada', 300);
    expect(ada.reply.users.map((u) => u.profile.name)).toEqual(['Bo']);
    const boSaw = recordEvents(bo.socket, ['user:moved', 'user:visible', 'user:hidden', 'user:left']);
    const hidden = nextEvent(bo.socket, 'user:hidden', 3000);

    const startedAt = (await ada.socket.timeout(3000).emitWithAck('clock', undefined)) as number;
    ada.socket.emit('move', { position: { x: 300, y: 40 }, direction: 'left', isMoving: true, startedAt });
    // Past x = 256 into column 1: out of range, at (300 - 256) / 80 s, with nobody sending anything.
    const due = startedAt + ((300 - 256) * 1000) / WALK_SPEED;
    expect(await hidden).toEqual({ userId: ada.reply.userId });
    const hiddenAt = (await bo.socket.timeout(3000).emitWithAck('clock', undefined)) as number;
    expect(hiddenAt).toBeGreaterThanOrEqual(due);
    expect(hiddenAt - due).toBeLessThan(500);

    // Ada turns back: Bo is not told of the turn, only of Ada coming back into range, with her current stroke.
    const visible = nextEvent(bo.socket, 'user:visible', 3000);
    const turnAt = (await ada.socket.timeout(3000).emitWithAck('clock', undefined)) as number;
    const turnX = 300 - ((turnAt - startedAt) * WALK_SPEED) / 1000;
    ada.socket.emit('move', {
      position: { x: turnX, y: 40 },
      direction: 'right',
      isMoving: true,
      startedAt: turnAt,
    });
    const back = await visible;
    expect(back.userId).toBe(ada.reply.userId);
    expect(back.position).toMatchObject({ direction: 'right', isMoving: true, startedAt: turnAt });
    await flush(bo.socket);
    // The first stroke (seen), leaving range, coming back; the turn itself happened out of range.
    expect(boSaw.map((e) => e.event)).toEqual(['user:moved', 'user:hidden', 'user:visible']);
  });

  it('gives a newcomer only what is near, announces it only there, and keeps direct chat and watched presence', async () => {
    const ada = await joinAt('Ada', 100);
    const bo = await joinAt('Bo', 300);
    const adaSaw = recordEvents(ada.socket, ['user:joined', 'user:presence']);
    const cy = await joinAt('Cy', 2400);
    expect(cy.reply.users).toEqual([]);
    await flush(ada.socket);
    expect(adaSaw).toEqual([]);
    expect(bo.reply.users.map((u) => u.profile.name)).toEqual(['Ada']);

    // A direct message reaches anyone online, in range or not.
    const got = nextEvent(cy.socket, 'chat:message');
    const sent = await ada.socket
      .timeout(3000)
      .emitWithAck('chat:send', { id: 'dm-000001', scope: 'direct', to: cy.reply.userId, text: 'far away?' });
    expect(sent).toMatchObject({ ok: true, deliveredTo: 1 });
    expect(await got).toMatchObject({ from: ada.reply.userId, text: 'far away?' });

    // Ada watches Cy: she hears when Cy goes offline and comes back, though Cy is far out of range.
    const watch = await ada.socket
      .timeout(3000)
      .emitWithAck('presence:watch', { userIds: [cy.reply.userId] });
    expect(watch).toEqual({ ok: true, online: [cy.reply.userId] });
    const boSaw = recordEvents(bo.socket, ['user:presence', 'user:left']);
    cy.socket.disconnect();
    // Offline when the connection drops, and again when the grace period ends and Cy leaves the campus.
    const offline = { event: 'user:presence', payload: { userId: cy.reply.userId, online: false } };
    await eventually(() => expect(adaSaw).toEqual([offline, offline]));
    // Bo, who does not watch Cy, heard nothing of it.
    await flush(bo.socket);
    expect(boSaw).toEqual([]);
  });
});
