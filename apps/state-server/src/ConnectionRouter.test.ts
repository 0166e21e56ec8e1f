import { describe, expect, it } from 'vitest';
import { MessageError, ServerFault } from '@campus/protocol';
import { gridMap } from '@campus/world/testing';
import { ConnectionRouter } from './ConnectionRouter';
import { silentLogger, type Logger } from './logger';
import { ManualClock, RecordingPort } from './testing/fakes';
import { WorldRoom } from './WorldRoom';

const map = gridMap(['######', '#....#', '#....#', '######'], { spawns: [{ x: 40, y: 40 }] });

function setup(
  room = new WorldRoom(map, new ManualClock(), { pickSpawn: () => 0 }),
  log: Logger = silentLogger,
) {
  const port = new RecordingPort();
  const clock = new ManualClock(5000);
  const router = new ConnectionRouter('u1', port, room, clock, log);
  return { port, router, room };
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

  it('leaves the world when the connection closes, once', () => {
    const { router, room } = setup();
    router.handle('join', [{ name: 'Ada', appearance: { look: 'sky' } }, () => {}]);
    router.close();
    router.close();
    expect(room.has('u1')).toBe(false);
  });
});
