import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Limits, MessageError, type ChatMessage, type ChatSendReply } from '@campus/protocol';
import { CHAT_RADIUS } from '@campus/world';
import { tiledRows } from '@campus/world/testing';
import { flush, joinedClient, recordEvents, startTestServer, type TestClient } from './testing/testServer';

// 40 × 12 tiles; a classroom occupies tiles x 30–38, y 1–10 behind a wall with a door at y 5–6.
const rows = [
  '########################################',
  '#.............................#........#',
  '#.S...........................#........#',
  '#.............................#........#',
  '#.............................#........#',
  '#......................................#',
  '#......................................#',
  '#.............................#........#',
  '#.............................#........#',
  '#.............................#........#',
  '#.............................#........#',
  '########################################',
];
const mapJson = tiledRows(rows, [{ id: 'room-1', name: 'Room 1', capacity: 10, tiles: [32, 1, 7, 10] }]);
const at = (tx: number, ty: number) => ({
  position: { x: tx * 16 + 8, y: ty * 16 + 12 },
  direction: 'down' as const,
});

let harness: Awaited<ReturnType<typeof startTestServer>>;
const sockets: TestClient[] = [];

beforeEach(async () => {
  harness = await startTestServer(mapJson, { limits: { chat: { burst: 5, perSecond: 1 } } });
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await harness.close();
});

/** Joins someone standing on a given tile (a fresh server takes a returning client's word for where it stood). */
async function personAt(name: string, tx: number, ty: number) {
  const joined = await joinedClient(harness.url, name, { resume: at(tx, ty) });
  sockets.push(joined.socket);
  return { ...joined, inbox: recordEvents(joined.socket, ['chat:message']) };
}

function send(socket: TestClient, message: object): Promise<ChatSendReply> {
  return (
    socket as unknown as {
      timeout(ms: number): { emitWithAck(e: string, m: object): Promise<ChatSendReply> };
    }
  )
    .timeout(3000)
    .emitWithAck('chat:send', message);
}

describe('chat over real Socket.IO', () => {
  it('nearby chat reaches exactly the people within the radius of the sender when sent', async () => {
    const ada = await personAt('Ada', 5, 5);
    const near = await personAt('Near', 5 + Math.floor(CHAT_RADIUS / 16) - 1, 5); // just inside
    const far = await personAt('Far', 5 + Math.ceil(CHAT_RADIUS / 16) + 1, 5); // just outside
    const reply = await send(ada.socket, { id: 'msg-0001', scope: 'nearby', text: '  hello there  ' });
    expect(reply).toMatchObject({ ok: true, id: 'msg-0001', deliveredTo: 1 });
    await flush(near.socket);
    await flush(far.socket);
    expect(near.inbox.map((m) => m.payload)).toEqual([
      expect.objectContaining({
        id: 'msg-0001',
        scope: 'nearby',
        from: ada.reply.userId,
        fromName: 'Ada',
        text: 'hello there',
      }),
    ]);
    expect(far.inbox).toEqual([]);
    expect(ada.inbox).toEqual([]);
  });

  it('classroom chat reaches only the people in the same classroom', async () => {
    const teacher = await personAt('Teacher', 34, 3);
    const student = await personAt('Student', 36, 8);
    const outside = await personAt('Outside', 28, 5); // a step from the door, within nearby range, not in the room
    const reply = await send(teacher.socket, { id: 'msg-room-1', scope: 'room', text: 'Welcome to Room 1' });
    expect(reply).toMatchObject({ ok: true, deliveredTo: 1, roomId: 'room-1' });
    await flush(student.socket);
    await flush(outside.socket);
    expect((student.inbox[0]?.payload as ChatMessage).roomId).toBe('room-1');
    expect(outside.inbox).toEqual([]);

    const refused = await send(outside.socket, { id: 'msg-room-2', scope: 'room', text: 'let me in' });
    expect(refused).toMatchObject({ ok: false, error: { code: MessageError.NOT_IN_ROOM } });
  });

  it('a direct message reaches its recipient wherever they are; to someone offline it is refused for a later retry', async () => {
    const ada = await personAt('Ada', 2, 2);
    const bo = await personAt('Bo', 36, 9);
    const reply = await send(ada.socket, {
      id: 'dm-000001',
      scope: 'direct',
      to: bo.reply.userId,
      text: 'psst',
    });
    expect(reply).toMatchObject({ ok: true, deliveredTo: 1 });
    await flush(bo.socket);
    expect(bo.inbox.map((m) => m.payload)).toEqual([
      expect.objectContaining({ id: 'dm-000001', scope: 'direct', to: bo.reply.userId, text: 'psst' }),
    ]);
    bo.socket.disconnect();
    await new Promise((r) => setTimeout(r, 50));
    const offline = await send(ada.socket, {
      id: 'dm-000002',
      scope: 'direct',
      to: bo.reply.userId,
      text: 'still there?',
    });
    expect(offline).toMatchObject({ ok: false, error: { code: MessageError.RECIPIENT_OFFLINE } });
  });

  it.each([
    [
      'an over-limit message',
      { id: 'msg-long-1', scope: 'nearby', text: 'x'.repeat(Limits.CHAT_TEXT_MAX + 1) },
    ],
    ['an empty message', { id: 'msg-empty-1', scope: 'nearby', text: '   ' }],
    ['an unknown scope', { id: 'msg-scope-1', scope: 'everyone', text: 'hi' }],
    ['a direct message without a recipient', { id: 'msg-dm-0001', scope: 'direct', text: 'hi' }],
    ['a forged sender', { id: 'msg-forge-1', scope: 'nearby', text: 'hi', from: 'someone-else' }],
    ['a bad message id', { id: '<script>', scope: 'nearby', text: 'hi' }],
  ])('refuses %s with INVALID_PAYLOAD and delivers nothing', async (_label, message) => {
    const ada = await personAt('Ada', 5, 5);
    const bo = await personAt('Bo', 6, 5);
    const reply = await send(ada.socket, message);
    expect(reply).toMatchObject({ ok: false, error: { code: MessageError.INVALID_PAYLOAD } });
    await flush(bo.socket);
    expect(bo.inbox).toEqual([]);
  });

  it('rate-limits a flood from one user with RATE_LIMITED, per user across reconnects', async () => {
    const ada = await personAt('Ada', 5, 5);
    const replies = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        send(ada.socket, { id: `flood-${i}-xyz`, scope: 'nearby', text: `${i}` }),
      ),
    );
    expect(replies.filter((r) => r.ok)).toHaveLength(5);
    expect(replies.filter((r) => !r.ok && r.error.code === MessageError.RATE_LIMITED)).toHaveLength(3);
    ada.socket.disconnect();
    const again = await joinedClient(harness.url, 'Ada', { secret: ada.secret });
    sockets.push(again.socket);
    expect(await send(again.socket, { id: 'flood-after', scope: 'nearby', text: 'x' })).toMatchObject({
      ok: false,
      error: { code: MessageError.RATE_LIMITED },
    });
  });
});

describe('chat across a reload', () => {
  it('nearby messages said while someone reloads are handed to them when they are back', async () => {
    const ada = await personAt('Ada', 5, 5);
    const bo = await personAt('Bo', 6, 5);
    bo.socket.disconnect();
    await new Promise((r) => setTimeout(r, 50));
    const reply = await send(ada.socket, { id: 'while-away-1', scope: 'nearby', text: 'did you see that?' });
    expect(reply).toMatchObject({ ok: true, deliveredTo: 1 });
    const back = await joinedClient(harness.url, 'Bo', { secret: bo.secret });
    sockets.push(back.socket);
    expect(back.reply.missed).toEqual([
      expect.objectContaining({ id: 'while-away-1', text: 'did you see that?' }),
    ]);
    const again = await joinedClient(harness.url, 'Bo', { secret: bo.secret });
    sockets.push(again.socket);
    expect(again.reply.missed).toEqual([]); // handed over once
  });
});
