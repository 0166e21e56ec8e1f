import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectRefusal, MessageError, type ConnectRefusalData } from '@campus/protocol';
import { tiledRows } from '@campus/world/testing';
import {
  connectClient,
  eventually,
  flush,
  joinedClient,
  recordEvents,
  startTestServer,
  type TestClient,
} from './testing/testServer';

// 12 × 6 tiles, one spawn at tile (2, 2) → feet at (40, 44); a classroom over tiles (6..9, 1..3).
const mapJson = tiledRows(
  ['############', '#..........#', '#.S........#', '#..........#', '#..........#', '############'],
  [{ id: 'room-a', name: 'Room A', capacity: 4, tiles: [6, 1, 4, 3] }],
);

let harness: Awaited<ReturnType<typeof startTestServer>>;
const sockets: TestClient[] = [];

beforeEach(async () => {
  harness = await startTestServer(mapJson, { nodeId: 'node-test' });
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await harness.close();
});

async function join(name: string): ReturnType<typeof joinedClient> {
  const joined = await joinedClient(harness.url, name);
  sockets.push(joined.socket);
  return joined;
}

/** One sample of the exposition text: the metric with exactly these labels (plus the node's), 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries({ ...labels, node: 'node-test' })
    .map(([k, v]) => `${k}="${v}"`)
    .sort()
    .join(',');
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)\{(.*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? '').split(',').sort().join(',');
    if (have === wanted) return Number(match[3]);
  }
  return 0;
}

async function scrape(): Promise<string> {
  const res = await fetch(`${harness.url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return res.text();
}

describe('GET /metrics', () => {
  it('counts moves in and out, chat, refusals by code, dispatch latency and connected users', async () => {
    const ada = await join('Ada');
    const bo = await join('Bo');
    const seen = recordEvents(bo.socket, ['user:moved', 'chat:message']);
    const before = await scrape();
    expect(sample(before, 'campus_connected_users')).toBe(2);

    // Three strokes on the spot: start, turn, stop.
    ada.socket.emit('move', { position: { x: 40, y: 44 }, direction: 'right', isMoving: true });
    ada.socket.emit('move', { position: { x: 40, y: 44 }, direction: 'down', isMoving: true });
    ada.socket.emit('move', { position: { x: 40, y: 44 }, direction: 'down', isMoving: false });
    // One refused: off the map.
    ada.socket.emit('move', { position: { x: -50, y: 44 }, direction: 'left', isMoving: false });
    const sent = await ada.socket
      .timeout(3000)
      .emitWithAck('chat:send', { id: 'metrics-0001', scope: 'nearby', text: 'hello' });
    expect(sent).toMatchObject({ ok: true, deliveredTo: 1 });
    await flush(ada.socket);
    await eventually(() => expect(seen.length).toBe(4));

    const after = await scrape();
    const delta = (name: string, labels: Record<string, string> = {}): number =>
      sample(after, name, labels) - sample(before, name, labels);
    expect(delta('campus_messages_in_total', { event: 'move' })).toBe(4);
    expect(delta('campus_messages_in_total', { event: 'chat:send' })).toBe(1);
    expect(delta('campus_messages_out_total', { event: 'user:moved' })).toBe(3);
    expect(delta('campus_messages_out_total', { event: 'chat:message' })).toBe(1);
    expect(delta('campus_messages_rejected_total', { code: '4104', reason: 'OUT_OF_BOUNDS' })).toBe(1);
    // The refusal itself went out, with the corrected position.
    expect(delta('campus_messages_out_total', { event: 'protocol:error' })).toBe(1);
    expect(delta('campus_messages_out_total', { event: 'self:position' })).toBe(1);
    // Only accepted moves have a dispatch time.
    expect(delta('campus_move_dispatch_seconds_count')).toBe(3);
    expect(sample(after, 'campus_move_dispatch_seconds_bucket', { le: '+Inf' })).toBe(3);
  });

  it('counts messages a client cannot send and connections refused, by code', async () => {
    const ada = await join('Ada');
    (ada.socket as unknown as { emit(e: string, p: unknown): void }).emit('no-such-event', {});
    (ada.socket as unknown as { emit(e: string, p: unknown): void }).emit('profile', { userId: 'someone' });
    await flush(ada.socket);
    const old = connectClient(harness.url, { protocolVersion: 1 });
    sockets.push(old);
    const refused = await new Promise<Error & { data?: ConnectRefusalData }>((resolve) =>
      old.on('connect_error', resolve),
    );
    expect(refused.data?.code).toBe(ConnectRefusal.PROTOCOL_MISMATCH);

    const text = await scrape();
    expect(sample(text, 'campus_messages_in_total', { event: 'unknown' })).toBe(1);
    expect(sample(text, 'campus_messages_in_total', { event: 'profile' })).toBe(1);
    expect(
      sample(text, 'campus_messages_rejected_total', {
        code: String(MessageError.UNKNOWN_EVENT),
        reason: 'UNKNOWN_EVENT',
      }),
    ).toBe(1);
    expect(
      sample(text, 'campus_messages_rejected_total', {
        code: String(MessageError.INVALID_PAYLOAD),
        reason: 'INVALID_PAYLOAD',
      }),
    ).toBe(1);
    expect(
      sample(text, 'campus_messages_rejected_total', { code: '4000', reason: 'PROTOCOL_MISMATCH' }),
    ).toBe(1);
  });

  it('reports how many people are in each classroom', async () => {
    // Ada comes back to where she stood before a server restart: inside the room (tiles 6..9 × 1..3).
    const ada = await joinedClient(harness.url, 'Ada', {
      resume: { position: { x: 120, y: 44 }, direction: 'down' },
    });
    sockets.push(ada.socket);
    let text = await scrape();
    expect(sample(text, 'campus_classroom_occupancy', { room: 'room-a' })).toBe(0);
    const reply = await ada.socket.timeout(3000).emitWithAck('room:enter', { roomId: 'room-a' });
    expect(reply.ok).toBe(true);
    text = await scrape();
    expect(sample(text, 'campus_classroom_occupancy', { room: 'room-a' })).toBe(1);
  });
});
