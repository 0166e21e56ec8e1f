import { describe, expect, it } from 'vitest';
import { nextCrowded, planProximity, type ProximityInput } from './proximityPlan';

const policy = { enterLinks: 4, exitLinks: 2 };

describe('nextCrowded', () => {
  it.each([
    [false, 3, false],
    [false, 4, true],
    [true, 3, true],
    [true, 2, false],
    [true, 0, false],
    [false, 9, true],
  ])('was crowded %s, %i links → %s', (was, links, now) => {
    expect(nextCrowded(was, links, policy)).toBe(now);
  });
});

const set = (...ids: string[]): Set<string> => new Set(ids);
function input(overrides: Partial<ProximityInput>): ProximityInput {
  return {
    linked: set(),
    prepared: set(),
    crowdPolicy: policy,
    selfCrowded: false,
    crowded: () => false,
    receivingMesh: set(),
    receivingSfu: set(),
    ...overrides,
  };
}

describe('planProximity', () => {
  it('without an SFU every link is a direct call, prepared ones too, and nothing is published', () => {
    const plan = planProximity(
      input({ crowdPolicy: undefined, selfCrowded: true, linked: set('a'), prepared: set('a', 'b') }),
    );
    expect([...plan.calls].sort()).toEqual(['a', 'b']);
    expect(plan.sfu.size).toBe(0);
    expect(plan.publish).toBe(false);
    expect(plan.play.get('a')).toBe('mesh');
  });

  it('a small group talks directly', () => {
    const plan = planProximity(input({ linked: set('a', 'b'), prepared: set('a', 'b', 'c') }));
    expect([...plan.calls].sort()).toEqual(['a', 'b', 'c']);
    expect(plan.sfu.size).toBe(0);
    expect(plan.publish).toBe(false);
    // The prepared call plays too (carrying nothing yet), so the first words after linking are heard.
    expect([...plan.play.keys()].sort()).toEqual(['a', 'b', 'c']);
  });

  it('among a crowd every link goes through the SFU; prepared people get no call and no subscription', () => {
    const plan = planProximity(
      input({ selfCrowded: true, linked: set('a', 'b', 'c', 'd'), prepared: set('e') }),
    );
    expect(plan.calls.size).toBe(0);
    expect([...plan.sfu].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(plan.publish).toBe(true);
    expect(plan.transport.get('e')).toBe('sfu');
  });

  it('a link goes through the SFU when the other end is among a crowd, even if we are not', () => {
    const plan = planProximity(input({ linked: set('a', 'b'), crowded: (id) => id === 'a' }));
    expect([...plan.sfu]).toEqual(['a']);
    expect([...plan.calls]).toEqual(['b']);
    expect(plan.publish).toBe(true);
  });

  it('moving to the SFU keeps the direct call and plays it until the SFU carries them', () => {
    const before = planProximity(input({ selfCrowded: true, linked: set('a'), receivingMesh: set('a') }));
    expect([...before.calls]).toEqual(['a']);
    expect([...before.sfu]).toEqual(['a']);
    expect(before.play.get('a')).toBe('mesh');
    const after = planProximity(
      input({ selfCrowded: true, linked: set('a'), receivingMesh: set('a'), receivingSfu: set('a') }),
    );
    expect(after.calls.size).toBe(0);
    expect(after.play.get('a')).toBe('sfu');
  });

  it('moving back to a direct call keeps the SFU subscription until the call carries them', () => {
    const before = planProximity(input({ linked: set('a'), receivingSfu: set('a') }));
    expect([...before.calls]).toEqual(['a']);
    expect([...before.sfu]).toEqual(['a']);
    expect(before.play.get('a')).toBe('sfu');
    expect(before.publish).toBe(true);
    const after = planProximity(input({ linked: set('a'), receivingSfu: set('a'), receivingMesh: set('a') }));
    expect(after.sfu.size).toBe(0);
    expect(after.play.get('a')).toBe('mesh');
    expect(after.publish).toBe(false);
  });

  it('nobody unlinked is let in on the SFU, whatever arrives', () => {
    const plan = planProximity(
      input({ selfCrowded: true, linked: set('a'), prepared: set('b'), receivingSfu: set('b', 'x') }),
    );
    expect([...plan.sfu]).toEqual(['a']);
    expect(plan.play.has('b')).toBe(false);
  });
});
