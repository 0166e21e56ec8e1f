import { describe, expect, it } from 'vitest';
import { ConnectRefusal, MessageError, ServerFault } from '@campus/protocol';
import { gridMap } from '@campus/world/testing';
import { ChatRelay } from './ChatRelay';
import { Classrooms } from './classrooms/Classrooms';
import { ConnectionRouter } from './ConnectionRouter';
import { MemoryPeerStore, PeerRegistry } from './PeerRegistry';
import { RateLimiter } from './RateLimiter';
import { silentLogger, type Logger } from './logger';
import { ManualClock, RecordingPort } from './testing/fakes';
import { WorldRoom } from './WorldRoom';

const map = gridMap(['######', '#....#', '#....#', '######'], { spawns: [{ x: 40, y: 40 }] });

/** A peer store whose writes complete only when the test says so, as Redis's do some time later. */
class SlowPeerStore extends MemoryPeerStore {
  private readonly pending: Array<() => void> = [];

  override replace(userId: string, peerId: string, token: string): Promise<void> {
    return new Promise((resolve) =>
      this.pending.push(() => void super.replace(userId, peerId, token).then(resolve)),
    );
  }

  /** Completes every write so far. */
  complete(): void {
    for (const done of this.pending.splice(0)) done();
  }
}

function setup(
  room = new WorldRoom(map, new ManualClock(), { pickSpawn: () => 0 }),
  log: Logger = silentLogger,
  { sessionId = 's1', peers = new PeerRegistry() } = {},
) {
  const port = new RecordingPort();
  const clock = new ManualClock(5000);
  const limiter = new RateLimiter({ burst: 2, perSecond: 1 }, clock);
  const router = new ConnectionRouter({
    userId: 'u1',
    sessionId,
    port,
    room,
    chat: new ChatRelay(room, clock, limiter),
    profileLimiter: limiter,
    peers,
    classrooms: new Classrooms(room, clock, log),
    ice: {
      stunUrls: [],
      turnUrls: ['turn:127.0.0.1:3478'],
      turnSecret: 'test-secret-0123456789',
      turnTtlSeconds: 600,
    },
    clock,
    log,
  });
  return { port, router, room, clock };
}

describe('ConnectionRouter', () => {
  it('joins through the ack and answers clock requests with the server time', () => {
    const { router, room } = setup();
    const replies: unknown[] = [];
    router.handle('join', [{ name: 'Ada', appearance: { look: 'sky' } }, (r: unknown) => replies.push(r)]);
    router.handle('clock', [null, (r: unknown) => replies.push(r)]);
    expect(replies[0]).toMatchObject({ ok: true, userId: 'u1', serverTime: 5000, users: [] });
    expect(replies[1]).toBe(5000);
    expect(room.has('u1')).toBe(true);
  });

  it('refuses a join without an ack, since the snapshot would have nowhere to go', () => {
    const { router, port, room } = setup();
    router.handle('join', [{ name: 'Ada', appearance: { look: 'sky' } }]);
    expect(port.of('protocol:error')).toMatchObject([{ code: MessageError.INVALID_PAYLOAD, event: 'join' }]);
    expect(room.has('u1')).toBe(false);
  });

  it('refuses several payloads in one event', () => {
    const { router, port } = setup();
    router.handle('profile', [{ status: 'busy' }, { status: 'away' }]);
    expect(port.of('protocol:error')).toMatchObject([{ code: MessageError.INVALID_PAYLOAD }]);
  });

  it('answers an unexpected failure with a coded error, logs it, and keeps serving', () => {
    const room = new WorldRoom(map, new ManualClock(), { pickSpawn: () => 0 });
    room.updateProfile = () => {
      throw new TypeError('boom');
    };
    const logged: string[] = [];
    const { router, port } = setup(room, { ...silentLogger, error: (_f, m) => logged.push(m) });
    router.handle('join', [{ name: 'Ada', appearance: { look: 'sky' } }, () => {}]);
    router.handle('profile', [{ status: 'busy' }]);
    expect(port.of('protocol:error')).toMatchObject([
      { code: ServerFault.INTERNAL_ERROR, reason: 'INTERNAL_ERROR' },
    ]);
    expect(logged).toEqual(['handler failed']);
    router.handle('move', [{ position: { x: 40, y: 40 }, direction: 'up', isMoving: true }]);
    expect(room.positionOf('u1')?.isMoving).toBe(true);
  });

  it('when the connection closes, the user is held for the grace period and then leaves', () => {
    const clock = new ManualClock();
    const room = new WorldRoom(map, clock, { pickSpawn: () => 0, gracePeriod: 1000 });
    const { router } = setup(room);
    router.handle('join', [{ name: 'Ada', appearance: { look: 'sky' } }, () => {}]);
    router.close();
    router.close();
    expect(room.has('u1')).toBe(true);
    clock.advance(1000);
    expect(room.has('u1')).toBe(false);
  });

  it('rate-limits profile changes per user with a coded error', () => {
    const { router, port } = setup();
    router.handle('join', [{ name: 'Ada', appearance: { look: 'sky' } }, () => {}]);
    router.handle('profile', [{ status: 'busy' }]);
    router.handle('profile', [{ status: 'away' }]);
    router.handle('profile', [{ status: 'dnd' }]);
    expect(port.of('protocol:error')).toMatchObject([{ code: MessageError.RATE_LIMITED, event: 'profile' }]);
  });

  it('refuses moves and chat before join even though the user id is known', () => {
    const { router, port } = setup();
    router.handle('move', [{ position: { x: 40, y: 40 }, direction: 'up', isMoving: true }]);
    router.handle('chat:send', [{ id: 'abcdefgh', scope: 'nearby', text: 'hi' }, () => {}]);
    expect(port.of('protocol:error').map((e) => e.code)).toEqual([
      MessageError.NOT_JOINED,
      MessageError.NOT_JOINED,
    ]);
  });

  it('closes a flooding connection with a coded reason, and its avatar leaves at once', () => {
    const { router, port, room, clock } = setup();
    router.handle('join', [{ name: 'Ada', appearance: { look: 'sky' } }, () => {}]);
    const acks: unknown[] = [];
    // 1,000 a second until the flood has gone on too long.
    for (let i = 0; i < 30_000 && !port.disconnected; i++) {
      if (i % 100 === 99) clock.advance(100);
      router.handle('chat:send', [
        { id: `message${i}`, scope: 'nearby', text: 'spam' },
        (r: unknown) => acks.push(r),
      ]);
    }
    expect(port.disconnected).toBe(true);
    expect(port.of('session:closed')).toEqual([
      { code: ConnectRefusal.TOO_MANY_MESSAGES, reason: 'TOO_MANY_MESSAGES', message: expect.any(String) },
    ]);
    // Within budget the per-user chat limit answered; over it, one RATE_LIMITED error a second, the rest unanswered.
    const codes = port.of('protocol:error').map((e) => e.code);
    expect(codes.every((c) => c === MessageError.RATE_LIMITED)).toBe(true);
    expect(acks.length).toBeLessThan(100);
    expect(room.has('u1')).toBe(false);
    router.close();
  });

  it('answers presence:watch with who of the watched is online', () => {
    const { router, room } = setup();
    const other = new RecordingPort();
    room.join('u2', 's2', other, { name: 'Bo', appearance: { look: 'rose' } });
    router.handle('join', [{ name: 'Ada', appearance: { look: 'sky' } }, () => {}]);
    const replies: unknown[] = [];
    router.handle('presence:watch', [{ userIds: ['u2', 'u3'] }, (r: unknown) => replies.push(r)]);
    router.handle('presence:watch', [{ userIds: ['not an id!'] }, (r: unknown) => replies.push(r)]);
    expect(replies).toMatchObject([
      { ok: true, online: ['u2'] },
      { ok: false, error: { code: MessageError.INVALID_PAYLOAD } },
    ]);
  });

  it('does not hand a superseded session the media registration that completes after its takeover', async () => {
    const room = new WorldRoom(map, new ManualClock(), { pickSpawn: () => 0 });
    const store = new SlowPeerStore();
    const peers = new PeerRegistry(store);
    const first = setup(room, silentLogger, { sessionId: 's1', peers });
    const second = setup(room, silentLogger, { sessionId: 's2', peers });
    first.router.handle('join', [{ name: 'Ada', appearance: { look: 'sky' } }, () => {}]);
    const replies: unknown[] = [];
    first.router.handle('media:register', [null, (r: unknown) => replies.push(r)]);
    // Another tab takes over while the first one's registration is being stored.
    second.router.handle('join', [{ name: 'Ada', appearance: { look: 'sky' } }, () => {}]);
    store.complete();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(room.mediaOf('u1')).toBeUndefined();
    expect(replies).toMatchObject([{ ok: false, error: { code: MessageError.NOT_JOINED } }]);
  });
});
