import { describe, expect, it } from 'vitest';
import { DEFAULT_PROXIMITY, ProximityLinks, isCaller, type Neighbour } from './ProximityLinks';

const o = DEFAULT_PROXIMITY;
const at = (x: number) => ({ x, y: 0 });
const me = at(0);
const n = (userId: string, x: number, available = true): Neighbour => ({
  userId,
  position: at(x),
  available,
});

describe('ProximityLinks', () => {
  it('links only after the pair has been within the enter radius for the link delay', () => {
    const links = new ProximityLinks();
    expect(links.update(me, true, [n('b', o.enterRadius - 1)], 0).linked).toEqual([]);
    expect(links.update(me, true, [n('b', o.enterRadius - 1)], o.linkDelay - 1).linked).toEqual([]);
    expect(links.update(me, true, [n('b', o.enterRadius - 1)], o.linkDelay).linked).toEqual(['b']);
  });

  it('does not link someone just outside the enter radius, and keeps a link until beyond the exit radius', () => {
    const links = new ProximityLinks();
    links.update(me, true, [n('b', o.enterRadius + 1)], 0);
    expect(links.update(me, true, [n('b', o.enterRadius + 1)], 1000).current.has('b')).toBe(false);
    links.update(me, true, [n('b', 10)], 2000);
    links.update(me, true, [n('b', 10)], 2000 + o.linkDelay);
    // Between the radii: stays linked however long.
    links.update(me, true, [n('b', o.exitRadius - 1)], 3000);
    expect(links.update(me, true, [n('b', o.exitRadius - 1)], 9000).current.has('b')).toBe(true);
  });

  it('unlinks only after the unlink delay beyond the exit radius, so a step across the edge does not flap', () => {
    const links = new ProximityLinks();
    links.update(me, true, [n('b', 10)], 0);
    links.update(me, true, [n('b', 10)], o.linkDelay);
    const flaps: string[] = [];
    // Wobbling across the exit radius every 100 ms: never out for a full unlink delay.
    for (let t = 1000; t < 3000; t += 100) {
      const x = (t / 100) % 2 === 0 ? o.exitRadius + 2 : o.exitRadius - 2;
      flaps.push(...links.update(me, true, [n('b', x)], t).unlinked);
    }
    expect(flaps).toEqual([]);
    links.update(me, true, [n('b', o.exitRadius + 50)], 4000);
    expect(links.update(me, true, [n('b', o.exitRadius + 50)], 4000 + o.unlinkDelay).unlinked).toEqual(['b']);
  });

  it('forgets every link on reset', () => {
    const links = new ProximityLinks();
    links.update(me, true, [n('b', 10)], 0);
    links.update(me, true, [n('b', 10)], o.linkDelay);
    links.reset();
    expect(links.current.size).toBe(0);
  });

  it('drops at once someone who left the world', () => {
    const links = new ProximityLinks();
    links.update(me, true, [n('b', 10)], 0);
    links.update(me, true, [n('b', 10)], o.linkDelay);
    expect(links.update(me, true, [], o.linkDelay + 1).unlinked).toEqual(['b']);
  });

  it('caps links at the K nearest and reports the rest as overflow', () => {
    const links = new ProximityLinks({ ...o, maxLinks: 2 });
    const crowd = [n('far', 60), n('near', 10), n('mid', 30), n('farther', 70)];
    links.update(me, true, crowd, 0);
    const result = links.update(me, true, crowd, o.linkDelay);
    expect([...result.current].sort()).toEqual(['mid', 'near']);
    expect(result.overflow).toBe(2);
  });

  it('links with nobody when either side does not want to be disturbed', () => {
    const links = new ProximityLinks();
    links.update(me, false, [n('b', 10)], 0);
    expect(links.update(me, false, [n('b', 10)], 1000).current.size).toBe(0);
    links.update(me, true, [n('c', 10, false)], 2000);
    expect(links.update(me, true, [n('c', 10, false)], 3000).current.size).toBe(0);
  });

  it('in a group, B links to A and C while A and C, too far apart, do not link', () => {
    const positions = { a: at(0), b: at(70), c: at(140) };
    const linksOf = (self: 'a' | 'b' | 'c') => {
      const links = new ProximityLinks();
      const others = (['a', 'b', 'c'] as const)
        .filter((id) => id !== self)
        .map((id) => n(id, positions[id].x));
      links.update(positions[self], true, others, 0);
      return [...links.update(positions[self], true, others, o.linkDelay).current].sort();
    };
    expect(linksOf('b')).toEqual(['a', 'c']);
    expect(linksOf('a')).toEqual(['b']);
    expect(linksOf('c')).toEqual(['b']);
  });
});

describe('isCaller', () => {
  it('picks exactly one side of every pair', () => {
    for (const [x, y] of [
      ['a', 'b'],
      ['Zed', 'abc'],
      ['same-prefix-1', 'same-prefix-2'],
    ] as const) {
      expect(isCaller(x, y)).not.toBe(isCaller(y, x));
    }
  });
});
