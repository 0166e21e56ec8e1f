import { describe, expect, it } from 'vitest';
import { LocalWalker } from './LocalWalker';
import { WALK_SPEED, type MovementStroke } from './movement';
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

  it('keeps walking into a wall without new messages, and stays at the wall', () => {
    const walker = new LocalWalker(map, { x: 40, y: 40 }, 0);
    walker.update('left', 0);
    for (let t = 16; t < 5000; t += 16) expect(walker.update('left', t)).toBeNull();
    expect(walker.positionAt(5000).x).toBe(16 + 5);
    expect(walker.isWalking(100)).toBe(true);
    expect(walker.isWalking(5000)).toBe(false);
  });
});
