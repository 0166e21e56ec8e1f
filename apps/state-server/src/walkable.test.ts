import { describe, expect, it } from 'vitest';
import { gridMap } from '@campus/world/testing';
import { canWalkBetween } from './walkable';

// Tiles are 16 px; row 2 holds a wall from x 48 to 80, with open rows above and below it.
const map = gridMap(['#########', '#.......#', '#..##...#', '#.......#', '#########']);

describe('canWalkBetween', () => {
  it('follows a straight walk and a walk around a corner, either way round', () => {
    expect(canWalkBetween(map, { x: 24, y: 30 }, { x: 120, y: 30 })).toBe(true);
    expect(canWalkBetween(map, { x: 24, y: 30 }, { x: 24, y: 62 })).toBe(true);
    // Down then right is blocked by the wall; right then down is not.
    expect(canWalkBetween(map, { x: 56, y: 30 }, { x: 100, y: 62 })).toBe(true);
  });

  it('does not pass through a wall, nor stop inside one', () => {
    expect(canWalkBetween(map, { x: 60, y: 30 }, { x: 60, y: 62 })).toBe(false);
    expect(canWalkBetween(map, { x: 60, y: 30 }, { x: 70, y: 40 })).toBe(false);
  });
});
