import { describe, expect, it } from 'vitest';
import { LocalWalker } from './LocalWalker';
import {
  CLIENT_STOP_BACKDATE_MS,
  CLIENT_STROKE_BACKDATE_MS,
  MAX_STOP_BACKDATE_MS,
  MAX_STROKE_BACKDATE_MS,
  WALK_SPEED,
  type MovementStroke,
} from './movement';
import { gridMap } from './testing/gridMap';

const map = gridMap(['##########', '#........#', '#........#', '#........#', '##########']);

describe('LocalWalker', () => {
  it('emits one stroke per start, turn and stop, and none while a key is held', () => {
    const walker = new LocalWalker(map, { x: 40, y: 40 }, 0);
    const emitted: MovementStroke[] = [];
    const intents = [
      ...Array(30).fill('right'),
      ...Array(20).fill('down'),
      ...Array(10).fill(null),
      ...Array(5).fill('left'),
    ] as const;
    intents.forEach((intent, frame) => {
      const stroke = walker.update(intent, frame * 16);
      if (stroke) emitted.push(stroke);
    });
    expect(emitted.map((s) => [s.direction, s.isMoving])).toEqual([
      ['right', true],
      ['down', true],
      ['down', false],
      ['left', true],
    ]);
  });

  it('starts each stroke where the previous one put the avatar', () => {
    const walker = new LocalWalker(map, { x: 40, y: 40 }, 0);
    walker.update('right', 0);
    const stop = walker.update(null, 250);
    expect(stop?.position).toEqual({ x: 40 + WALK_SPEED / 4, y: 40 });
    expect(walker.positionAt(10_000)).toEqual({ x: 40 + WALK_SPEED / 4, y: 40 });
  });

  it('starts and stops at the moment the key moved, not at the next frame', () => {
    const walker = new LocalWalker(map, { x: 40, y: 40 }, 0);
    walker.update('right', 100, 40); // key pressed at 40, seen in the frame at 100
    const stop = walker.update(null, 600, 540); // released at 540, seen at 600
    expect(stop).toMatchObject({ startedAt: 540, position: { x: 40 + (WALK_SPEED * 500) / 1000, y: 40 } });
  });

  it('after a stall, stops where the key came up, but starts and turns no further back than the server allows', () => {
    const walker = new LocalWalker(map, { x: 20, y: 24 }, 0);
    // The key went down at 0, but the busy page only saw it at 800: the start is dated 800 - 500.
    expect(walker.update('right', 800, 0)).toMatchObject({ startedAt: 800 - CLIENT_STROKE_BACKDATE_MS });
    // It came up at 1000, seen only at 3000: a stop gains no ground, so it keeps its own time.
    const stop = walker.update(null, 3000, 1000);
    expect(stop).toMatchObject({ startedAt: 1000, position: { x: 20 + (WALK_SPEED * 700) / 1000, y: 24 } });
    // Seen later than the server would take it, it is dated as far back as the server takes it.
    walker.update('down', 3000);
    expect(walker.update(null, 9000, 3100)).toMatchObject({ startedAt: 9000 - CLIENT_STOP_BACKDATE_MS });
    expect(CLIENT_STROKE_BACKDATE_MS).toBeLessThan(MAX_STROKE_BACKDATE_MS);
    expect(CLIENT_STOP_BACKDATE_MS).toBeLessThan(MAX_STOP_BACKDATE_MS);
  });

  it('after a correction from the server, dates no change before it', () => {
    const walker = new LocalWalker(map, { x: 20, y: 24 }, 0);
    walker.update('right', 0);
    // The server refused our stop and says we walk on from (30, 24); the key had come up at 100.
    walker.reset({ position: { x: 30, y: 24 }, direction: 'right', isMoving: true, startedAt: 200 }, 400);
    expect(walker.update(null, 450, 100)).toMatchObject({
      startedAt: 400,
      isMoving: false,
      position: { x: 30 + (WALK_SPEED * 200) / 1000, y: 24 },
    });
  });

  it('keeps walking into a wall without new messages, and stays at the wall', () => {
    const walker = new LocalWalker(map, { x: 40, y: 40 }, 0);
    walker.update('left', 0);
    for (let t = 16; t < 5000; t += 16) expect(walker.update('left', t)).toBeNull();
    expect(walker.positionAt(5000).x).toBe(16 + 5);
    expect(walker.isWalking(100)).toBe(true);
    expect(walker.isWalking(5000)).toBe(false);
  });
});

describe('LocalWalker barriers (a full classroom)', () => {
  const wide = gridMap(['##########', '#........#', '#........#', '#........#', '#........#', '##########']);
  const room = { x: 16, y: 16, width: 144, height: 32 }; // rows 1–2

  it('stops once at the edge of a barrier and sends nothing more while pushing against it', () => {
    const walker = new LocalWalker(wide, { x: 80, y: 76 }, 0);
    walker.setBarriers([room]);
    const sent = [];
    for (let t = 0; t <= 3000; t += 16) {
      const stroke = walker.update('up', t);
      if (stroke) sent.push(stroke);
    }
    expect(sent.map((s) => [s.direction, s.isMoving])).toEqual([
      ['up', true],
      ['up', false],
    ]);
    expect(sent[1]!.position).toEqual({ x: 80, y: 48 });
    expect(walker.positionAt(3000)).toEqual({ x: 80, y: 48 });
  });

  it('puts back at the edge someone who had already stepped in when the barrier went up', () => {
    const walker = new LocalWalker(wide, { x: 80, y: 60 }, 0);
    walker.update('up', 0);
    walker.update(null, 200); // 16 px up: y = 44, inside
    walker.setBarriers([room]);
    expect(walker.evict(300)).toMatchObject({ position: { x: 80, y: 48 }, isMoving: false });
    expect(walker.evict(400)).toBeNull();
  });

  it('still walks away from the barrier, and in once it is lifted', () => {
    const walker = new LocalWalker(wide, { x: 80, y: 48 }, 0);
    walker.setBarriers([room]);
    expect(walker.update('up', 0)).toMatchObject({ direction: 'up', isMoving: false });
    expect(walker.update('right', 16)).toMatchObject({ direction: 'right', isMoving: true });
    walker.update(null, 100);
    walker.setBarriers([]);
    expect(walker.update('up', 200)).toMatchObject({ direction: 'up', isMoving: true });
    expect(walker.positionAt(500).y).toBeLessThan(48);
  });
});
