import { describe, expect, it } from 'vitest';
import { Occupancy } from './Occupancy';

describe('Occupancy', () => {
  it('counts people, not connections, and those held for a grace period too', () => {
    const present = new Set<string>(['held']);
    const occupancy = new Occupancy(3, () => present);
    expect(occupancy.admit('ada')).toBe(true);
    expect(occupancy.admit('ada')).toBe(true); // a second tab
    expect(occupancy.admit('bo')).toBe(true);
    expect(occupancy.admit('cy')).toBe(false);
    expect(occupancy.admit('held')).toBe(true); // back within the grace period
    occupancy.release('ada');
    expect(occupancy.admit('cy')).toBe(false); // Ada's other tab is still open
    occupancy.release('ada');
    expect(occupancy.admit('cy')).toBe(true);
  });

  it('without a cap, admits everyone', () => {
    const occupancy = new Occupancy(undefined, () => []);
    for (let i = 0; i < 100; i++) expect(occupancy.admit(`user-${i}`)).toBe(true);
  });
});
