import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { tiledRows } from '@campus/world/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from './testing/testServer';

const SCRIPT = `console.log(${JSON.stringify('hello campus '.repeat(200))});`;
const HTML = `<!doctype html><title>Campus</title><script src="./assets/index-bwG6fDvi.js"></script>${' '.repeat(2000)}`;

/** A built client as `vite build` leaves it: hashed assets with .br and .gz beside them, an unhashed public image. */
async function builtClient(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'campus-client-'));
  await mkdir(join(dir, 'assets'));
  const put = async (name: string, text: string) => {
    await writeFile(join(dir, name), text);
    await writeFile(join(dir, `${name}.br`), brotliCompressSync(text));
    await writeFile(join(dir, `${name}.gz`), gzipSync(text));
  };
  await put('index.html', HTML);
  await put('assets/index-bwG6fDvi.js', SCRIPT);
  await writeFile(join(dir, 'assets/avatars.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  return dir;
}

let harness: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  harness = await startTestServer(tiledRows(['###', '#S#', '###']), { clientDir: await builtClient() });
});
afterAll(() => harness.close());

interface Reply {
  status: number;
  headers: { get(name: string): string | null };
  body: Buffer;
}

/** A GET that keeps the body as sent (fetch would decode it): the bytes on the wire are what is being tested. */
function get(path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${harness.url}${path}`,
      { headers: { 'accept-encoding': 'identity', ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: { get: (name) => [res.headers[name.toLowerCase()] ?? null].flat()[0] ?? null },
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('serving the built client', () => {
  it('sends a hashed script brotli-encoded to a browser that accepts it, cached for a year', async () => {
    const res = await get('/assets/index-bwG6fDvi.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('content-type')).toMatch(/^(?:text|application)\/javascript/);
    expect(res.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(Number(res.headers.get('content-length'))).toBe(res.body.length);
    expect(brotliDecompressSync(res.body).toString()).toBe(SCRIPT);
  });

  it('sends gzip to a browser without brotli, and the plain file to one that accepts neither', async () => {
    const gz = await get('/assets/index-bwG6fDvi.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(SCRIPT);

    const refused = await get('/assets/index-bwG6fDvi.js', { 'accept-encoding': 'br;q=0, gzip;q=0' });
    expect(refused.headers.get('content-encoding')).toBeNull();
    expect(refused.body.toString()).toBe(SCRIPT);
    expect(refused.headers.get('vary')).toMatch(/accept-encoding/i);
  });

  it('has the page revalidated: no-cache with an ETag, and 304 when it has not changed', async () => {
    const res = await get('/', { 'accept-encoding': 'br' });
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('last-modified')).not.toBeNull();
    const etag = res.headers.get('etag');
    expect(etag).not.toBeNull();
    expect(brotliDecompressSync(res.body).toString()).toBe(HTML);

    const again = await get('/', { 'accept-encoding': 'br', 'if-none-match': etag! });
    expect(again.status).toBe(304);
  });

  it('gives the page for any path of the single page, but not for the server’s own', async () => {
    const deep = await get('/some/room/link');
    expect(deep.status).toBe(200);
    expect(deep.headers.get('cache-control')).toBe('no-cache');
    expect(deep.body.toString()).toBe(HTML);
    expect((await get('/world/nothing-here.png')).status).toBe(404);
    expect((await get('/world/map.json')).headers.get('content-type')).toMatch(/json/);
  });

  it('revalidates an unhashed public file and sends it as it is', async () => {
    const res = await get('/assets/avatars.png', { 'accept-encoding': 'br, gzip' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(res.headers.get('cache-control')).toBe('no-cache');
  });
});
