import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseTemplateXml, parseTilesetXml } from './tiledXml';

/** A file a map references that cannot be read, with the reason in words. */
export class TiledFileError extends Error {
  readonly code = 'MAP_FILE_UNREADABLE';
  constructor(
    message: string,
    readonly missing = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TiledFileError';
  }
}

/** Reads a tileset (`.tsx` XML, `.tsj`/`.json`) or a template (`.tx` XML, `.tj`/`.json`) as Tiled's JSON object. */
export function readTiledFile(file: string, kind: 'tileset' | 'template'): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    throw new TiledFileError(missing ? 'not found' : `cannot be read (${(err as Error).message})`, missing, {
      cause: err,
    });
  }
  const ext = extname(file).toLowerCase();
  try {
    if (ext === '.tsx' || ext === '.tx' || ext === '.xml' || text.trimStart().startsWith('<')) {
      return kind === 'tileset' ? parseTilesetXml(text) : parseTemplateXml(text);
    }
    const json: unknown = JSON.parse(text);
    if (json === null || typeof json !== 'object' || Array.isArray(json))
      throw new Error('not a JSON object');
    return json as Record<string, unknown>;
  } catch (err) {
    throw new TiledFileError(`is not a Tiled ${kind} file: ${(err as Error).message}`, false, { cause: err });
  }
}
