import { FILE_CHUNK_BYTES } from '@campus/protocol';
import { sha256 } from '@noble/hashes/sha2';
import { chunkCount, chunkRange, toHex } from './chunks';
import { READ_WINDOW, chunkListHashOf, sha256Hex } from './fileHashes';

/** What checking a whole downloaded file found. */
export type WholeVerdict = { ok: true } | { ok: false; reason: 'wrong-size' | 'mismatch' };

/** Checks what peers send against an offer's hashes: first the chunk list, then each chunk, then the whole file. */
export class ChunkVerifier {
  readonly count: number;
  #list: Uint8Array | undefined;

  constructor(
    private readonly expected: { size: number; sha256: string; chunkListHash: string },
    private readonly chunkBytes = FILE_CHUNK_BYTES,
  ) {
    this.count = chunkCount(expected.size, chunkBytes);
  }

  /** Whether a chunk list has been accepted, so chunks can be checked. */
  get hasList(): boolean {
    return this.#list !== undefined;
  }

  /**
   * Keeps a peer's chunk list if it is this file's (its SHA-256 is the offer's `chunkListHash`); a list that is not
   * is refused and leaves whatever list was accepted before.
   */
  async acceptList(hashes: Uint8Array): Promise<boolean> {
    if (hashes.length !== this.count * 32) return false;
    // Copied before hashing, so the bytes kept are the bytes checked even if the caller reuses its buffer.
    const list = hashes.slice();
    if ((await chunkListHashOf(list)) !== this.expected.chunkListHash.toLowerCase()) return false;
    this.#list ??= list;
    return true;
  }

  /** Checks one chunk's bytes; an index outside the file is 'bad-length', since no bytes can be right for it. */
  async checkChunk(index: number, bytes: Uint8Array): Promise<'ok' | 'bad-length' | 'bad-hash' | 'no-list'> {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) return 'bad-length';
    const { start, end } = chunkRange(this.expected.size, index, this.chunkBytes);
    if (bytes.length !== end - start) return 'bad-length';
    const list = this.#list;
    if (list === undefined) return 'no-list';
    const want = toHex(list.subarray(index * 32, index * 32 + 32));
    return (await sha256Hex(bytes)) === want ? 'ok' : 'bad-hash';
  }

  /** Checks a whole assembled file against the offer's size and SHA-256, reading it a window at a time. */
  async verifyWhole(blob: Blob, onProgress?: (bytes: number) => void): Promise<WholeVerdict> {
    // A truncated or padded file shows here without reading a byte.
    if (blob.size !== this.expected.size) return { ok: false, reason: 'wrong-size' };
    const hash = sha256.create();
    const window = READ_WINDOW * this.chunkBytes;
    for (let start = 0; start < blob.size; start += window) {
      const end = Math.min(blob.size, start + window);
      hash.update(new Uint8Array(await blob.slice(start, end).arrayBuffer()));
      onProgress?.(end);
    }
    if (this.count === 0) onProgress?.(0);
    return toHex(hash.digest()) === this.expected.sha256.toLowerCase()
      ? { ok: true }
      : { ok: false, reason: 'mismatch' };
  }
}
