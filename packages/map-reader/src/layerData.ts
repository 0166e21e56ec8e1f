import { gunzipSync, inflateSync } from 'node:zlib';

/** Tile layer data that cannot be read, with what to do in Tiled. */
export class LayerDataError extends Error {
  readonly code = 'MAP_LAYER_DATA';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LayerDataError';
  }
}

const SAVE_AS =
  'in Tiled open Map › Map Properties, set Tile Layer Format to "CSV" or "Base64 (zlib compressed)", and save';

/**
 * The gids of a tile layer (or a chunk of one) as Tiled stored them: a plain array (CSV), or base64 of little-endian
 * 32-bit gids, uncompressed or compressed with zlib or gzip. zstd, which Node's zlib lacks, is refused with what to do.
 */
export function decodeLayerData(
  data: unknown,
  encoding: string | undefined,
  compression: string | undefined,
  expected: number,
): number[] {
  let gids: number[];
  if (Array.isArray(data)) {
    if (!data.every((g) => typeof g === 'number' && Number.isInteger(g) && g >= 0)) {
      throw new LayerDataError(
        `has data that are not tile ids (whole numbers); save the map again from Tiled`,
      );
    }
    gids = data as number[];
  } else if (typeof data === 'string' && (encoding === 'base64' || encoding === undefined)) {
    gids = decodeBase64(data, compression ?? '');
  } else if (typeof data === 'string' && encoding === 'csv') {
    gids = data
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '')
      .map(Number);
  } else {
    throw new LayerDataError(
      `has no tile data Tiled's JSON format allows (encoding ${JSON.stringify(encoding)})`,
    );
  }
  if (gids.length !== expected) {
    throw new LayerDataError(
      `has ${gids.length} tiles of data where its size needs ${expected}; save the map again from Tiled`,
    );
  }
  return gids;
}

function decodeBase64(text: string, compression: string): number[] {
  const raw = Buffer.from(text.trim(), 'base64');
  let bytes: Buffer;
  switch (compression) {
    case '':
      bytes = raw;
      break;
    case 'zlib':
    case 'gzip':
      try {
        bytes = compression === 'zlib' ? inflateSync(raw) : gunzipSync(raw);
      } catch (err) {
        throw new LayerDataError(
          `has base64 ${compression} data that does not decompress (${(err as Error).message}); save the map again from Tiled`,
          { cause: err },
        );
      }
      break;
    case 'zstd':
      throw new LayerDataError(
        `uses zstd compression, which this server cannot read (Node's zlib has no zstd); ${SAVE_AS}`,
      );
    default:
      throw new LayerDataError(`uses compression "${compression}", which Tiled does not write; ${SAVE_AS}`);
  }
  if (bytes.length % 4 !== 0) {
    throw new LayerDataError(
      `has ${bytes.length} bytes of tile data, not a whole number of 4-byte tile ids; save the map again from Tiled`,
    );
  }
  const gids: number[] = [];
  for (let i = 0; i < bytes.length; i += 4) gids.push(bytes.readUInt32LE(i));
  return gids;
}
