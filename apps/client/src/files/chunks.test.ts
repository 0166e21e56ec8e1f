import { FILE_CHUNK_BYTES } from '@campus/protocol';
import { describe, expect, it } from 'vitest';
import { chunkCount, chunkRange, fromHex, toHex } from './chunks';

describe('chunkCount', () => {
  it.each([
    [0, 0],
    [1, 1],
    [FILE_CHUNK_BYTES - 1, 1],
    [FILE_CHUNK_BYTES, 1],
    [FILE_CHUNK_BYTES + 1, 2],
    [3 * FILE_CHUNK_BYTES + 5, 4],
  ])('a file of %i bytes has %i chunks of the protocol size', (size, count) => {
    expect(chunkCount(size)).toBe(count);
  });

  it('takes another chunk size, and refuses sizes that are not byte counts', () => {
    expect(chunkCount(10, 4)).toBe(3);
    expect(() => chunkCount(-1)).toThrow(RangeError);
    expect(() => chunkCount(1.5)).toThrow(RangeError);
    expect(() => chunkCount(10, 0)).toThrow(RangeError);
  });
});

describe('chunkRange', () => {
  it('covers the file end to end with every chunk full but the last', () => {
    expect([0, 1, 2].map((i) => chunkRange(10, i, 4))).toEqual([
      { start: 0, end: 4 },
      { start: 4, end: 8 },
      { start: 8, end: 10 },
    ]);
    expect(chunkRange(2 * FILE_CHUNK_BYTES, 1)).toEqual({
      start: FILE_CHUNK_BYTES,
      end: 2 * FILE_CHUNK_BYTES,
    });
  });

  it.each([-1, 3, 1.5, NaN])('throws a RangeError for index %d of a 3-chunk file', (index) => {
    expect(() => chunkRange(10, index, 4)).toThrow(RangeError);
  });

  it('has no chunk at all in an empty file', () => {
    expect(() => chunkRange(0, 0)).toThrow(RangeError);
  });
});

describe('toHex / fromHex', () => {
  it('round-trips every byte value', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const hex = toHex(bytes);
    expect(hex.slice(0, 8)).toBe('00010203');
    expect(hex.slice(-4)).toBe('feff');
    expect(fromHex(hex)).toEqual(bytes);
    expect(fromHex('ABcd')).toEqual(Uint8Array.of(0xab, 0xcd));
    expect(toHex(new Uint8Array(0))).toBe('');
  });

  it.each(['abc', 'zz', '0x12', 'a b '])('refuses %j', (hex) => {
    expect(() => fromHex(hex)).toThrow(RangeError);
  });
});
