import { deflateSync, gzipSync } from 'node:zlib';

/** Little-endian 32-bit gids, as Tiled packs them before base64. */
function packed(gids: readonly number[]): Buffer {
  const bytes = Buffer.alloc(gids.length * 4);
  gids.forEach((g, i) => bytes.writeUInt32LE(g >>> 0, i * 4));
  return bytes;
}

/**
 * A zstd frame holding the bytes uncompressed (one raw block): valid zstd that any decoder reads, written without a
 * zstd library. Tiled's own files compress; for a test that only needs zstd-marked data this is enough.
 */
function zstdFrame(bytes: Buffer): Buffer {
  if (bytes.length > 255) throw new Error('zstdFrame writes a one-byte content size; keep test layers small');
  const header = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x20, bytes.length]);
  const block = 1 | (bytes.length << 3); // last block, raw, size
  return Buffer.concat([
    header,
    Buffer.from([block & 0xff, (block >> 8) & 0xff, (block >> 16) & 0xff]),
    bytes,
  ]);
}

/** Tile data as Tiled saves it with Tile Layer Format "Base64 (…)". */
export function base64Layer(
  gids: readonly number[],
  compression: '' | 'zlib' | 'gzip' | 'zstd' = '',
): string {
  const bytes = packed(gids);
  const squeezed =
    compression === 'zlib'
      ? deflateSync(bytes)
      : compression === 'gzip'
        ? gzipSync(bytes)
        : compression === 'zstd'
          ? zstdFrame(bytes)
          : bytes;
  return squeezed.toString('base64');
}

/** A map drawn as text, one character a tile, read through a legend of gids (unknown characters are empty). */
export function gidsOf(rows: readonly string[], legend: Record<string, number>): number[] {
  return rows.flatMap((r) => [...r].map((ch) => legend[ch] ?? 0));
}

/** XML-escapes an attribute value. */
export function attr(value: string | number): string {
  return String(value).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
