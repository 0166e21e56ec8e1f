import { describe, expect, it } from 'vitest';
import { CALL_RETRY, MediaApplier } from './MediaApplier';
import type { NearbyConnection } from './NearbyConnection';
import type { PeerMesh } from './PeerMesh';
import type { MediaPlan } from './planMedia';
import type { SpatialMixer } from './SpatialMixer';

/** A mesh that records what it is asked to do: only the calls placed and hung up matter here. */
function fakeMesh() {
  const log: string[] = [];
  const mesh = {
    setVideoBitrate() {},
    setSending() {},
    call: (peerId: string) => log.push(`call ${peerId}`),
    hangUp: (peerId: string) => log.push(`hangUp ${peerId}`),
  } as unknown as PeerMesh;
  return { mesh, calls: () => log.filter((l) => l.startsWith('call')).length };
}

function applier(selfId = 'a') {
  const mixer = { add() {}, remove() {}, place() {}, streamOf: () => undefined } as unknown as SpatialMixer;
  const nearby = { apply() {}, streams: new Map() } as unknown as NearbyConnection;
  return new MediaApplier({ mixer, nearby, selfId: () => selfId, peerOf: (id) => `peer-${id}` });
}

const planCalling = (...ids: string[]): MediaPlan => ({
  calls: new Set(ids),
  sending: new Set(ids),
  play: new Map(),
  standby: new Map(),
  silenceOthers: false,
  gains: new Map(),
  videoBitrate: undefined,
  nearby: { publish: false, sfu: new Set() },
  transport: undefined,
  crowded: false,
  screenMembers: undefined,
});

/** Applies the plan every 100 ms from `from` to `to` and says when a call was placed. */
function run(a: MediaApplier, plan: MediaPlan, from: number, to: number) {
  const { mesh, calls } = fakeMesh();
  const placedAt: number[] = [];
  for (let t = from; t <= to; t += 100) {
    const before = calls();
    a.apply(plan, t, mesh, true);
    if (calls() > before) placedAt.push(t);
  }
  return placedAt;
}

describe('MediaApplier: placing calls', () => {
  it('the caller of a pair places the call once and waits longer before each further try, up to a cap', () => {
    const placedAt = run(applier('a'), planCalling('b'), 0, 60_000);
    const waits = placedAt.slice(1).map((t, i) => t - placedAt[i]!);
    expect(placedAt[0]).toBe(0);
    // The first wait is CALL_RETRY.firstMs; each is twice the last until CALL_RETRY.maxMs, then stays there.
    expect(waits.slice(0, 4)).toEqual([2600, 5100, 10_100, 10_100]);
    expect(Math.max(...waits)).toBeLessThanOrEqual(CALL_RETRY.maxMs + 100);
  });

  it('the other side of the pair never places it', () => {
    expect(run(applier('z'), planCalling('b'), 0, 30_000)).toEqual([]);
  });

  it('a call that connects is not placed again, and one to someone who leaves the plan and comes back starts afresh', () => {
    const a = applier('a');
    run(a, planCalling('b'), 0, 20_000);
    a.apply(planCalling(), 20_100, fakeMesh().mesh, true);
    expect(run(a, planCalling('b'), 20_200, 23_000)).toEqual([20_200, 22_800]);
    a.remoteStreams.set('b', {} as MediaStream);
    expect(run(a, planCalling('b'), 23_100, 60_000)).toEqual([]);
  });
});
