import { FILE_CHUNK_BYTES } from '@campus/protocol';
import { sha256 } from '@noble/hashes/sha2';
import { chunkCount, chunkRange, toHex } from './chunks';

/** What an offer says about a file's bytes: its SHA-256, each chunk's SHA-256, and the hash of that list. */
export interface FileHashes {
  /** The whole file's SHA-256, lower-case hex. */
  sha256: string;
  /** Every chunk's SHA-256, 32 bytes each, in order. */
  chunkHashes: Uint8Array;
  /** The SHA-256 of `chunkHashes`, lower-case hex. */
  chunkListHash: string;
}

/** Chunks read from a file at once (2 MiB): the memory a hash or a check holds, never the whole file. */
export const READ_WINDOW = 16;

/** Hashes a file chunk by chunk, holding at most a window of chunks in memory. */
export async function hashFile(
  blob: Blob,
  onProgress?: (hashedBytes: number) => void,
  chunkBytes = FILE_CHUNK_BYTES,
): Promise<FileHashes> {
  const count = chunkCount(blob.size, chunkBytes);
  const chunkHashes = new Uint8Array(count * 32);
  // Web Crypto has no incremental digest, and a whole file may not fit in memory: the whole-file hash streams.
  const whole = sha256.create();
  // Read a window of chunks at a time: each read is a trip to the browser's file service, slow on a busy machine.
  for (let first = 0; first < count; first += READ_WINDOW) {
    const last = Math.min(count, first + READ_WINDOW) - 1;
    const offset = chunkRange(blob.size, first, chunkBytes).start;
    const windowEnd = chunkRange(blob.size, last, chunkBytes).end;
    const window = new Uint8Array(await blob.slice(offset, windowEnd).arrayBuffer());
    const digests: Array<Promise<ArrayBuffer>> = [];
    for (let index = first; index <= last; index++) {
      const { start, end } = chunkRange(blob.size, index, chunkBytes);
      const bytes = window.subarray(start - offset, end - offset);
      whole.update(bytes);
      digests.push(crypto.subtle.digest('SHA-256', bytes));
    }
    const done = await Promise.all(digests);
    done.forEach((digest, i) => chunkHashes.set(new Uint8Array(digest), (first + i) * 32));
    onProgress?.(windowEnd);
  }
  if (count === 0) onProgress?.(0);
  return { sha256: toHex(whole.digest()), chunkHashes, chunkListHash: await chunkListHashOf(chunkHashes) };
}

/** The hash an offer carries for a chunk list: the SHA-256 of the chunk hashes one after the other. */
export function chunkListHashOf(chunkHashes: Uint8Array): Promise<string> {
  return sha256Hex(chunkHashes);
}

/** The SHA-256 of some bytes in lower-case hex, by Web Crypto. */
export async function sha256Hex(bytes: Uint8Array | ArrayBuffer): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', digestible(bytes))));
}

// Web Crypto takes no view of a SharedArrayBuffer, so such a view (rare) is copied first.
function digestible(bytes: Uint8Array | ArrayBuffer): ArrayBuffer | Uint8Array<ArrayBuffer> {
  if (bytes instanceof ArrayBuffer) return bytes;
  return bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
}
