import { describe, expect, it } from 'vitest';
import { RoomLeavers } from './RoomLeavers';

// Room 1 is everything left of x = 100.
const roomAt = (p: { x: number }): string | undefined => (p.x < 100 ? 'room-1' : undefined);
const room = { roomId: 'room-1', members: ['me', 'bo', 'cy'] };
const at = (bo: number) =>
  new Map([
    ['bo', { x: bo, y: 0 }],
    ['cy', { x: 10, y: 0 }],
  ]);

describe('RoomLeavers', () => {
  it('lets a member go on the look that shows them outside, and takes them back if a late stop shows them inside', () => {
    const leavers = new RoomLeavers(roomAt);
    expect([...leavers.update(room, at(50))]).toEqual([]);
    expect([...leavers.update(room, at(101))]).toEqual(['bo']);
    expect(leavers.staying(room.members)).toEqual(['me', 'cy']);
    expect([...leavers.update(room, at(99))]).toEqual([]);
    expect(leavers.staying(room.members)).toEqual(room.members);
  });

  it('keeps a member whose position it does not know, and lets nobody go outside every room', () => {
    const leavers = new RoomLeavers(roomAt);
    expect([...leavers.update(room, new Map())]).toEqual([]);
    expect(leavers.update(undefined, at(500)).size).toBe(0);
    // Members of another room (nowhere on this map) standing anywhere here are outside it.
    expect([...leavers.update({ roomId: 'room-2', members: ['me', 'bo'] }, at(50))]).toEqual(['bo']);
  });
});
