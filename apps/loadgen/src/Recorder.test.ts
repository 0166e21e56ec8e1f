import { afterEach, describe, expect, it, vi } from 'vitest';
import { Recorder, frameBytes } from './Recorder';

afterEach(() => {
  vi.useRealTimers();
});

describe('Recorder', () => {
  it('times each move from its send to each observer that receives it', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const recorder = new Recorder();
    recorder.start();
    const move = { position: { x: 1, y: 2 }, direction: 'up' as const, isMoving: true, startedAt: 1000 };
    recorder.sent('ada', move);
    vi.advanceTimersByTime(3);
    recorder.received({ userId: 'ada', ...move });
    vi.advanceTimersByTime(4);
    recorder.received({ userId: 'ada', ...move });
    // A stroke nobody here sent (another stroke of Ada's) is not timed.
    recorder.received({ userId: 'ada', ...move, startedAt: 999 });
    recorder.stop();
    expect(recorder.latency()).toMatchObject({ p50: 7, max: 7, samples: 2 });
    expect(recorder.movesUp).toBe(1);
    expect(recorder.movesDown).toBe(3);
  });

  it('counts WebSocket frames both ways, messages apart from pings', () => {
    const recorder = new Recorder();
    recorder.start();
    recorder.packetDown({ type: 'message', data: '2["user:moved",{}]' });
    recorder.packetDown({ type: 'ping' });
    recorder.packetUp({ type: 'message', data: '2["move",{}]' });
    expect(recorder.down).toEqual({
      messages: 1,
      bytes: frameBytes({ type: 'message', data: '2["user:moved",{}]' }) + 3,
    });
    expect(recorder.up).toEqual({ messages: 1, bytes: 1 + 12 + 2 + 4 });
  });

  it('sizes frames as WebSocket does: longer headers for longer payloads', () => {
    expect(frameBytes({ type: 'message', data: 'x'.repeat(100) })).toBe(101 + 2);
    expect(frameBytes({ type: 'message', data: 'x'.repeat(200) })).toBe(201 + 4);
    expect(frameBytes({ type: 'message', data: 'é' })).toBe(3 + 2);
  });
});
