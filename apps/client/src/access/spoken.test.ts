import { describe, expect, it } from 'vitest';
import { NearbyWatch, messageSpoken, namesSpoken, nearbySpoken, roomSpoken, whereSpoken } from './spoken';

const rooms = (id: string): string => (id === 'room-101' ? 'Room 101' : id);

describe('what a screen reader is told', () => {
  it('reads a message with who sent it and in which conversation', () => {
    const base = { fromName: 'Bo', text: 'hello' };
    expect(messageSpoken({ ...base, scope: 'nearby' }, rooms)).toBe('Bo nearby: hello');
    expect(messageSpoken({ ...base, scope: 'direct' }, rooms)).toBe('Bo to you: hello');
    expect(messageSpoken({ ...base, scope: 'room', roomId: 'room-101' }, rooms)).toBe(
      'Bo in Room 101: hello',
    );
  });

  it('names one, two or many people as a sentence would', () => {
    expect(namesSpoken([])).toBe('');
    expect(namesSpoken(['Bo'])).toBe('Bo');
    expect(namesSpoken(['Bo', 'Cy'])).toBe('Bo and Cy');
    expect(namesSpoken(['Bo', 'Cy', 'Dee'])).toBe('Bo, Cy and Dee');
  });

  it('says who came near and who moved away', () => {
    expect(nearbySpoken(['Bo'], [])).toEqual(['Bo is near you']);
    expect(nearbySpoken(['Bo', 'Cy'], ['Dee'])).toEqual(['Bo and Cy are near you', 'Dee has moved away']);
    expect(nearbySpoken([], ['Dee', 'Eve'])).toEqual(['Dee and Eve have moved away']);
    expect(nearbySpoken([], [])).toEqual([]);
  });

  it('says which room you entered, with whom, and which you left', () => {
    expect(roomSpoken({ entered: 'Room 101', others: [] })).toBe('You are in Room 101, on your own');
    expect(roomSpoken({ entered: 'Room 101', others: ['Ada', 'Bo'] })).toBe(
      'You are in Room 101 with Ada and Bo',
    );
    expect(roomSpoken({ left: 'Room 101' })).toBe('You left Room 101');
  });

  it('describes the canvas: where you are, who is near, how many others are around', () => {
    expect(whereSpoken('Room 101', ['Bo'], 2)).toBe(
      'You are in Room 101. Near you: Bo. 2 other people around.',
    );
    expect(whereSpoken('Room 101', ['Bo'], 1)).toBe(
      'You are in Room 101. Near you: Bo. 1 other person around.',
    );
    expect(whereSpoken(undefined, [], 0)).toBe(
      'You are on the campus, outside the rooms. Nobody is near you. Nobody else is around.',
    );
  });
});

describe('NearbyWatch', () => {
  const self = { x: 0, y: 0 };
  it('names someone once as they come within range, and once as they leave, not while they hover at the edge', () => {
    const watch = new NearbyWatch();
    const at = (x: number) => new Map([['bo', { x, y: 0 }]]);
    expect(watch.update(self, at(200), 0)).toEqual({ came: [], left: [] });
    expect(watch.update(self, at(50), 100)).toEqual({ came: [], left: [] }); // not yet: a short debounce
    expect(watch.update(self, at(50), 250)).toEqual({ came: ['bo'], left: [] });
    // Between the enter and exit radii: still near.
    expect(watch.update(self, at(95), 400)).toEqual({ came: [], left: [] });
    expect(watch.update(self, at(60), 600)).toEqual({ came: [], left: [] });
    expect(watch.update(self, at(150), 700)).toEqual({ came: [], left: [] });
    expect(watch.update(self, at(150), 1400)).toEqual({ came: [], left: ['bo'] });
    expect(watch.near.size).toBe(0);
  });

  it('counts out, after the same wait, someone on the other side of a wall, so a doorway does not repeat a name', () => {
    const watch = new NearbyWatch();
    const bo = new Map([['bo', { x: 10, y: 0 }]]);
    let open = true;
    const talksWith = () => open;
    watch.update(self, bo, 0, talksWith);
    expect(watch.update(self, bo, 200, talksWith)).toEqual({ came: ['bo'], left: [] });
    open = false; // Bo steps through the door
    expect(watch.update(self, bo, 300, talksWith)).toEqual({ came: [], left: [] });
    open = true; // and back
    expect(watch.update(self, bo, 500, talksWith)).toEqual({ came: [], left: [] });
    open = false;
    expect(watch.update(self, bo, 600, talksWith)).toEqual({ came: [], left: [] });
    expect(watch.update(self, bo, 1300, talksWith)).toEqual({ came: [], left: ['bo'] });
  });

  it('lets go at once of someone who is gone from the campus', () => {
    const watch = new NearbyWatch();
    watch.update(self, new Map([['bo', { x: 10, y: 0 }]]), 0);
    watch.update(self, new Map([['bo', { x: 10, y: 0 }]]), 200);
    expect(watch.update(self, new Map(), 300)).toEqual({ came: [], left: ['bo'] });
  });
});
