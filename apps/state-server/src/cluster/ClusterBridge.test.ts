import { describe, expect, it } from 'vitest';
import { MessageError, type JoinRequest, type Point } from '@campus/protocol';
import { gridMap } from '@campus/world/testing';
import { ChatRelay } from '../ChatRelay';
import { Classrooms } from '../classrooms/Classrooms';
import { silentLogger } from '../logger';
import { RateLimiter } from '../RateLimiter';
import { RoomError } from '../RoomError';
import { ManualClock, RecordingPort } from '../testing/fakes';
import { MemoryCluster } from '../testing/MemoryCluster';
import { WorldRoom } from '../WorldRoom';
import { ClusterBridge } from './ClusterBridge';
import type { ClusterLink } from './ClusterLink';

// A 12 × 6 map; the classroom (2 seats) is tiles x 6–10, y 1–4 (px 96–176 × 16–80), its door in the west wall.
const map = gridMap(
  ['############', '#....#.....#', '#..........#', '#..........#', '#....#.....#', '############'],
  {
    areas: [
      {
        id: 'room-1',
        name: 'Room 1',
        kind: 'classroom',
        capacity: 2,
        rect: { x: 96, y: 16, width: 80, height: 64 },
      },
    ],
    spawns: [{ x: 40, y: 44 }],
  },
);
const hall = { x: 40, y: 44 };
const inRoom = [
  { x: 130, y: 44 },
  { x: 150, y: 44 },
  { x: 160, y: 60 },
];

interface Node {
  id: string;
  room: WorldRoom;
  classrooms: Classrooms;
  chat: ChatRelay;
  link: ClusterLink;
  bridge: ClusterBridge;
}

/** Nodes sharing one in-memory "Redis"; chat for a user elsewhere reaches their node's socket, as the adapter does. */
function cluster() {
  const clock = new ManualClock();
  const hub = new MemoryCluster(clock);
  const nodes: Node[] = [];
  const ports = new Map<string, RecordingPort>();
  const forwardChat = (userId: string, message: Parameters<WorldRoom['deliverChat']>[1]): void => {
    for (const node of nodes)
      if (node.room.isLocal(userId)) node.room.sendTo(userId, 'chat:message', message);
  };

  const start = async (id: string): Promise<Node> => {
    const room = new WorldRoom(map, clock, { pickSpawn: () => 0, forwardChat });
    const classrooms = new Classrooms(room, clock, silentLogger, { seats: hub.seatLedger() });
    const chat = new ChatRelay(room, clock, new RateLimiter({ burst: 100, perSecond: 100 }, clock));
    const link = hub.link();
    const bridge = new ClusterBridge(id, room, classrooms, link, clock, silentLogger);
    await bridge.start();
    const node = { id, room, classrooms, chat, link, bridge };
    nodes.push(node);
    return node;
  };

  /** Joins `userId` on `node` standing at `at`; the session is named after the port, `userId` or `userId#2`... */
  const join = (node: Node, userId: string, at: Point = hall, extra: Partial<JoinRequest> = {}) => {
    const session = ports.has(userId) ? `${userId}#${[...ports.keys()].length}` : userId;
    const port = new RecordingPort();
    ports.set(session, port);
    const reply = node.room.join(userId, `s-${session}`, port, {
      name: userId,
      appearance: { look: 'sky' },
      resume: { position: at, direction: 'down' },
      ...extra,
    });
    return { port, reply, sessionId: `s-${session}` };
  };

  /** Lets `ms` of time pass in steps, the cluster settling after each (heartbeats and sweeps are timers). */
  const pass = async (ms: number): Promise<void> => {
    for (let t = 0; t < ms; t += 100) {
      clock.advance(Math.min(100, ms - t));
      await hub.settle();
    }
  };

  return { clock, hub, start, join, pass, settle: () => hub.settle() };
}

async function refusal(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof RoomError) return err.code;
    throw err;
  }
  return undefined;
}

describe('ClusterBridge: one world over several nodes', () => {
  it("shows each node's users on the other, with their moves, profiles, media, presence and leaving", async () => {
    const { start, join, settle, pass, hub } = cluster();
    const a = await start('A');
    const b = await start('B');
    const ada = join(a, 'ada');
    await settle();
    const bo = join(b, 'bo', { x: 60, y: 44 });
    expect(bo.reply.users.map((u) => [u.userId, u.profile.name, u.online])).toEqual([['ada', 'ada', true]]);
    await settle();
    expect(ada.port.of('user:joined').map((u) => u.userId)).toEqual(['bo']);

    a.room.move('ada', { position: hall, direction: 'right', isMoving: true });
    a.room.updateProfile('ada', { status: 'busy' });
    a.room.setMedia('ada', { peerId: 'p-ada', mic: true, cam: false });
    await settle();
    expect(bo.port.of('user:moved')).toEqual([a.room.positionOf('ada')]);
    expect(bo.port.of('user:profile').at(-1)?.profile.status).toBe('busy');
    expect(bo.port.of('user:media')).toEqual([
      { userId: 'ada', media: { peerId: 'p-ada', mic: true, cam: false } },
    ]);
    expect(b.room.whereIs('ada')).toEqual(a.room.whereIs('ada'));

    // Her tab closes: offline at once for Bo, gone after her grace period, from the shared state too.
    a.room.disconnect('ada', ada.sessionId);
    await settle();
    expect(bo.port.of('user:presence')).toEqual([{ userId: 'ada', online: false }]);
    await pass(10_000);
    expect(bo.port.of('user:left')).toEqual([{ userId: 'ada' }]);
    expect(b.room.has('ada')).toBe(false);
    expect(hub.listed()).toEqual(['bo']);
  });

  it('builds a newcomer’s snapshot on a node that starts later, from the shared state', async () => {
    const { start, join, settle } = cluster();
    const a = await start('A');
    const b = await start('B');
    join(a, 'ada');
    join(b, 'bo', { x: 60, y: 44 });
    await settle();
    const c = await start('C');
    const carl = join(c, 'carl', { x: 50, y: 60 });
    expect(carl.reply.users.map((u) => u.userId).sort()).toEqual(['ada', 'bo']);
    await settle();
    expect(a.room.has('carl')).toBe(true);
    expect(b.room.has('carl')).toBe(true);
  });

  it('keeps one presence per user: a second tab on another node takes over, and the first is closed', async () => {
    const { start, join, settle } = cluster();
    const a = await start('A');
    const b = await start('B');
    const first = join(a, 'ada');
    const bo = join(a, 'bo', { x: 60, y: 44 });
    await settle();
    const second = join(b, 'ada');
    expect(second.reply.resumed).toBe(true);
    await settle();
    expect(first.port.of('session:replaced')).toHaveLength(1);
    expect(first.port.disconnected).toBe(true);
    expect(a.room.isLocal('ada')).toBe(false);
    expect(b.room.isLocal('ada')).toBe(true);
    // The old tab's late disconnect changes nothing; Bo never saw her leave or drop.
    a.room.disconnect('ada', first.sessionId);
    b.room.move('ada', { position: hall, direction: 'down', isMoving: true });
    await settle();
    expect(bo.port.of('user:left')).toEqual([]);
    expect(bo.port.of('user:presence')).toEqual([]);
    expect(bo.port.of('user:moved').at(-1)).toEqual(b.room.positionOf('ada'));
  });

  it('settles two tabs joining at once on two nodes the same way on every node', async () => {
    const { start, join, settle, hub } = cluster();
    const a = await start('A');
    const b = await start('B');
    const c = await start('C');
    const onA = join(a, 'ada');
    const onB = join(b, 'ada');
    await settle();
    // The later claim in the shared feed (B's) wins everywhere; A's tab is told and closed.
    expect(onA.port.of('session:replaced')).toHaveLength(1);
    expect(onB.port.of('session:replaced')).toHaveLength(0);
    expect([a.room.isLocal('ada'), b.room.isLocal('ada')]).toEqual([false, true]);
    expect(c.room.userSnapshot('ada')?.sessionId).toBe(onB.sessionId);
    expect(a.room.userSnapshot('ada')?.sessionId).toBe(onB.sessionId);
    expect(hub.listed()).toEqual(['ada']);
  });

  it('refuses a late change from a session another node took over, everywhere', async () => {
    const { start, join, settle } = cluster();
    const a = await start('A');
    const b = await start('B');
    const c = await start('C');
    const first = join(a, 'ada');
    await settle();
    const second = join(b, 'ada');
    // The first tab closes before A hears of the second: its "offline" must not win.
    a.room.disconnect('ada', first.sessionId);
    await settle();
    for (const node of [a, b, c]) expect(node.room.userSnapshot('ada')?.user.online).toBe(true);
    // Nor in the shared state a later node loads.
    const d = await start('D');
    expect(d.room.userSnapshot('ada')).toMatchObject({ sessionId: second.sessionId, user: { online: true } });
  });

  it('carries chat across nodes (nearby, classroom, direct) and hands what was said while away on return', async () => {
    const { start, join, settle } = cluster();
    const a = await start('A');
    const b = await start('B');
    join(a, 'ada', inRoom[0]);
    const bo = join(b, 'bo', inRoom[1]);
    await settle();
    const said = (scope: 'nearby' | 'room', text: string) =>
      a.chat.send('ada', { id: `m-${text}`, scope, text }).deliveredTo;
    expect(said('nearby', 'hi')).toBe(1);
    expect(said('room', 'class')).toBe(1);
    a.chat.send('ada', { id: 'm-dm', scope: 'direct', to: 'bo', text: 'psst' });
    expect(bo.port.of('chat:message').map((m) => [m.text, m.scope, m.roomId])).toEqual([
      ['hi', 'nearby', undefined],
      ['class', 'room', 'room-1'],
      ['psst', 'direct', undefined],
    ]);
    // Bo drops; Ada talks; Bo is back, on the other node: what she said finds him there.
    b.room.disconnect('bo', bo.sessionId);
    await settle();
    expect(() => a.chat.send('ada', { id: 'm-dm2', scope: 'direct', to: 'bo', text: 'x' })).toThrow(
      RoomError,
    );
    said('nearby', 'still there?');
    const back = join(a, 'bo', inRoom[1]);
    expect(back.reply.missed.map((m) => m.text)).toEqual(['still there?']);
  });

  it('holds classroom capacity across nodes and tells every member who is in', async () => {
    const { start, join, settle, pass, hub } = cluster();
    const a = await start('A');
    const b = await start('B');
    const ada = join(a, 'ada', inRoom[0]);
    const bo = join(b, 'bo', inRoom[1]);
    join(a, 'cy', inRoom[2]);
    await settle();
    expect((await a.classrooms.enter('ada', 'room-1')).members).toEqual(['ada']);
    await settle();
    expect((await b.classrooms.enter('bo', 'room-1')).members.sort()).toEqual(['ada', 'bo']);
    await settle();
    expect(await refusal(a.classrooms.enter('cy', 'room-1'))).toBe(MessageError.ROOM_FULL);
    expect(ada.port.of('room:members').at(-1)?.members.sort()).toEqual(['ada', 'bo']);
    expect(a.classrooms.isMember('bo', 'room-1')).toBe(true);

    b.classrooms.leave('bo', 'room-1');
    await settle();
    expect(ada.port.of('room:members').at(-1)?.members).toEqual(['ada']);
    expect(bo.port.of('room:members').at(-1)?.members).toEqual(['ada']);
    expect(hub.seatsOf('room-1')).toEqual(['ada']);
    // Turned away, Cy was put outside the west door: Cy walks back in, and there is a seat now.
    const outside = a.room.whereIs('cy')!;
    expect(outside.x).toBeLessThan(96);
    a.room.move('cy', { position: outside, direction: 'right', isMoving: true });
    await pass(300);
    expect(await refusal(a.classrooms.enter('cy', 'room-1'))).toBeUndefined();
  });

  it("removes a dead node's users everywhere within the liveness window, and frees their seats", async () => {
    const { start, join, settle, pass, hub } = cluster();
    const a = await start('A');
    const b = await start('B');
    join(a, 'ada', inRoom[0]);
    join(a, 'al', hall);
    const bo = join(b, 'bo', { x: 60, y: 44 });
    await settle();
    await a.classrooms.enter('ada', 'room-1');
    await settle();
    expect(b.classrooms.membersOf('room-1')).toEqual(['ada']);

    await a.link.close(); // kill -9: no goodbye
    await pass(5_000);
    expect(bo.port.of('user:left')).toEqual([]);
    // Al's client reconnects to B within seconds, with where it stood and who it is.
    const al = join(b, 'al', { x: 50, y: 44 });
    expect(al.reply.resumed).toBe(true);
    expect(al.reply.self.position.position).toEqual({ x: 50, y: 44 });
    await pass(5_000);
    expect(bo.port.of('user:left')).toEqual([{ userId: 'ada' }]);
    expect(b.room.has('al')).toBe(true);
    expect(b.classrooms.membersOf('room-1')).toEqual([]);
    expect(hub.seatsOf('room-1')).toEqual([]);
    expect(hub.listed()).toEqual(['al', 'bo']);
  });

  it('lets a draining node go at once: it deregisters and its remaining users leave everywhere', async () => {
    const { start, join, settle } = cluster();
    const a = await start('A');
    const b = await start('B');
    join(a, 'ada');
    const bo = join(b, 'bo', { x: 60, y: 44 });
    await settle();
    await a.bridge.stop();
    await settle();
    expect(bo.port.of('user:left')).toEqual([{ userId: 'ada' }]);
  });

  it('survives a Redis restart: nobody is lost, and what changed meanwhile reaches the others', async () => {
    const { start, join, settle, pass, hub } = cluster();
    const a = await start('A');
    const b = await start('B');
    join(a, 'ada');
    const bo = join(b, 'bo', { x: 60, y: 44 });
    await settle();
    hub.down();
    a.room.move('ada', { position: hall, direction: 'right', isMoving: true });
    await pass(3_000);
    expect(bo.port.of('user:moved')).toEqual([]);
    // B gets through first and sees no heartbeat from A: it gives A time to come back before judging it.
    hub.restore({ lose: true, reconnect: [b.link] });
    await pass(3_000);
    expect(bo.port.of('user:left')).toEqual([]);
    hub.reconnect(a.link);
    await settle();
    expect(bo.port.of('user:moved')).toEqual([a.room.positionOf('ada')]);
    await pass(15_000);
    expect(bo.port.of('user:left')).toEqual([]);
    expect(hub.listed()).toEqual(['ada', 'bo']);
    const c = await start('C');
    expect(
      join(c, 'cy', { x: 50, y: 60 })
        .reply.users.map((u) => u.userId)
        .sort(),
    ).toEqual(['ada', 'bo']);
  });
});
