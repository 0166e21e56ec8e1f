import { existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

/** Why a referenced file is not served. */
export type RefusedFile = 'missing' | 'outside';

/**
 * The folder a map's files are served from (the map's own folder, or `MAP_ROOT`) and the files in it that the map
 * references: only those are served, at `/world/<path within the folder>`, so nothing outside it ever is, and nothing
 * inside it that the map does not name.
 */
export class MapFolder {
  readonly mapDir: string;
  private readonly realRoot: string;
  private readonly served = new Map<string, string>();

  constructor(
    readonly mapFile: string,
    readonly root: string,
  ) {
    this.mapDir = dirname(mapFile);
    this.realRoot = realpathSync(root);
  }

  /** A file's name as the map's author sees it: relative to the map's folder (`tilesets/office.tsx`). */
  display(file: string): string {
    const shown = relative(this.mapDir, file);
    return shown === '' ? file : shown.split(sep).join('/');
  }

  /**
   * Registers a referenced file for serving; returns the path browsers fetch it at (under `/world/`, each part
   * URL-encoded), or why it cannot be served.
   */
  serve(file: string): { url: string } | { refused: RefusedFile } {
    if (!existsSync(file) || !statSync(file).isFile()) return { refused: 'missing' };
    // Symbolic links are followed first, so a link cannot lead outside.
    const real = realpathSync(file);
    const within = relative(this.realRoot, real);
    if (within === '' || within.startsWith('..') || isAbsolute(within)) return { refused: 'outside' };
    const path = within.split(sep).join('/');
    this.served.set(path, real);
    return { url: path.split('/').map(encodeURIComponent).join('/') };
  }

  /** The absolute file to send for a decoded request path under `/world/`, if it is one the map references. */
  fileFor(path: string): string | undefined {
    return this.served.get(path);
  }

  /** Every served path (decoded, relative to the root), sorted. */
  servedPaths(): string[] {
    return [...this.served.keys()].sort();
  }

  /** An absolute path for a reference written in `fromFile` (Tiled writes paths relative to the file). */
  static resolveFrom(fromFile: string, reference: string): string {
    return resolve(dirname(fromFile), reference);
  }
}
