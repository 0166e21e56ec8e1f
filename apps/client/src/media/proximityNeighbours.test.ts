import { describe, expect, it } from 'vitest';
import type { RosterEntry } from '../world/Roster';
import { acceptsCall, proximityNeighbours } from './proximityNeighbours';

const media = { peerId: 'p', mic: true, cam: true, screen: false };
const person = (userId: string, extra: Partial<RosterEntry> = {}): RosterEntry => ({
  userId,
  name: userId,
  look: 'sky',
  status: 'available',
  online: true,
  media,
  ...extra,
});
const where = {
  self: { x: 0, y: 0 },
  others: new Map([
    ['a', { x: 50, y: 0 }],
    ['b', { x: 300, y: 0 }],
    ['room', { x: 1000, y: 1000 }],
  ]),
};
const inRoom = (p: { x: number }): string | undefined => (p.x >= 1000 ? 'room' : undefined);

describe('proximityNeighbours', () => {
  it.each([
    ['someone online with media', person('a'), true],
    ['someone offline', person('a', { online: false }), false],
    ['someone in do-not-disturb', person('a', { status: 'dnd' }), false],
    ['someone with no media registered', { ...person('a'), media: undefined }, false],
    ['someone the roster does not know', undefined, false],
  ] as const)('%s is available: %s', (_what, entry, available) => {
    const [a] = proximityNeighbours(
      { self: where.self, others: new Map([['a', { x: 50, y: 0 }]]) },
      () => entry,
      inRoom,
    );
    expect(a).toEqual({ userId: 'a', position: { x: 50, y: 0 }, available });
  });

  it('nobody inside a classroom links with anyone outside it, either way', () => {
    const fromOutside = proximityNeighbours(where, (id) => person(id), inRoom);
    expect(fromOutside.find((n) => n.userId === 'room')?.available).toBe(false);
    const fromInside = proximityNeighbours({ ...where, self: { x: 1000, y: 0 } }, (id) => person(id), inRoom);
    expect(fromInside.every((n) => !n.available)).toBe(true);
  });
});

describe('acceptsCall', () => {
  const base = { where, classroom: undefined, dnd: false, range: 200 };
  it.each([
    ['someone near', { caller: person('a') }, true],
    ['someone beyond the range', { caller: person('b') }, false],
    ['someone unknown', { caller: undefined }, false],
    ['someone offline', { caller: person('a', { online: false }) }, false],
    ['someone near while we are in do-not-disturb', { caller: person('a'), dnd: true }, false],
    ['someone near in do-not-disturb', { caller: person('a', { status: 'dnd' }) }, false],
    [
      'a fellow member of a mesh room',
      { caller: person('b'), classroom: { members: ['b'], onSfu: false } },
      true,
    ],
    [
      'a fellow member while the SFU carries the room',
      { caller: person('a'), classroom: { members: ['a'], onSfu: true } },
      false,
    ],
    ['someone outside our room', { caller: person('a'), classroom: { members: ['b'], onSfu: false } }, false],
    ['anyone before positions are known', { caller: person('a'), where: undefined }, false],
  ] as const)('%s → %s', (_what, overrides, accepted) => {
    expect(acceptsCall({ ...base, ...overrides })).toBe(accepted);
  });
});
