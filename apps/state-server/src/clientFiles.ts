import { existsSync, readdirSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import type { Express, Request } from 'express';

/** A file Vite named after its content (`assets/index-bwG6fDvi.js`): a new build gives it a new name. */
const HASHED = /^\/assets\/.+-[\w-]{8}\.[a-z0-9]+(?:\.map)?$/i;
/** The paths that are the server's, never the client's single page. */
const SERVER_PATHS = /^\/(?:socket\.io|peerjs|world|media)(?:\/|$)/;

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

type Encoding = 'br' | 'gzip';
const SUFFIX: Record<Encoding, string> = { br: '.br', gzip: '.gz' };

interface ClientFile {
  /** The precompressed copies the build left beside it. */
  encodings: Encoding[];
  hashed: boolean;
}

/** Every file of the built client by its URL path, with the compressed copies it has. */
function indexFiles(dir: string): Map<string, ClientFile> {
  const files = new Map<string, ClientFile>();
  const names = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'));
  const present = new Set(names);
  for (const name of names) {
    if (name.endsWith('.br') || name.endsWith('.gz')) continue;
    const path = `/${name}`;
    const encodings = (['br', 'gzip'] as const).filter((e) => present.has(`${name}${SUFFIX[e]}`));
    files.set(path, { encodings, hashed: HASHED.test(path) });
  }
  return files;
}

/** The best copy the browser accepts, brotli first; none when it accepts neither (or refuses both with q=0). */
export function pickEncoding(
  acceptEncoding: string | undefined,
  available: readonly Encoding[],
): Encoding | undefined {
  if (!acceptEncoding) return undefined;
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name, q ? Number(q.slice(2)) || 0 : 1);
  }
  const wildcard = accepted.get('*') ?? 0;
  return available.find((e) => (accepted.get(e) ?? wildcard) > 0);
}

function urlPath(req: Request): string | undefined {
  try {
    return decodeURIComponent(req.path);
  } catch {
    return undefined;
  }
}

/**
 * Serves the built client at `/`: hashed assets immutable for a year, everything else (index.html, the avatar sheet)
 * revalidated by ETag and Last-Modified; each as its brotli or gzip copy when the browser accepts one, with
 * `Vary: Accept-Encoding`. Any other path outside the server's own is the single page's, and gets index.html.
 */
export function serveClientFiles(app: Express, dir: string): void {
  if (!existsSync(dir)) return;
  const files = indexFiles(dir);
  app.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let path = urlPath(req);
    if (path === undefined) return next();
    if (!files.has(path)) {
      if (SERVER_PATHS.test(path)) return next();
      path = '/index.html';
    }
    const file = files.get(path);
    if (!file) return next();
    const encoding = pickEncoding(req.headers['accept-encoding'], file.encodings);
    if (file.encodings.length > 0) res.vary('Accept-Encoding');
    res.setHeader('Cache-Control', file.hashed ? IMMUTABLE : REVALIDATE);
    // Typed by the file it stands for: a `.js.br` is JavaScript, sent brotli-encoded.
    res.type(extname(path));
    if (encoding) res.setHeader('Content-Encoding', encoding);
    res.sendFile(
      join(dir, `${path}${encoding ? SUFFIX[encoding] : ''}`),
      { cacheControl: false, dotfiles: 'deny' },
      (err) => {
        if (err && !res.headersSent) next(err);
      },
    );
  });
}
