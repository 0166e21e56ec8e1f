import { describe, expect, it } from 'vitest';
import { ChunkBitfield } from './ChunkBitfield';

describe('ChunkBitfield', () => {
  it('sets, tells and clears chunks, and counts them', () => {
    const field = new ChunkBitfield(10);
    expect(field.set(3)).toBe(true);
    expect(field.set(3)).toBe(false);
    expect(field.set(9)).toBe(true);
    expect(field.has(3)).toBe(true);
    expect(field.has(4)).toBe(false);
    expect(field.held).toBe(2);
    expect(field.missing()).toEqual([0, 1, 2, 4, 5, 6, 7, 8]);
    expect(field.clear(3)).toBe(true);
    expect(field.clear(3)).toBe(false);
    expect(field.held).toBe(1);
  });

  it('is complete when every chunk is held, and an empty file is complete from the start', () => {
    const field = ChunkBitfield.fromIndexes(3, [0, 1]);
    expect(field.complete).toBe(false);
    field.set(2);
    expect(field.complete).toBe(true);
    expect(field.missing()).toEqual([]);
    expect(new ChunkBitfield(0).complete).toBe(true);
  });

  it('lays bits out least significant first, byte by byte', () => {
    const field = ChunkBitfield.fromIndexes(12, [0, 2, 8, 11]);
    expect(field.toBytes()).toEqual(Uint8Array.of(0b0000_0101, 0b0000_1001));
    expect(new ChunkBitfield(16).toBytes().length).toBe(2);
    expect(new ChunkBitfield(17).toBytes().length).toBe(3);
  });

  it('round-trips through bytes and base64, for sizes on and off a byte boundary', () => {
    for (const count of [0, 1, 7, 8, 9, 100, 5000]) {
      const field = ChunkBitfield.fromIndexes(
        count,
        Array.from({ length: count }, (_, i) => i).filter((i) => i % 3 === 0 || i % 7 === 1),
      );
      const fromBytes = ChunkBitfield.fromBytes(count, field.toBytes());
      const fromBase64 = ChunkBitfield.fromBase64(count, field.toBase64());
      expect(fromBytes.toBytes()).toEqual(field.toBytes());
      expect(fromBase64.toBytes()).toEqual(field.toBytes());
      expect(fromBase64.held).toBe(field.held);
    }
  });

  it('resumes: what a store holds gives the rest as missing, in order', () => {
    const stored = new Set([4, 0, 1, 7, 5]);
    const field = ChunkBitfield.fromIndexes(9, stored);
    expect(field.held).toBe(5);
    expect(field.missing()).toEqual([2, 3, 6, 8]);
  });

  it('gives missing chunks across whole held bytes', () => {
    const field = ChunkBitfield.fromIndexes(
      20,
      Array.from({ length: 20 }, (_, i) => i),
    );
    field.clear(17);
    field.clear(3);
    expect(field.missing()).toEqual([3, 17]);
  });

  it('ignores bits past the end, so a padded byte does not make it complete', () => {
    const field = ChunkBitfield.fromBytes(3, Uint8Array.of(0xff));
    expect(field.held).toBe(3);
    expect(field.complete).toBe(true);
    expect(field.toBytes()).toEqual(Uint8Array.of(0b111));
    expect(ChunkBitfield.fromBytes(3, Uint8Array.of(0b1111_1010)).missing()).toEqual([0, 2]);
  });

  it('ignores indexes outside the file rather than throwing', () => {
    const field = ChunkBitfield.fromIndexes(4, [-1, 4, 1.5, NaN, 100, 2]);
    expect(field.held).toBe(1);
    expect(field.set(4)).toBe(false);
    expect(field.set(-1)).toBe(false);
    expect(field.has(Infinity)).toBe(false);
    expect(field.clear(99)).toBe(false);
    expect(field.toBytes()).toEqual(Uint8Array.of(0b0100));
  });

  it('throws only its documented RangeError for a wrong length, bad base64 or a bad count', () => {
    expect(() => ChunkBitfield.fromBytes(9, Uint8Array.of(1))).toThrow(RangeError);
    expect(() => ChunkBitfield.fromBytes(8, Uint8Array.of(1, 2))).toThrow(RangeError);
    expect(() => ChunkBitfield.fromBase64(8, '!!not base64!!')).toThrow(RangeError);
    expect(() => ChunkBitfield.fromBase64(8, 'AAAA')).toThrow(RangeError);
    expect(() => new ChunkBitfield(-1)).toThrow(RangeError);
    expect(() => new ChunkBitfield(2.5)).toThrow(RangeError);
  });
});
