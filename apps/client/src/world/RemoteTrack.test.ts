import { describe, expect, it } from 'vitest';
import { LocalWalker, WALK_SPEED, distance } from '@campus/world';
import { gridMap } from '@campus/world/testing';
import { RemoteTrack, SNAP_DISTANCE } from './RemoteTrack';

const map = gridMap(['##############', ...Array(8).fill('#............#'), '##############']);

describe('RemoteTrack', () => {
  it('follows a stroke dated in the past as if it had seen it start (latency compensated)', () => {
    const track = new RemoteTrack(map, {
      position: { x: 40, y: 40 },
      direction: 'down',
      isMoving: false,
      startedAt: 0,
    });
    track.apply({ position: { x: 40, y: 40 }, direction: 'right', isMoving: true, startedAt: 1000 }, 1000);
    expect(track.displayAt(1500).x).toBeCloseTo(40 + WALK_SPEED / 2, 6);
  });

  it('settles exactly where the sender stopped, with no jump, when the stop arrives late', () => {
    const sender = new LocalWalker(map, { x: 40, y: 40 }, 0);
    const start = sender.update('right', 0)!;
    const track = new RemoteTrack(map, { ...start, isMoving: false });
    // The start message arrives 40 ms late and carries its true start time.
    track.apply(start, 40);
    const stop = sender.update(null, 1000)!;
    // The stop arrives 40 ms late too: the remote has walked 40 ms too far and eases back.
    let previous = track.displayAt(1040);
    track.apply(stop, 1040);
    let biggestStep = distance(previous, track.displayAt(1040));
    for (let t = 1056; t < 2000; t += 16) {
      const shown = track.displayAt(t);
      biggestStep = Math.max(biggestStep, distance(previous, shown));
      previous = shown;
    }
    expect(biggestStep).toBeLessThan(WALK_SPEED * 0.016 + 0.5); // never more than a frame's walk
    expect(distance(track.displayAt(2000), stop.position)).toBeLessThan(0.01);
    expect(track.isWalking(2000)).toBe(false);
  });

  it('snaps instead of gliding across the map', () => {
    const track = new RemoteTrack(map, {
      position: { x: 40, y: 40 },
      direction: 'down',
      isMoving: false,
      startedAt: 0,
    });
    const far = { x: 40 + SNAP_DISTANCE + 60, y: 40 };
    track.apply({ position: far, direction: 'down', isMoving: false, startedAt: 100 }, 100);
    expect(track.displayAt(100)).toEqual(far);
  });

  it('stops walking at a wall even though the stroke still says it moves', () => {
    const track = new RemoteTrack(map, {
      position: { x: 40, y: 40 },
      direction: 'left',
      isMoving: true,
      startedAt: 0,
    });
    expect(track.isWalking(100)).toBe(true);
    expect(track.isWalking(10_000)).toBe(false);
    expect(track.displayAt(10_000).x).toBe(16 + 5);
  });
});
