import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** What is worth compressing: text formats; images and fonts are compressed already, source maps are not downloaded. */
const COMPRESSIBLE = /\.(?:js|mjs|css|html|json|svg|txt|wasm)$/;
/** Below this a compressed copy saves less than its headers cost. */
const MIN_BYTES = 1024;

/**
 * Writes a `.br` (brotli, best quality) and a `.gz` (gzip, level 9) beside every text file of the build, so the server
 * sends them as they are (by `Accept-Encoding`) instead of compressing on each request or not at all.
 */
export function precompress(): Plugin {
  return {
    name: 'campus:precompress',
    apply: 'build',
    async writeBundle(options, bundle) {
      const dir = options.dir;
      if (!dir) return;
      const files = Object.values(bundle)
        .filter((file) => COMPRESSIBLE.test(file.fileName))
        .map((file) => ({
          path: join(dir, file.fileName),
          data: Buffer.from(file.type === 'chunk' ? file.code : file.source),
        }))
        .filter((file) => file.data.length >= MIN_BYTES);
      await Promise.all(
        files.flatMap(({ path, data }) => [
          brotli(data, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
              [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
              [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
            },
          }).then((br) => writeFile(`${path}.br`, br)),
          gzipAsync(data, { level: 9 }).then((gz) => writeFile(`${path}.gz`, gz)),
        ]),
      );
    },
  };
}
