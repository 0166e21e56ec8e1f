import { describe, expect, it } from 'vitest';
import { gridMap } from '@campus/world/testing';
import { Placement } from './Placement';
import { ManualClock } from './testing/fakes';

const map = gridMap(['############', '#..........#', '#..........#', '############'], {
  spawns: [{ x: 40, y: 40 }],
});

describe('Placement', () => {
  it('forgets where someone left once the window has passed: they start at a spawn point again', () => {
    const clock = new ManualClock();
    const placement = new Placement(map, clock, {
      positionTolerance: 24,
      resumeWindow: 60_000,
      pickSpawn: () => 0,
    });
    placement.departed('a', { x: 150, y: 40 });
    clock.advance(60_001);
    expect(placement.arrival('a', { x: 150, y: 40 })).toEqual({ x: 40, y: 40 });
  });

  it('believes a claim only once per departure', () => {
    const clock = new ManualClock();
    const placement = new Placement(map, clock, {
      positionTolerance: 24,
      resumeWindow: 1000,
      pickSpawn: () => 0,
    });
    clock.advance(2000); // past the restart window
    placement.departed('a', { x: 150, y: 40 });
    expect(placement.arrival('a', { x: 160, y: 40 })).toEqual({ x: 160, y: 40 });
    expect(placement.arrival('a', { x: 160, y: 40 })).toEqual({ x: 40, y: 40 });
  });
});
