import { describe, expect, it } from 'vitest';
import { RoadArrivals, type AudioReceiver } from './RoadArrivals';

const timing = { pollMs: 100, patienceMs: 2000, settleMs: 1000, maxSettleMs: 5000 };

/** A receiver whose inbound audio packet count the test sets; it counts how often its stats are read. */
function receiver() {
  const r = {
    packets: 0,
    reads: 0,
    getStats: async () => {
      r.reads++;
      const entries = [
        { type: 'inbound-rtp', kind: 'audio', packetsReceived: r.packets },
        { type: 'inbound-rtp', kind: 'video', packetsReceived: 500 },
      ];
      return { forEach: (each: (e: Record<string, unknown>) => void) => entries.forEach(each) };
    },
  };
  return r satisfies AudioReceiver;
}

const flush = () => new Promise((r) => setTimeout(r, 0));
const none = new Map<string, AudioReceiver>();

describe('RoadArrivals', () => {
  it('a stream is present until audio packets arrive, flowing from then, settled a second later', async () => {
    const arrivals = new RoadArrivals(timing);
    const r = receiver();
    const at = (now: number) => arrivals.observe(now, { mesh: none, sfu: new Map([['bo', r]]) });
    expect(at(0)('bo', 'sfu')).toBe('present');
    await flush();
    expect(at(100)('bo', 'sfu')).toBe('present');
    r.packets = 3; // video packets alone never counted
    await flush();
    expect(at(200)('bo', 'sfu')).toBe('present');
    await flush();
    expect(at(250)('bo', 'sfu')).toBe('flowing');
    expect(at(1150)('bo', 'sfu')).toBe('flowing');
    expect(at(1200)('bo', 'sfu')).toBe('settled');
    expect(at(1200)('bo', 'mesh')).toBe('none');
  });

  it('reads stats at most once per poll interval, one read at a time, and stops once flowing', async () => {
    const arrivals = new RoadArrivals(timing);
    const r = receiver();
    for (let t = 0; t < 100; t += 10) arrivals.observe(t, { mesh: new Map([['bo', r]]), sfu: none });
    expect(r.reads).toBe(1);
    r.packets = 1;
    await flush();
    arrivals.observe(100, { mesh: new Map([['bo', r]]), sfu: none });
    await flush();
    for (let t = 200; t < 1000; t += 100) arrivals.observe(t, { mesh: new Map([['bo', r]]), sfu: none });
    expect(r.reads).toBe(2);
  });

  it('a stream that carries nothing for the patience counts as flowing, and settled (a muted sender)', async () => {
    const arrivals = new RoadArrivals(timing);
    const r = receiver();
    const at = (now: number) =>
      arrivals.observe(now, { mesh: new Map([['bo', r]]), sfu: none })('bo', 'mesh');
    expect(at(0)).toBe('present');
    await flush();
    expect(at(1999)).toBe('present');
    expect(at(2000)).toBe('settled');
  });

  it('a new receiver for the same person starts over; one no longer there is none', async () => {
    const arrivals = new RoadArrivals(timing);
    const first = receiver();
    first.packets = 10;
    arrivals.observe(0, { mesh: new Map([['bo', first]]), sfu: none });
    await flush();
    expect(arrivals.observe(1500, { mesh: new Map([['bo', first]]), sfu: none })('bo', 'mesh')).toBe(
      'settled',
    );
    const second = receiver();
    expect(arrivals.observe(1600, { mesh: new Map([['bo', second]]), sfu: none })('bo', 'mesh')).toBe(
      'present',
    );
    expect(arrivals.observe(1700, { mesh: none, sfu: none })('bo', 'mesh')).toBe('none');
  });

  it('a stream without a receiver yet is not watched', () => {
    const arrivals = new RoadArrivals(timing);
    expect(arrivals.observe(0, { mesh: new Map([['bo', undefined]]), sfu: none })('bo', 'mesh')).toBe('none');
  });
});

describe('RoadArrivals settling', () => {
  it('a road that took long to come stays flowing as long again before it settles (the other end is as slow)', async () => {
    const arrivals = new RoadArrivals(timing);
    const r = receiver();
    const wanted = new Map([['bo', 'sfu' as const]]);
    // Wanted at 0; the SFU delivers the stream at 1200 with audio flowing: it took 1200 ms to come.
    arrivals.observe(0, { mesh: none, sfu: none }, wanted);
    r.packets = 5;
    arrivals.observe(1200, { mesh: none, sfu: new Map([['bo', r]]) }, wanted);
    await flush();
    const at = (now: number) =>
      arrivals.observe(now, { mesh: none, sfu: new Map([['bo', r]]) }, wanted)('bo', 'sfu');
    expect(at(1300)).toBe('flowing');
    expect(at(1200 + 1000)).toBe('flowing');
    expect(at(1200 + 1199)).toBe('flowing');
    expect(at(1200 + 1200)).toBe('settled');
  });

  it('waits at most maxSettleMs however long the road took', async () => {
    const arrivals = new RoadArrivals(timing);
    const r = receiver();
    const wanted = new Map([['bo', 'mesh' as const]]);
    arrivals.observe(0, { mesh: none, sfu: none }, wanted);
    r.packets = 1;
    arrivals.observe(9000, { mesh: new Map([['bo', r]]), sfu: none }, wanted);
    await flush();
    const at = (now: number) =>
      arrivals.observe(now, { mesh: new Map([['bo', r]]), sfu: none }, wanted)('bo', 'mesh');
    expect(at(9000 + 4999)).toBe('flowing');
    expect(at(9000 + 5000)).toBe('settled');
  });

  it('a road no longer wanted and wanted again is timed afresh', async () => {
    const arrivals = new RoadArrivals(timing);
    const r = receiver();
    arrivals.observe(0, { mesh: none, sfu: none }, new Map([['bo', 'sfu' as const]]));
    arrivals.observe(3000, { mesh: none, sfu: none }, new Map([['bo', 'mesh' as const]]));
    const wanted = new Map([['bo', 'sfu' as const]]);
    arrivals.observe(4000, { mesh: none, sfu: none }, wanted);
    r.packets = 1;
    arrivals.observe(4100, { mesh: none, sfu: new Map([['bo', r]]) }, wanted);
    await flush();
    const at = (now: number) =>
      arrivals.observe(now, { mesh: none, sfu: new Map([['bo', r]]) }, wanted)('bo', 'sfu');
    // It took 100 ms this time, not 4100: the minimum settle applies.
    expect(at(4100 + 999)).toBe('flowing');
    expect(at(4100 + 1000)).toBe('settled');
  });
});
