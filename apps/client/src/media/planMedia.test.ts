import { describe, expect, it } from 'vitest';
import { EDGE_GAIN, videoBitratePerLink } from './mediaPolicy';
import { mediaModeFor, planMedia, type MediaState } from './planMedia';

const set = (...ids: string[]): Set<string> => new Set(ids);
const policy = { enterLinks: 4, exitLinks: 2 };

/** Ourselves at (100, 100); `a` close on the right, `b` at the enter radius on the left, `c` far away. */
function state(overrides: Partial<MediaState>): MediaState {
  return {
    selfId: 'me',
    mode: { kind: 'proximity' },
    positions: {
      self: { x: 100, y: 100 },
      others: new Map([
        ['a', { x: 110, y: 100 }],
        ['b', { x: -60, y: 100 }],
        ['c', { x: 900, y: 900 }],
        ['d', { x: 100, y: 120 }],
        ['e', { x: 100, y: 80 }],
      ]),
    },
    linked: set(),
    prepared: set(),
    crowdPolicy: undefined,
    wasCrowded: false,
    crowded: () => false,
    reachable: () => true,
    arrival: () => 'none',
    ...overrides,
  };
}

describe('planMedia on the campus (proximity)', () => {
  it('calls the linked and the prepared, sends only to the linked, and plays each at a gain for their distance', () => {
    const plan = planMedia(state({ linked: set('a', 'b'), prepared: set('a', 'b', 'c') }));
    expect([...plan.calls!].sort()).toEqual(['a', 'b', 'c']);
    expect([...plan.sending].sort()).toEqual(['a', 'b']);
    expect(plan.gains.get('a')).toEqual({ gain: 1, pan: expect.any(Number) });
    expect(plan.gains.get('a')!.pan).toBeGreaterThan(0);
    expect(plan.gains.get('b')).toEqual({ gain: EDGE_GAIN, pan: -0.8 });
    expect(plan.videoBitrate).toBe(videoBitratePerLink(2));
    expect(plan.silenceOthers).toBe(true);
    expect(plan.nearby.publish).toBe(false);
  });

  it.each([
    // linked → the bitrate each direct call is held to, given on every update (links changed or not)
    [['a'], videoBitratePerLink(1)],
    [['a', 'b'], videoBitratePerLink(2)],
    [[], 0],
  ] as const)('linked %j → every call held to %s bit/s', (linked, bitrate) => {
    expect(planMedia(state({ linked: set(...linked) })).videoBitrate).toBe(bitrate);
  });

  it('nobody linked or prepared: no calls, nothing played, every voice silenced', () => {
    const plan = planMedia(state({}));
    expect(plan.calls!.size).toBe(0);
    expect(plan.play.size).toBe(0);
    expect(plan.silenceOthers).toBe(true);
  });

  it('a crowd moves to the nearby SFU: we count ourselves crowded at the policy, publish, and call nobody', () => {
    const plan = planMedia(
      state({ crowdPolicy: policy, linked: set('a', 'b', 'd', 'e'), prepared: set('a', 'b', 'd', 'e') }),
    );
    expect(plan.crowded).toBe(true);
    expect(plan.calls!.size).toBe(0);
    expect(plan.sending.size).toBe(0);
    expect(plan.nearby).toEqual({ publish: true, sfu: set('a', 'b', 'd', 'e') });
    expect(plan.transport!.get('a')).toBe('sfu');
    expect(plan.videoBitrate).toBe(0);
  });

  it('a crowd stays on the SFU until it thins out below the exit count', () => {
    const three = planMedia(state({ crowdPolicy: policy, wasCrowded: true, linked: set('a', 'b', 'd') }));
    expect(three.crowded).toBe(true);
    const two = planMedia(state({ crowdPolicy: policy, wasCrowded: true, linked: set('a', 'b') }));
    expect(two.crowded).toBe(false);
    expect([...two.calls!].sort()).toEqual(['a', 'b']);
  });

  it('without an SFU a crowd still talks directly', () => {
    const plan = planMedia(state({ linked: set('a', 'b', 'd', 'e') }));
    expect(plan.crowded).toBe(false);
    expect(plan.calls!.size).toBe(4);
    expect(plan.nearby.publish).toBe(false);
  });
});

describe('planMedia in a classroom', () => {
  it('a mesh room calls every member up to the cap, sends to all, and plays them at full volume', () => {
    const plan = planMedia(
      state({ mode: { kind: 'classroom-mesh', members: ['me', 'a', 'b', 'c', 'd'], meshCap: 4 } }),
    );
    expect([...plan.calls!]).toEqual(['a', 'b', 'c']);
    expect([...plan.sending]).toEqual(['a', 'b', 'c']);
    expect([...plan.play]).toEqual([
      ['a', 'mesh'],
      ['b', 'mesh'],
      ['c', 'mesh'],
    ]);
    expect(plan.gains.get('c')).toEqual({ gain: 1, pan: 0 });
    expect(plan.videoBitrate).toBe(videoBitratePerLink(3));
    expect(plan.screenMembers).toEqual(['a', 'b', 'c']);
    // The room is one conversation: nothing through the campus-wide SFU, nobody else silenced by the plan.
    expect(plan.nearby).toEqual({ publish: false, sfu: set() });
    expect(plan.silenceOthers).toBe(false);
  });

  it('a member this screen shows walking out (RoomLeavers) is let go at once, in either kind of room', () => {
    const gone = new Set(['b']);
    const members = ['me', 'a', 'b', 'c'];
    const mesh = planMedia(state({ mode: { kind: 'classroom-mesh', members, meshCap: 3 }, gone }));
    // The one who left frees their place under the cap.
    expect([...mesh.calls!]).toEqual(['a', 'c']);
    expect([...mesh.sending]).toEqual(['a', 'c']);
    expect([...mesh.play.keys()]).toEqual(['a', 'c']);
    expect(mesh.screenMembers).toEqual(['a', 'c']);
    // Through the SFU, their voice is silenced here before the SFU stops sending it.
    const sfu = planMedia(state({ mode: { kind: 'classroom-sfu', members }, gone }));
    expect([...sfu.play.keys()]).toEqual(['me', 'a', 'c']);
    expect(sfu.silenceOthers).toBe(true);
    const everyone = planMedia(state({ mode: { kind: 'classroom-sfu', members } }));
    expect(everyone.silenceOthers).toBe(false);
    // Nobody gone: everyone called.
    const all = planMedia(state({ mode: { kind: 'classroom-mesh', members, meshCap: 8 } }));
    expect([...all.calls!]).toEqual(['a', 'b', 'c']);
  });

  it('a member without a media endpoint keeps a place in the cap but gets no call', () => {
    const plan = planMedia(
      state({
        mode: { kind: 'classroom-mesh', members: ['me', 'a', 'b'], meshCap: 8 },
        reachable: (id) => id !== 'a',
      }),
    );
    expect([...plan.calls!]).toEqual(['a', 'b']);
    expect([...plan.sending]).toEqual(['b']);
    expect([...plan.play.keys()]).toEqual(['b']);
    expect(plan.videoBitrate).toBe(videoBitratePerLink(2));
  });

  it('a LiveKit room leaves calls alone and plays every member through the SFU', () => {
    const plan = planMedia(state({ mode: { kind: 'classroom-sfu', members: ['me', 'a', 'b'] } }));
    expect(plan.calls).toBeUndefined();
    expect([...plan.play]).toEqual([
      ['me', 'sfu'],
      ['a', 'sfu'],
      ['b', 'sfu'],
    ]);
    expect(plan.gains.get('b')).toEqual({ gain: 1, pan: 0 });
    expect(plan.videoBitrate).toBeUndefined();
    expect(plan.screenMembers).toBeUndefined();
  });

  it('keeps the crowd flag and the proximity roads it had on the campus', () => {
    const plan = planMedia(state({ wasCrowded: true, mode: { kind: 'classroom-sfu', members: ['me'] } }));
    expect(plan.crowded).toBe(true);
    expect(plan.transport).toBeUndefined();
  });
});

describe('planMedia in a mesh classroom during a lesson', () => {
  const members = ['me', 't', 'a', 'b'];
  const lesson = (micsLocked: boolean, floor: string | null = null, active = true) => ({
    active,
    micsLocked,
    floor,
    teacher: { userId: 't', name: 'Ms. Rivera' },
  });
  it.each([
    // what the lesson says → whose voices play (everyone is still called and sent to)
    ['no lesson', undefined, ['t', 'a', 'b']],
    ['a lesson with microphones free', lesson(false), ['t', 'a', 'b']],
    ['microphones locked: only the teacher', lesson(true), ['t']],
    ['microphones locked, a has the floor: the teacher and a', lesson(true, 'a'), ['t', 'a']],
    ['microphones locked, the teacher holds the floor', lesson(true, 't'), ['t']],
    ['a lesson that ended with microphones locked', lesson(true, null, false), ['t', 'a', 'b']],
  ] as const)('%s → plays %j', (_what, hearing, played) => {
    const plan = planMedia(state({ mode: { kind: 'classroom-mesh', members, meshCap: 8 }, lesson: hearing }));
    expect([...plan.play.keys()]).toEqual(played);
    expect([...plan.gains.keys()]).toEqual(played);
    expect([...plan.calls!]).toEqual(['t', 'a', 'b']);
    expect([...plan.sending]).toEqual(['t', 'a', 'b']);
    // Someone hushed who was already playing is stopped, not left to play on.
    expect(plan.silenceOthers).toBe(played.length < 3);
  });

  it('a student who ignores the mute is not heard; given the floor, they are', () => {
    const mesh = { kind: 'classroom-mesh', members, meshCap: 8 } as const;
    expect(planMedia(state({ mode: mesh, lesson: lesson(true) })).play.has('a')).toBe(false);
    expect(planMedia(state({ mode: mesh, lesson: lesson(true, 'a') })).play.get('a')).toBe('mesh');
  });
});

describe('mediaModeFor', () => {
  const room = { members: ['me', 'a'], meshCap: 6 };
  it.each([
    ['on the campus', undefined, false, 'proximity'],
    ['a mesh room', room, false, 'classroom-mesh'],
    ['a LiveKit room with its SFU live', room, true, 'classroom-sfu'],
    ['a LiveKit room whose SFU was lost (fallback to direct calls)', room, false, 'classroom-mesh'],
  ] as const)('%s → %s', (_what, classroom, onSfu, kind) => {
    expect(mediaModeFor(classroom, onSfu).kind).toBe(kind);
  });

  it('the SFU lost: the room falls back to direct calls among its members, up to the mesh cap', () => {
    const members = ['me', 'a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const plan = planMedia(state({ mode: mediaModeFor({ members, meshCap: 6 }, false) }));
    expect([...plan.calls!]).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});
