import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConnectRefusal,
  MessageError,
  PROTOCOL_VERSION,
  type ConnectRefusalData,
  type PositionState,
} from '@campus/protocol';
import { LocalWalker, WALK_SPEED, loadTiledMap, type WorldMap } from '@campus/world';
import { tiledRows } from '@campus/world/testing';
import {
  connectClient,
  eventually,
  flush,
  joinedClient,
  nextEvent,
  recordEvents,
  startTestServer,
  type TestClient,
} from './testing/testServer';

// 20 × 10 tiles, one spawn at tile (2, 2) → feet at (40, 44).
const rows = [
  '####################',
  '#..................#',
  '#.S................#',
  '#..................#',
  '#.......####.......#',
  '#.......####.......#',
  '#..................#',
  '#..................#',
  '#..................#',
  '####################',
];
const mapJson = tiledRows(rows);
const map: WorldMap = loadTiledMap(mapJson);

let harness: Awaited<ReturnType<typeof startTestServer>>;
const sockets: TestClient[] = [];
const track = (s: TestClient): TestClient => (sockets.push(s), s);

beforeEach(async () => {
  // A short grace period: a closed connection leaves after 100 ms instead of the default 10 s.
  harness = await startTestServer(mapJson, { room: { gracePeriod: 100 } });
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await harness.close();
});

async function join(name: string): ReturnType<typeof joinedClient> {
  const joined = await joinedClient(harness.url, name);
  track(joined.socket);
  return joined;
}

describe('state server over real Socket.IO', () => {
  it('refuses a client speaking another protocol version with a coded reason', async () => {
    const socket = track(connectClient(harness.url, { protocolVersion: 999 }));
    const err = await new Promise<Error & { data?: ConnectRefusalData }>((resolve) =>
      socket.on('connect_error', resolve),
    );
    expect(err.data).toMatchObject({
      code: ConnectRefusal.PROTOCOL_MISMATCH,
      reason: 'PROTOCOL_MISMATCH',
      serverProtocolVersion: PROTOCOL_VERSION,
    });
    const none = track(connectClient(harness.url, {}));
    const err2 = await new Promise<Error & { data?: ConnectRefusalData }>((resolve) =>
      none.on('connect_error', resolve),
    );
    expect(err2.data?.code).toBe(ConnectRefusal.PROTOCOL_MISMATCH);
  });

  it('gives a newcomer a snapshot of everyone, and announces the newcomer to the others', async () => {
    const ada = await join('Ada');
    const joinedSeen = nextEvent(ada.socket, 'user:joined');
    const bo = await join('Bo');
    expect(bo.reply.users.map((u) => [u.userId, u.profile.name, u.position.position])).toEqual([
      [ada.reply.userId, 'Ada', { x: 40, y: 44 }],
    ]);
    expect(bo.reply.self.profile).toEqual({ name: 'Bo', appearance: { look: 'sky' }, status: 'available' });
    expect((await joinedSeen).userId).toBe(bo.reply.userId);
    expect(ada.reply.userId).not.toBe(bo.reply.userId);
  });

  it('delivers a move to the others and not to the sender', async () => {
    const ada = await join('Ada');
    const bo = await join('Bo');
    const cy = await join('Cy');
    const adaSaw = recordEvents(ada.socket, ['user:moved']);
    const boSaw = nextEvent(bo.socket, 'user:moved');
    const cySaw = nextEvent(cy.socket, 'user:moved');
    ada.socket.emit('move', { position: { x: 40, y: 44 }, direction: 'right', isMoving: true });
    const expected = {
      userId: ada.reply.userId,
      position: { x: 40, y: 44 },
      direction: 'right',
      isMoving: true,
    };
    expect(await boSaw).toMatchObject(expected);
    expect(await cySaw).toMatchObject(expected);
    await flush(ada.socket);
    expect(adaSaw).toEqual([]);
  });

  it('a walk across the map with turns sends exactly one message per start, turn and stop', async () => {
    const ada = await join('Ada');
    const bo = await join('Bo');
    const seen = recordEvents(bo.socket, ['user:moved']);
    const errors = recordEvents(ada.socket, ['protocol:error']);
    // A scripted walk at 60 frames per second of simulated time: right, down, right (into the wall), stop, up, stop.
    const script: Array<[intent: 'right' | 'down' | 'up' | null, frames: number]> = [
      ['right', 60],
      ['down', 40],
      ['right', 240],
      [null, 10],
      ['up', 30],
      [null, 5],
    ];
    const t0 = Date.now();
    const walker = new LocalWalker(map, ada.reply.self.position.position, t0);
    let frame = 0;
    let sent = 0;
    for (const [intent, frames] of script) {
      for (let i = 0; i < frames; i++, frame++) {
        const stroke = walker.update(intent, t0 + (frame * 1000) / 60);
        if (!stroke) continue;
        sent++;
        ada.socket.emit('move', {
          position: stroke.position,
          direction: stroke.direction,
          isMoving: stroke.isMoving,
          startedAt: stroke.startedAt,
        });
      }
      // Real time passes too, so the server's plausibility check sees a believable walk.
      await new Promise((r) => setTimeout(r, (frames * 1000) / 60));
    }
    await flush(ada.socket);
    await eventually(() => expect(seen).toHaveLength(6));
    expect(sent).toBe(6);
    expect(errors).toEqual([]);
    const moves = seen.map((s) => s.payload as PositionState);
    expect(moves.map((m) => [m.direction, m.isMoving])).toEqual([
      ['right', true],
      ['down', true],
      ['right', true],
      ['right', false],
      ['up', true],
      ['up', false],
    ]);
    // The third stroke ran into the pillar (columns 8–11) and walked on the spot for seconds without a message;
    // the stop is at the pillar's face, where every client's model also stopped.
    expect(moves[3]!.position.x).toBe(8 * 16 - 5);
    expect(moves[3]!.position.y).toBeCloseTo(44 + (WALK_SPEED * 40) / 60, 2);
  });

  it('removes a user who disconnects, for everyone', async () => {
    const ada = await join('Ada');
    const bo = await join('Bo');
    const left = nextEvent(bo.socket, 'user:left');
    ada.socket.disconnect();
    expect(await left).toEqual({ userId: ada.reply.userId });
    const cy = await join('Cy');
    expect(cy.reply.users.map((u) => u.profile.name)).toEqual(['Bo']);
  });

  describe('malformed messages get a coded error and change nothing', () => {
    const cases: Array<[label: string, event: string, payload: unknown, code: number]> = [
      [
        'a non-finite coordinate',
        'move',
        { position: { x: null, y: 44 }, direction: 'up', isMoving: true },
        MessageError.INVALID_PAYLOAD,
      ],
      [
        'a position outside the map',
        'move',
        { position: { x: 40, y: 9000 }, direction: 'up', isMoving: true },
        MessageError.OUT_OF_BOUNDS,
      ],
      [
        'a position inside a wall',
        'move',
        { position: { x: 150, y: 80 }, direction: 'up', isMoving: true },
        MessageError.POSITION_BLOCKED,
      ],
      [
        'a teleport',
        'move',
        { position: { x: 280, y: 130 }, direction: 'up', isMoving: false },
        MessageError.POSITION_IMPLAUSIBLE,
      ],
      [
        'an unknown direction',
        'move',
        { position: { x: 40, y: 44 }, direction: 'north', isMoving: true },
        MessageError.INVALID_PAYLOAD,
      ],
      ['an oversize name', 'profile', { name: 'x'.repeat(40) }, MessageError.INVALID_PAYLOAD],
      [
        'a payload too big for its kind',
        'profile',
        { name: 'x'.repeat(500) },
        MessageError.PAYLOAD_TOO_LARGE,
      ],
      ['an unknown status', 'profile', { status: 'root' }, MessageError.INVALID_PAYLOAD],
      [
        'a claimed user id',
        'move',
        { userId: 'someone', position: { x: 40, y: 44 }, direction: 'up', isMoving: true },
        MessageError.INVALID_PAYLOAD,
      ],
      ['an unknown event', 'teleport', { x: 1 }, MessageError.UNKNOWN_EVENT],
      ['a second join', 'join', { name: 'Again', appearance: { look: 'sky' } }, MessageError.ALREADY_JOINED],
    ];
    it.each(cases)('%s', async (_label, event, payload, code) => {
      const ada = await join('Ada');
      const bo = await join('Bo');
      const boSaw = recordEvents(bo.socket, ['user:moved', 'user:profile', 'user:joined', 'user:left']);
      const error = nextEvent(ada.socket, 'protocol:error');
      const raw = ada.socket as unknown as { emit(e: string, ...a: unknown[]): void };
      if (event === 'join') raw.emit(event, payload, () => {});
      else raw.emit(event, payload);
      expect(await error).toMatchObject({ code, event });
      await flush(ada.socket);
      await flush(bo.socket);
      expect(boSaw).toEqual([]);
      const snapshot = harness.server.room.snapshot().find((u) => u.userId === ada.reply.userId);
      expect(snapshot?.position).toEqual(ada.reply.self.position);
      expect(snapshot?.profile).toEqual(ada.reply.self.profile);
      expect(harness.server.room.size).toBe(2);
    });

    it('a message before join is refused with NOT_JOINED', async () => {
      const socket = track(connectClient(harness.url));
      const error = nextEvent(socket, 'protocol:error');
      socket.emit('move', { position: { x: 40, y: 44 }, direction: 'up', isMoving: true });
      expect(await error).toMatchObject({ code: MessageError.NOT_JOINED });
      expect(harness.server.room.size).toBe(0);
    });

    it('a refused move is followed by the server correcting the sender', async () => {
      const ada = await join('Ada');
      const correction = nextEvent(ada.socket, 'self:position');
      ada.socket.emit('move', { position: { x: 280, y: 130 }, direction: 'up', isMoving: false });
      expect(await correction).toEqual(ada.reply.self.position);
    });

    it('a payload over the size limit is dropped with the connection, and others carry on', async () => {
      const ada = await join('Ada');
      const bo = await join('Bo');
      const left = nextEvent(bo.socket, 'user:left');
      const raw = ada.socket as unknown as { emit(e: string, ...a: unknown[]): void };
      raw.emit('profile', { name: 'x'.repeat(20_000) });
      expect(await left).toEqual({ userId: ada.reply.userId });
      await flush(bo.socket);
    });
  });
});
