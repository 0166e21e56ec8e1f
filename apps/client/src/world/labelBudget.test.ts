import { describe, expect, it } from 'vitest';
import { labelled } from './labelBudget';

describe('labelled', () => {
  it('names everyone while they are few', () => {
    const others = new Map([
      ['a', { x: 500, y: 0 }],
      ['b', { x: 10, y: 0 }],
    ]);
    expect(labelled({ x: 0, y: 0 }, others, 2)).toEqual(new Set(['a', 'b']));
  });

  it('in a crowd names only the nearest, ties broken the same way every time', () => {
    const others = new Map([
      ['far', { x: 300, y: 0 }],
      ['near', { x: 0, y: 20 }],
      ['tie-b', { x: 50, y: 0 }],
      ['tie-a', { x: -50, y: 0 }],
      ['farther', { x: 0, y: -400 }],
    ]);
    expect(labelled({ x: 0, y: 0 }, others, 3)).toEqual(new Set(['near', 'tie-a', 'tie-b']));
    expect(labelled({ x: 300, y: 10 }, others, 1)).toEqual(new Set(['far']));
  });
});
