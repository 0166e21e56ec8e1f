import { FILE_CHUNK_BYTES } from '@campus/protocol';
import { sha256 } from '@noble/hashes/sha2';
import { describe, expect, it } from 'vitest';
import { toHex } from './chunks';
import { chunkListHashOf, hashFile, sha256Hex } from './fileHashes';

const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const text = (s: string) => new TextEncoder().encode(s);

/** Bytes that differ from chunk to chunk, so a chunk hashed out of place would show. */
function pattern(length: number): Uint8Array<ArrayBuffer> {
  return Uint8Array.from({ length }, (_, i) => (i * 31 + (i >> 8)) & 0xff);
}

describe('sha256Hex', () => {
  it('gives the published SHA-256 vectors, from a view or a buffer', async () => {
    expect(await sha256Hex(new Uint8Array(0))).toBe(EMPTY);
    expect(await sha256Hex(text('abc'))).toBe(ABC);
    expect(await sha256Hex(text('abc').buffer)).toBe(ABC);
  });

  it('hashes only the bytes a view shows, not its whole buffer', async () => {
    const buffer = text('xxabcxx');
    expect(await sha256Hex(buffer.subarray(2, 5))).toBe(ABC);
  });

  it('agrees with the incremental hash used for whole files', async () => {
    const bytes = pattern(1000);
    expect(await sha256Hex(bytes)).toBe(toHex(sha256(bytes)));
  });
});

describe('hashFile', () => {
  it('hashes three chunks and a tail: each chunk, the list, and the whole file', async () => {
    const chunkBytes = 64;
    const bytes = pattern(3 * chunkBytes + 10);
    const progress: number[] = [];
    const hashes = await hashFile(new Blob([bytes]), (n) => progress.push(n), chunkBytes);

    expect(hashes.chunkHashes.length).toBe(4 * 32);
    for (let i = 0; i < 4; i++) {
      const slice = bytes.subarray(i * chunkBytes, Math.min(bytes.length, (i + 1) * chunkBytes));
      expect(toHex(hashes.chunkHashes.subarray(i * 32, (i + 1) * 32))).toBe(await sha256Hex(slice));
    }
    expect(hashes.chunkListHash).toBe(await sha256Hex(hashes.chunkHashes));
    expect(hashes.chunkListHash).toBe(await chunkListHashOf(hashes.chunkHashes));
    expect(hashes.sha256).toBe(await sha256Hex(bytes));
    expect(progress).toEqual([202]); // read a window of 16 chunks at a time: these four are one read
  });

  it('hashes a file of exactly whole chunks with no empty tail', async () => {
    const bytes = pattern(128);
    const hashes = await hashFile(new Blob([bytes]), undefined, 64);
    expect(hashes.chunkHashes.length).toBe(2 * 32);
    expect(hashes.sha256).toBe(await sha256Hex(bytes));
  });

  it('uses the protocol chunk size by default', async () => {
    const bytes = pattern(FILE_CHUNK_BYTES + 1);
    const hashes = await hashFile(new Blob([bytes]));
    expect(hashes.chunkHashes.length).toBe(2 * 32);
    expect(toHex(hashes.chunkHashes.subarray(32))).toBe(await sha256Hex(bytes.subarray(FILE_CHUNK_BYTES)));
  });

  it('gives an empty file the empty hash, no chunks, and progress 0', async () => {
    const progress: number[] = [];
    const hashes = await hashFile(new Blob([]), (n) => progress.push(n));
    expect(hashes).toEqual({ sha256: EMPTY, chunkHashes: new Uint8Array(0), chunkListHash: EMPTY });
    expect(progress).toEqual([0]);
  });
});
