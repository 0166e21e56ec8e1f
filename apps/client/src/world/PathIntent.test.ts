import { describe, expect, it } from 'vitest';
import type { Point } from '@campus/protocol';
import { LocalWalker, findPath, positionAt, type MovementStroke } from '@campus/world';
import { gridMap } from '@campus/world/testing';
import { PathIntent } from './PathIntent';

/** Two corridors, one above the other, joined only at their east end: from one to the other goes round the wall. */
const map = gridMap(['##########', '#........#', '########.#', '#........#', '##########']);
const tile = (c: number, r: number): Point => ({ x: c * 16 + 8, y: r * 16 + 11 });

/** Runs the walker frame by frame (every `frameMs`) with the path's intent, as the scene does; the strokes it sent. */
function walkFrames(
  from: Point,
  to: Point,
  frameMs: number,
): { sent: MovementStroke[]; walker: LocalWalker; at: number } {
  const start = 1000;
  const walker = new LocalWalker(map, from, start);
  const intent = new PathIntent();
  const corners = findPath(map, from, to);
  if (!corners) throw new Error('no path');
  expect(intent.start(from, corners, start)).toBe(true);
  const sent: MovementStroke[] = [];
  let now = start;
  while (intent.active && now < start + 60_000) {
    const step = intent.at(now);
    const stroke = step ? walker.update(step.direction, now, step.since) : null;
    if (stroke) sent.push(stroke);
    now += frameMs;
  }
  return { sent, walker, at: now };
}

describe('walking by pointing', () => {
  it('walks round the wall and arrives, sending one message per start, turn and stop', () => {
    const from = tile(1, 1);
    const to = tile(1, 3);
    const corners = findPath(map, from, to)!;
    // Right along row 1, down the east end, left along row 3: two turns.
    expect(corners.length).toBe(3);
    const { sent, walker, at } = walkFrames(from, to, 16);
    expect(sent.length).toBe(corners.length + 1);
    expect(sent.map((s) => s.isMoving)).toEqual([true, true, true, false]);
    expect(walker.positionAt(at)).toEqual(to);
  });

  it('turns at the corners whatever the frame rate, so every other browser sees the same walk', () => {
    const from = tile(1, 1);
    const to = tile(1, 3);
    const smooth = walkFrames(from, to, 16).sent;
    const stuttering = walkFrames(from, to, 137).sent;
    expect(stuttering).toEqual(smooth);
    // Each stroke starts where the one before, walked by the shared movement model, arrives.
    for (let i = 1; i < smooth.length; i++) {
      const before = smooth[i - 1]!;
      const next = smooth[i]!;
      expect(positionAt(map, before, next.startedAt)).toEqual(next.position);
    }
  });

  it('says where the walk ends, and ends when cancelled', () => {
    const intent = new PathIntent();
    const from = tile(1, 1);
    intent.start(from, findPath(map, from, tile(8, 3))!, 0);
    expect(intent.target).toEqual(tile(8, 3));
    intent.cancel();
    expect(intent.active).toBe(false);
    expect(intent.at(10)).toBeUndefined();
    expect(intent.start(from, [], 0)).toBe(false);
  });
});
