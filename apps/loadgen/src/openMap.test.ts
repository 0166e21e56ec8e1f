import { describe, expect, it } from 'vitest';
import { bodyFits, loadTiledMap } from '@campus/world';
import { MAX_USERS, mapSideTiles, openMap } from './openMap';

describe('openMap', () => {
  it('makes a map the server loads, with standable spawns', () => {
    const map = loadTiledMap(openMap(100));
    expect(map.widthTiles).toBe(mapSideTiles(100));
    expect(map.spawns.length).toBeGreaterThan(10);
    for (const s of map.spawns) expect(bodyFits(map, s)).toBe(true);
  });

  it('grows with the number of people so that each has the same room', () => {
    const roomEach = (users: number): number => (mapSideTiles(users) * 16) ** 2 / users;
    for (const users of [250, 500, 1000, 2000]) {
      expect(roomEach(users) / roomEach(100)).toBeGreaterThan(0.97);
      expect(roomEach(users) / roomEach(100)).toBeLessThan(1.03);
    }
  });

  it('refuses more people than the largest map holds', () => {
    expect(() => openMap(MAX_USERS + 100)).toThrow(/at most/);
  });
});
