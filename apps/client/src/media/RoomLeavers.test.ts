import { describe, expect, it } from 'vitest';
import { LEAVE_GRACE_MS, RoomLeavers } from './RoomLeavers';

// Room 1 is everything left of x = 100.
const roomAt = (p: { x: number }): string | undefined => (p.x < 100 ? 'room-1' : undefined);
const room = { roomId: 'room-1', members: ['me', 'bo', 'cy'] };

describe('RoomLeavers', () => {
  it('lets a member go once this screen has shown them outside for the grace, not before', () => {
    const leavers = new RoomLeavers(roomAt);
    const at = (bo: number) =>
      new Map([
        ['bo', { x: bo, y: 0 }],
        ['cy', { x: 10, y: 0 }],
      ]);
    expect([...leavers.update(0, room, at(50))]).toEqual([]);
    expect([...leavers.update(100, room, at(120))]).toEqual([]); // just out: a late stop may bring them back
    expect([...leavers.update(100 + LEAVE_GRACE_MS - 1, room, at(130))]).toEqual([]);
    expect([...leavers.update(100 + LEAVE_GRACE_MS, room, at(140))]).toEqual(['bo']);
    expect(leavers.staying(room.members)).toEqual(['me', 'cy']);
  });

  it('forgets the wait when the late stop shows them inside after all', () => {
    const leavers = new RoomLeavers(roomAt);
    leavers.update(0, room, new Map([['bo', { x: 120, y: 0 }]]));
    leavers.update(200, room, new Map([['bo', { x: 96, y: 0 }]])); // the stop landed inside
    expect([...leavers.update(300, room, new Map([['bo', { x: 120, y: 0 }]]))]).toEqual([]);
    expect([...leavers.update(300 + LEAVE_GRACE_MS, room, new Map([['bo', { x: 120, y: 0 }]]))]).toEqual([
      'bo',
    ]);
  });

  it('keeps a member whose position it does not know, and starts over in another room', () => {
    const leavers = new RoomLeavers(roomAt);
    expect([...leavers.update(0, room, new Map())]).toEqual([]);
    expect([...leavers.update(1000, room, new Map())]).toEqual([]);
    leavers.update(0, room, new Map([['bo', { x: 120, y: 0 }]]));
    const other = { roomId: 'room-2', members: ['me', 'bo'] };
    // In room 2 (nowhere on this map) everyone is "outside": the wait starts again from the move.
    expect([...leavers.update(300, other, new Map([['bo', { x: 120, y: 0 }]]))]).toEqual([]);
    expect(leavers.update(400, undefined, new Map()).size).toBe(0); // out of every room: nobody to let go
  });
});
