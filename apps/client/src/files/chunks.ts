import { FILE_CHUNK_BYTES } from '@campus/protocol';

/** How many chunks a file of `size` bytes is cut into (0 for an empty file). */
export function chunkCount(size: number, chunkBytes = FILE_CHUNK_BYTES): number {
  checkSize(size, chunkBytes);
  return Math.ceil(size / chunkBytes);
}

/** The byte range `[start, end)` of chunk `index`; throws a RangeError for an index outside the file. */
export function chunkRange(
  size: number,
  index: number,
  chunkBytes = FILE_CHUNK_BYTES,
): { start: number; end: number } {
  const count = chunkCount(size, chunkBytes);
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`chunk ${index} is outside a file of ${count} chunks`);
  }
  const start = index * chunkBytes;
  return { start, end: Math.min(size, start + chunkBytes) };
}

/** Lower-case hex of some bytes. */
export function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += HEX[byte];
  return hex;
}

/** The bytes of a hex string (either case); throws a RangeError for an odd length or a non-hex digit. */
export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new RangeError('not a hex string');
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function checkSize(size: number, chunkBytes: number): void {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`bad file size ${size}`);
  if (!Number.isSafeInteger(chunkBytes) || chunkBytes < 1)
    throw new RangeError(`bad chunk size ${chunkBytes}`);
}
