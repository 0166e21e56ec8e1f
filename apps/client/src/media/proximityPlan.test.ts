import { describe, expect, it } from 'vitest';
import { nextCrowded, planProximity, type LinkTransport, type ProximityInput } from './proximityPlan';
import type { Arrival } from './RoadArrivals';

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
    arrival: () => 'none',
    ...overrides,
  };
}

/** How far each person's voice has come by each road, e.g. `roads({ a: { mesh: 'settled', sfu: 'present' } })`. */
const roads =
  (table: Record<string, Partial<Record<LinkTransport, Arrival>>>) =>
  (userId: string, road: LinkTransport): Arrival =>
    table[userId]?.[road] ?? 'none';

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

  it.each<
    [string, Arrival, Arrival, { call: boolean; sfu: boolean; play: LinkTransport; standby?: LinkTransport }]
  >([
    ['nothing by the SFU yet', 'settled', 'none', { call: true, sfu: true, play: 'mesh' }],
    [
      'subscribed, no audio yet: heard by call, SFU warmed',
      'settled',
      'present',
      { call: true, sfu: true, play: 'mesh', standby: 'sfu' },
    ],
    [
      'audio flows by the SFU: heard there, call kept warm',
      'settled',
      'flowing',
      { call: true, sfu: true, play: 'sfu', standby: 'mesh' },
    ],
    ['the SFU has settled: the call goes', 'settled', 'settled', { call: false, sfu: true, play: 'sfu' }],
    ['the call had dropped already', 'none', 'present', { call: false, sfu: true, play: 'sfu' }],
  ])('moving to the SFU, %s', (_what, mesh, sfu, expected) => {
    const plan = planProximity(
      input({ selfCrowded: true, linked: set('a'), arrival: roads({ a: { mesh, sfu } }) }),
    );
    expect(plan.transport.get('a')).toBe('sfu');
    expect(plan.calls.has('a')).toBe(expected.call);
    expect(plan.sfu.has('a')).toBe(expected.sfu);
    expect(plan.play.get('a')).toBe(expected.play);
    expect(plan.standby.get('a')).toBe(expected.standby);
    expect(plan.publish).toBe(true);
  });

  it.each<
    [
      string,
      Arrival,
      Arrival,
      { sfu: boolean; play: LinkTransport; standby?: LinkTransport; publish: boolean },
    ]
  >([
    ['no call yet', 'none', 'settled', { sfu: true, play: 'sfu', publish: true }],
    [
      'the call is up, no audio yet: heard by the SFU, call warmed',
      'present',
      'settled',
      { sfu: true, play: 'sfu', standby: 'mesh', publish: true },
    ],
    [
      'audio flows by the call: heard there, SFU kept warm',
      'flowing',
      'settled',
      { sfu: true, play: 'mesh', standby: 'sfu', publish: true },
    ],
    [
      'the call has settled: the SFU lets go',
      'settled',
      'settled',
      { sfu: false, play: 'mesh', publish: false },
    ],
  ])('moving back to a direct call, %s', (_what, mesh, sfu, expected) => {
    const plan = planProximity(input({ linked: set('a'), arrival: roads({ a: { mesh, sfu } }) }));
    expect(plan.transport.get('a')).toBe('mesh');
    expect(plan.calls.has('a')).toBe(true);
    expect(plan.sfu.has('a')).toBe(expected.sfu);
    expect(plan.play.get('a')).toBe(expected.play);
    expect(plan.standby.get('a')).toBe(expected.standby);
    expect(plan.publish).toBe(expected.publish);
  });

  it('nobody unlinked is let in on the SFU, whatever arrives', () => {
    const plan = planProximity(
      input({
        selfCrowded: true,
        linked: set('a'),
        prepared: set('b'),
        arrival: roads({ b: { sfu: 'settled' }, x: { sfu: 'settled' } }),
      }),
    );
    expect([...plan.sfu]).toEqual(['a']);
    expect(plan.play.has('b')).toBe(false);
  });
});
