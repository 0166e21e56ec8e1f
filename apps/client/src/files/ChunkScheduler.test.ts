import { describe, expect, it } from 'vitest';
import { ChunkBitfield } from './ChunkBitfield';
import { ChunkScheduler } from './ChunkScheduler';

type Options = ConstructorParameters<typeof ChunkScheduler>[1];

function scheduler(count: number, options: Partial<Options> = {}) {
  const have = options.have ?? new ChunkBitfield(count);
  return new ChunkScheduler(count, { origin: 'O', ...options, have });
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/** The indexes asked of each holder, in the order asked. */
function byHolder(requests: Array<{ holder: string; index: number }>): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const { holder, index } of requests) (out[holder] ??= []).push(index);
  return out;
}

describe('ChunkScheduler', () => {
  it('asks a single holder for chunks in order, up to perHolder at once, and more as they arrive', () => {
    const s = scheduler(20);
    s.addHolder('O', 'all');
    expect(byHolder(s.next(0))).toEqual({ O: range(0, 8) });
    expect(s.next(1)).toEqual([]);
    expect(s.inFlight('O')).toBe(8);
    s.received('O', 0);
    s.received('O', 1);
    expect(byHolder(s.next(2))).toEqual({ O: [8, 9] });
  });

  it('never asks for what this browser already holds (a resumed download)', () => {
    const s = scheduler(6, { have: ChunkBitfield.fromIndexes(6, [0, 2, 3]) });
    s.addHolder('O', 'all');
    expect(byHolder(s.next(0))).toEqual({ O: [1, 4, 5] });
  });

  it.each([
    { what: 'a one-to-one offer', share: undefined },
    { what: 'a room offer', share: { rank: 0, of: 2 } },
  ])('in $what, asks a peer for the half it has and the origin for the rest', ({ share }) => {
    const s = scheduler(16, share ? { share } : {});
    s.addHolder('O', 'all');
    s.addHolder('B', ChunkBitfield.fromIndexes(16, range(0, 8)));
    const asked = byHolder(s.next(0));
    expect(asked['B']).toEqual(range(0, 8));
    expect(asked['O']?.sort((a, b) => a - b)).toEqual(share ? [8, 10, 12, 14] : range(8, 16));
  });

  it('asks peers for their rarest chunks first', () => {
    const s = scheduler(6, { perHolder: 2 });
    s.addHolder('B', ChunkBitfield.fromIndexes(6, [0, 1, 2, 3]));
    s.addHolder('C', ChunkBitfield.fromIndexes(6, [2, 3, 4, 5]));
    expect(byHolder(s.next(0))).toEqual({ B: [0, 1], C: [4, 5] });
  });

  it('asks the origin only for its share until patience runs out, then for the rest too', () => {
    const s = scheduler(12, { share: { rank: 1, of: 3 }, patienceMs: 1500 });
    s.addHolder('O', 'all');
    s.addHolder('A', new ChunkBitfield(12));
    s.addHolder('C', new ChunkBitfield(12));
    expect(byHolder(s.next(0))).toEqual({ O: [1, 4, 7, 10] });
    s.updateHolder('A', 0);
    expect(byHolder(s.next(100))).toEqual({ A: [0] });
    expect(s.next(1499)).toEqual([]);
    expect(byHolder(s.next(1500))).toEqual({ O: [2, 3, 5, 6] });
  });

  it('follows a new share when the room’s downloaders change', () => {
    const s = scheduler(8, { share: { rank: 0, of: 2 } });
    s.addHolder('O', 'all');
    s.addHolder('B', new ChunkBitfield(8));
    expect(byHolder(s.next(0))).toEqual({ O: [0, 2, 4, 6] });
    s.setShare({ rank: 1, of: 2 });
    expect(byHolder(s.next(1))).toEqual({ O: [1, 3, 5, 7] });
    expect(() => s.setShare({ rank: 2, of: 2 })).toThrow(RangeError);
  });

  it('asks the origin for everything when no other holder is there, whatever the share', () => {
    const s = scheduler(6, { share: { rank: 1, of: 3 } });
    s.addHolder('O', 'all');
    expect(byHolder(s.next(0))).toEqual({ O: range(0, 6) });
  });

  it('starts the patience clock only once the origin has nothing of our share left to send', () => {
    const s = scheduler(10, { share: { rank: 0, of: 2 }, perHolder: 4, patienceMs: 1000 });
    s.addHolder('O', 'all');
    s.addHolder('B', new ChunkBitfield(10));
    expect(byHolder(s.next(0))).toEqual({ O: [0, 2, 4, 6] });
    for (const i of [0, 2, 4, 6]) s.received('O', i);
    expect(byHolder(s.next(5000))).toEqual({ O: [8] });
    expect(s.next(5999)).toEqual([]);
    expect(byHolder(s.next(6000))).toEqual({ O: [1, 3, 5] });
  });

  it('re-asks a bad chunk of another holder, and of the same one only if nobody else has it', () => {
    const s = scheduler(1);
    s.addHolder('O', 'all');
    s.addHolder('B', 'all');
    expect(s.next(0)).toEqual([{ holder: 'B', index: 0 }]);
    expect(s.failed('B', 0, 'bad')).toEqual({ dropped: false });
    expect(s.next(1)).toEqual([{ holder: 'O', index: 0 }]);
    expect(s.failed('O', 0, 'lost')).toEqual({ dropped: false });
    expect(s.next(2)).toHaveLength(1);

    const alone = scheduler(1);
    alone.addHolder('O', 'all');
    alone.next(0);
    alone.failed('O', 0, 'lost');
    expect(alone.next(1)).toEqual([{ holder: 'O', index: 0 }]);
  });

  it('asks the origin at once for a chunk outside its share that the only peer with it sent bad', () => {
    const s = scheduler(3, { share: { rank: 0, of: 3 } });
    s.addHolder('O', 'all');
    s.addHolder('B', ChunkBitfield.fromIndexes(3, [1]));
    expect(byHolder(s.next(0))).toEqual({ B: [1], O: [0] });
    s.failed('B', 1, 'bad');
    expect(byHolder(s.next(1))).toEqual({ O: [1] });
  });

  it('drops a holder after two bad chunks and never asks it again', () => {
    const s = scheduler(4);
    s.addHolder('O', 'all');
    s.addHolder('B', 'all');
    expect(byHolder(s.next(0))['B']).toEqual(range(0, 4));
    expect(s.failed('B', 0, 'bad')).toEqual({ dropped: false });
    expect(s.failed('B', 1, 'lost')).toEqual({ dropped: false });
    expect(s.failed('B', 2, 'bad')).toEqual({ dropped: true });
    expect(s.holders()).toEqual(['O']);
    expect(s.inFlight('B')).toBe(0);
    s.addHolder('B', 'all');
    expect(byHolder(s.next(1))).toEqual({ O: range(0, 4) });
    expect(s.holders()).toEqual(['O']);
  });

  it('gives a removed holder’s chunks to the others', () => {
    const s = scheduler(8, { perHolder: 4 });
    s.addHolder('O', 'all');
    s.addHolder('B', 'all');
    expect(byHolder(s.next(0))).toEqual({ B: range(0, 4), O: range(4, 8) });
    s.removeHolder('B');
    expect(s.inFlight('B')).toBe(0);
    expect(s.holders()).toEqual(['O']);
    for (const i of range(4, 8)) s.received('O', i);
    expect(byHolder(s.next(1))).toEqual({ O: range(0, 4) });
  });

  it('is done once every chunk is received, and asks for nothing more', () => {
    const have = new ChunkBitfield(3);
    const s = scheduler(3, { have });
    s.addHolder('O', 'all');
    for (const { holder, index } of s.next(0)) s.received(holder, index);
    expect(s.done).toBe(true);
    expect(have.complete).toBe(true);
    expect(s.next(1)).toEqual([]);
    expect(s.inFlight('O')).toBe(0);
  });

  it('keeps its own copy of a holder’s bitfield', () => {
    const given = ChunkBitfield.fromIndexes(4, [0]);
    const s = scheduler(4);
    s.addHolder('B', given);
    s.updateHolder('B', 1);
    expect(given.has(1)).toBe(false);
    expect(byHolder(s.next(0))).toEqual({ B: [0, 1] });
  });

  it('in a room of three downloaders, has the origin upload each chunk about once', () => {
    const count = 90;
    const names = ['A', 'B', 'C'];
    const origin = new Map<number, number>();
    const downloaders = names.map((me, rank) => {
      const s = scheduler(count, { share: { rank, of: 3 } });
      s.addHolder('O', 'all');
      for (const other of names) if (other !== me) s.addHolder(other, new ChunkBitfield(count));
      return { me, s, pending: [] as Array<{ holder: string; index: number }> };
    });
    for (let now = 0; now < 60_000 && downloaders.some((d) => !d.s.done); now += 100) {
      for (const d of downloaders) {
        for (const { holder, index } of d.pending) {
          d.s.received(holder, index);
          for (const other of downloaders) if (other !== d) other.s.updateHolder(d.me, index);
        }
        d.pending = d.s.next(now);
        for (const r of d.pending) if (r.holder === 'O') origin.set(r.index, (origin.get(r.index) ?? 0) + 1);
      }
    }
    expect(downloaders.every((d) => d.s.done)).toBe(true);
    const uploads = [...origin.values()].reduce((a, b) => a + b, 0);
    expect(origin.size).toBe(count);
    // In lock step every peer keeps up, so nothing waits out its patience: each chunk leaves the origin once.
    expect(uploads).toBe(count);
  });

  it('refuses options that cannot describe a download', () => {
    expect(() => scheduler(4, { have: new ChunkBitfield(5) })).toThrow(RangeError);
    expect(() => scheduler(4, { share: { rank: 3, of: 3 } })).toThrow(RangeError);
    expect(() => scheduler(4, { perHolder: 0 })).toThrow(RangeError);
  });
});
