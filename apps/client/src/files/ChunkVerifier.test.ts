import { describe, expect, it } from 'vitest';
import { ChunkVerifier } from './ChunkVerifier';
import { hashFile } from './fileHashes';

const CHUNK = 16;

/** A file of three full chunks and a tail, its offer, and a verifier for it. */
async function fixture(size = 3 * CHUNK + 5) {
  const bytes = Uint8Array.from({ length: size }, (_, i) => (i * 7 + 3) & 0xff);
  const hashes = await hashFile(new Blob([bytes]), undefined, CHUNK);
  const expected = { size, sha256: hashes.sha256, chunkListHash: hashes.chunkListHash };
  return { bytes, hashes, expected, verifier: new ChunkVerifier(expected, CHUNK) };
}

const chunk = (bytes: Uint8Array, index: number) => bytes.slice(index * CHUNK, (index + 1) * CHUNK);
const flipped = (bytes: Uint8Array, at: number) => {
  const copy = bytes.slice();
  copy[at] = (copy[at] ?? 0) ^ 0x01;
  return copy;
};

describe('ChunkVerifier', () => {
  it('accepts the right list and then every right chunk, the short tail included', async () => {
    const { bytes, hashes, verifier } = await fixture();
    expect(verifier.count).toBe(4);
    expect(verifier.hasList).toBe(false);
    expect(await verifier.checkChunk(0, chunk(bytes, 0))).toBe('no-list');
    expect(await verifier.acceptList(hashes.chunkHashes)).toBe(true);
    expect(verifier.hasList).toBe(true);
    for (let i = 0; i < 4; i++) expect(await verifier.checkChunk(i, chunk(bytes, i))).toBe('ok');
  });

  it('refuses a chunk with one byte flipped, a short chunk, and a chunk that is not where it was asked', async () => {
    const { bytes, hashes, verifier } = await fixture();
    await verifier.acceptList(hashes.chunkHashes);
    expect(await verifier.checkChunk(1, flipped(chunk(bytes, 1), 5))).toBe('bad-hash');
    expect(await verifier.checkChunk(3, flipped(chunk(bytes, 3), 4))).toBe('bad-hash');
    expect(await verifier.checkChunk(1, chunk(bytes, 1).subarray(0, CHUNK - 1))).toBe('bad-length');
    expect(await verifier.checkChunk(3, chunk(bytes, 2))).toBe('bad-length');
    expect(await verifier.checkChunk(2, chunk(bytes, 1))).toBe('bad-hash');
    expect(await verifier.checkChunk(4, chunk(bytes, 3))).toBe('bad-length');
    expect(await verifier.checkChunk(-1, chunk(bytes, 0))).toBe('bad-length');
  });

  it('refuses the chunk list of another file, or a list cut short, and keeps none', async () => {
    const { verifier, hashes } = await fixture();
    const other = await fixture(3 * CHUNK + 6);
    expect(await verifier.acceptList(other.hashes.chunkHashes)).toBe(false);
    expect(await verifier.acceptList(flipped(hashes.chunkHashes, 40))).toBe(false);
    expect(await verifier.acceptList(hashes.chunkHashes.subarray(0, 96))).toBe(false);
    expect(verifier.hasList).toBe(false);
  });

  it('keeps an accepted list when a bad one comes later, and is not fooled by the caller reusing its buffer', async () => {
    const { bytes, hashes, verifier } = await fixture();
    const given = hashes.chunkHashes.slice();
    expect(await verifier.acceptList(given)).toBe(true);
    given.fill(0);
    expect(await verifier.acceptList(given)).toBe(false);
    expect(verifier.hasList).toBe(true);
    expect(await verifier.checkChunk(2, chunk(bytes, 2))).toBe('ok');
  });

  it('passes the whole file, and fails a truncated one by size and a same-size flipped one by hash', async () => {
    const { bytes, verifier } = await fixture();
    const progress: number[] = [];
    expect(await verifier.verifyWhole(new Blob([bytes]), (n) => progress.push(n))).toEqual({ ok: true });
    expect(progress).toEqual([53]); // a window of 16 chunks per read: one read here
    const read: number[] = [];
    expect(await verifier.verifyWhole(new Blob([bytes.subarray(0, 40)]), (n) => read.push(n))).toEqual({
      ok: false,
      reason: 'wrong-size',
    });
    expect(read).toEqual([]);
    expect(await verifier.verifyWhole(new Blob([flipped(bytes, 20)]))).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('with a wrong total size expected, the last chunk length disagrees (or the list does)', async () => {
    const { bytes, hashes, expected } = await fixture();
    const longer = new ChunkVerifier({ ...expected, size: expected.size + 1 }, CHUNK);
    expect(await longer.checkChunk(3, chunk(bytes, 3))).toBe('bad-length');
    expect(await longer.checkChunk(0, chunk(bytes, 0))).toBe('no-list');
    const shorter = new ChunkVerifier({ ...expected, size: 3 * CHUNK }, CHUNK);
    expect(await shorter.acceptList(hashes.chunkHashes)).toBe(false);
    expect(await shorter.checkChunk(3, chunk(bytes, 3))).toBe('bad-length');
  });

  it('verifies an empty file', async () => {
    const { verifier } = await fixture(0);
    expect(verifier.count).toBe(0);
    expect(await verifier.acceptList(new Uint8Array(0))).toBe(true);
    expect(await verifier.verifyWhole(new Blob([]))).toEqual({ ok: true });
  });
});
