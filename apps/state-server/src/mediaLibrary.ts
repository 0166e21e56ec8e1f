import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Express, NextFunction, Request, Response } from 'express';

/** The video files browsers play, by lower-case extension: the only files the library lists and serves. */
export const VIDEO_TYPES: Readonly<Record<string, string>> = Object.freeze({
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.webm': 'video/webm',
  '.ogv': 'video/ogg',
  '.mov': 'video/quicktime',
});

/** What a `/media` request can be refused with, as `{ error: { code, message } }`. */
export const MediaError = {
  MEDIA_NOT_FOUND: 'MEDIA_NOT_FOUND',
  MEDIA_RANGE_NOT_SATISFIABLE: 'MEDIA_RANGE_NOT_SATISFIABLE',
  MEDIA_UNREADABLE: 'MEDIA_UNREADABLE',
} as const;
export type MediaError = (typeof MediaError)[keyof typeof MediaError];

/** A video in the library, as `GET /media` lists it. */
export interface MediaFile {
  /** The file's name in the folder, exactly. */
  name: string;
  size: number;
  /** Its MIME type, from its extension. */
  type: string;
  /** Where the browser plays it: `/media/<name>`, percent-encoded. */
  url: string;
}

const typeOfExtension = (extension: string): string | undefined =>
  Object.hasOwn(VIDEO_TYPES, extension.toLowerCase()) ? VIDEO_TYPES[extension.toLowerCase()] : undefined;

/**
 * The video type of a file name, a path or an http(s) URL by the extension its path ends in (query and fragment
 * ignored, case-insensitive); undefined when that is not a known video. E.g. `videoTypeOf('https://x.org/a.webm?t=3')`
 * is `video/webm`, `videoTypeOf('https://x.org/watch?v=a.webm')` undefined.
 */
export function videoTypeOf(pathOrUrl: string): string | undefined {
  let path = pathOrUrl.split(/[?#]/, 1)[0] ?? '';
  if (URL.canParse(pathOrUrl) && /^[a-z][a-z\d+.-]*:/i.test(pathOrUrl)) path = new URL(pathOrUrl).pathname;
  // `extname('.webm')` is empty: a bare dotfile has no extension.
  return typeOfExtension(extname(path.slice(path.lastIndexOf('/') + 1)));
}

const byName = new Intl.Collator('en', { numeric: true });

/**
 * The videos directly in one folder (`MEDIA_DIR`), read afresh on every call so files copied in show up at once. Only
 * regular files with a video extension count; dotfiles, subfolders and symlinks that lead outside the folder do not.
 */
export class MediaLibrary {
  /** The folder, absolute; undefined for an empty library. */
  readonly folder: string | undefined;

  constructor(folder?: string) {
    this.folder = folder ? resolve(folder) : undefined;
  }

  /** The folder's playable videos, sorted by name (numbers in order: `part 2` before `part 10`). */
  async list(): Promise<MediaFile[]> {
    const { entries, real } = await this.read();
    const files = await Promise.all(entries.map((entry) => this.describe(entry, real)));
    return files
      .filter((file): file is MediaFile => file !== undefined)
      .sort((a, b) => byName.compare(a.name, b.name));
  }

  /** The video of exactly this name in the listing; anything else (a path, an encoded name, a dotfile) is undefined. */
  async find(name: string): Promise<MediaFile | undefined> {
    const { entries, real } = await this.read();
    // Only a name the folder itself gave back is ever joined to it.
    const entry = entries.find((e) => e.name === name);
    return entry ? this.describe(entry, real) : undefined;
  }

  /** Where a library file is served. */
  static urlOf(name: string): string {
    return `/media/${encodeURIComponent(name)}`;
  }

  private async read(): Promise<{ entries: Dirent[]; real: string }> {
    if (!this.folder) return { entries: [], real: '' };
    try {
      const real = await realpath(this.folder);
      return { entries: await readdir(real, { withFileTypes: true }), real };
    } catch (err) {
      // A folder not (yet) there is an empty library; anything else (no permission) is the operator's to see.
      if (isMissing(err)) return { entries: [], real: '' };
      throw err;
    }
  }

  private async describe(entry: Dirent, real: string): Promise<MediaFile | undefined> {
    const type = typeOfExtension(extname(entry.name));
    if (!type || entry.name.startsWith('.')) return undefined;
    const path = join(real, entry.name);
    if (entry.isSymbolicLink()) {
      const target = await realpath(path).catch(() => undefined);
      const inside = target !== undefined && relative(real, target);
      if (!inside || inside.startsWith('..') || isAbsolute(inside)) return undefined;
    } else if (!entry.isFile()) {
      return undefined;
    }
    const stats = await stat(path).catch(() => undefined);
    if (!stats?.isFile()) return undefined;
    return { name: entry.name, size: stats.size, type, url: MediaLibrary.urlOf(entry.name) };
  }
}

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** The headers `send` sets for a file, cleared before a refusal replaces it. */
const FILE_HEADERS = [
  'Content-Type',
  'Content-Length',
  'Content-Range',
  'Cache-Control',
  'ETag',
  'Last-Modified',
];

function refuse(
  res: Response,
  status: number,
  code: MediaError,
  message: string,
  headers: Record<string, string> = {},
): void {
  for (const header of FILE_HEADERS) res.removeHeader(header);
  res.status(status).set(headers).json({ error: { code, message } });
}

const notFound = (res: Response): void =>
  refuse(res, 404, MediaError.MEDIA_NOT_FOUND, 'no such video in the media library');

/** What `send` hands the callback when it did not send the file. */
interface SendError extends Error {
  status?: number;
  code?: string;
  headers?: Record<string, string>;
}

function serveFile(res: Response, next: NextFunction, root: string, file: MediaFile): void {
  res.set({ 'Content-Type': file.type, 'Cache-Control': 'no-cache' });
  // `send` answers Range (206, Content-Range), If-Range, If-None-Match and If-Modified-Since (304) and HEAD itself.
  res.sendFile(
    file.name,
    { root, dotfiles: 'deny', acceptRanges: true, cacheControl: false, etag: true, lastModified: true },
    (err?: SendError) => {
      if (!err || res.headersSent) return;
      if (err.code === 'ECONNABORTED' || err.code === 'ECONNRESET') return;
      if (err.status === 416) {
        refuse(res, 416, MediaError.MEDIA_RANGE_NOT_SATISFIABLE, 'the range is not in the file', err.headers);
      } else if (err.status === 404) {
        // Gone between the listing and the read.
        notFound(res);
      } else if (err.status !== undefined && err.status < 500) {
        refuse(res, err.status, MediaError.MEDIA_UNREADABLE, err.message, err.headers);
      } else {
        next(err);
      }
    },
  );
}

/**
 * `GET /media`, the library's listing as `{ files }`, and `GET|HEAD /media/<name>`, one of its files with range
 * requests, ETag and Last-Modified. A name not in the listing, traversal attempts and bad encodings included, gets a
 * JSON 404 (`MEDIA_NOT_FOUND`); no name reaches the disk unless the folder listed it.
 */
export function serveMediaLibrary(app: Express, library: MediaLibrary): void {
  app.use('/media', (_req, res, next) => {
    // Browsers must play what the type says, never guess (a renamed page must not run as HTML).
    res.set('X-Content-Type-Options', 'nosniff');
    next();
  });
  app.get('/media', (_req, res, next) => {
    library.list().then((files) => res.set('Cache-Control', 'no-cache').json({ files }), next);
  });
  app.get('/media/:name', (req: Request<{ name: string }>, res, next) => {
    const root = library.folder;
    library.find(req.params.name).then((file) => {
      if (file && root) serveFile(res, next, root, file);
      else notFound(res);
    }, next);
  });
  // Anything else under /media: a deeper path, another method, or a name express could not decode (its 400).
  app.use('/media', (_req, res) => notFound(res));
  app.use('/media', (err: SendError, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent || (err.status ?? 500) >= 500) return next(err);
    notFound(res);
  });
}
