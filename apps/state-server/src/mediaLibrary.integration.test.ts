import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tiledRows } from '@campus/world/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from './config';
import { MediaLibrary } from './mediaLibrary';
import { spawnStateServerProcess } from './testing/processes';
import { startTestServer } from './testing/testServer';

const mapJson = tiledRows(['###', '#S#', '###']);
/** Bytes that differ at every offset near each other, so a range off by one shows. */
const bytes = (length: number, seed: number): Buffer =>
  Buffer.from(Array.from({ length }, (_, i) => (i * 31 + seed) % 251));
const LESSON = bytes(4096, 7);
const SECRET = Buffer.from('TOP SECRET: not a video of the library');

type Harness = Awaited<ReturnType<typeof startTestServer>>;
let root: string;
let harness: Harness;
let bare: Harness;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'campus-media-'));
  const media = join(root, 'media');
  await mkdir(join(media, 'sub'), { recursive: true });
  await mkdir(join(media, 'folder.webm'));
  // What a traversal would be after: files beside and above the library.
  for (const name of ['secret', 'secret.webm', 'package.json', 'media\\secret']) {
    await writeFile(join(root, name), SECRET);
  }
  await writeFile(join(media, 'lesson 2.webm'), LESSON);
  await writeFile(join(media, 'Lesson 10.mp4'), bytes(300, 1));
  await writeFile(join(media, 'intro.m4v'), bytes(200, 2));
  await writeFile(join(media, '100% pure.mov'), bytes(100, 3));
  await writeFile(join(media, '.hidden.webm'), SECRET);
  await writeFile(join(media, 'notes.txt'), SECRET);
  await writeFile(join(media, 'sub', 'inner.webm'), bytes(50, 4));
  await symlink(join(media, 'sub', 'inner.webm'), join(media, 'inside.webm'));
  await symlink('../secret.webm', join(media, 'escape.webm'));
  await symlink(join(root, 'nowhere.webm'), join(media, 'dangling.webm'));
  harness = await startTestServer(mapJson, { mediaDir: media });
  bare = await startTestServer(mapJson);
});
afterAll(async () => {
  await harness?.close();
  await bare?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

interface Reply {
  status: number;
  header: (name: string) => string | undefined;
  body: Buffer;
  json: () => unknown;
}

/** A request with the path exactly as written (fetch would normalise `..` and percent-encoded dots). */
function send(
  server: Harness,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}/`, { path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({
          status: res.statusCode ?? 0,
          header: (name) => [res.headers[name.toLowerCase()]].flat()[0],
          body,
          json: () => JSON.parse(body.toString('utf8')) as unknown,
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
const get = (path: string, headers?: Record<string, string>): Promise<Reply> => send(harness, path, headers);

const NOT_FOUND = { error: { code: 'MEDIA_NOT_FOUND', message: expect.any(String) as unknown } };

describe('the media library', () => {
  it('lists only the videos directly in the folder, sorted by name, with their size, type and url', async () => {
    const reply = await get('/media');
    expect(reply.status).toBe(200);
    expect(reply.header('content-type')).toMatch(/^application\/json/);
    expect(reply.header('cache-control')).toBe('no-cache');
    expect(reply.json()).toEqual({
      files: [
        { name: '100% pure.mov', size: 100, type: 'video/quicktime', url: '/media/100%25%20pure.mov' },
        { name: 'inside.webm', size: 50, type: 'video/webm', url: '/media/inside.webm' },
        { name: 'intro.m4v', size: 200, type: 'video/mp4', url: '/media/intro.m4v' },
        { name: 'lesson 2.webm', size: LESSON.length, type: 'video/webm', url: '/media/lesson%202.webm' },
        { name: 'Lesson 10.mp4', size: 300, type: 'video/mp4', url: '/media/Lesson%2010.mp4' },
      ],
    });
    expect(await harness.server.media.list()).toEqual((reply.json() as { files: unknown }).files);
  });

  it('sends a whole file with its type, length and validators, never to be sniffed as something else', async () => {
    const reply = await get('/media/lesson%202.webm');
    expect(reply.status).toBe(200);
    expect(reply.header('content-type')).toBe('video/webm');
    expect(reply.header('content-length')).toBe(String(LESSON.length));
    expect(reply.header('accept-ranges')).toBe('bytes');
    expect(reply.header('x-content-type-options')).toBe('nosniff');
    expect(reply.header('etag')).toBeDefined();
    expect(reply.header('last-modified')).toBeDefined();
    expect(reply.body.equals(LESSON)).toBe(true);
    // Revalidation costs no body.
    const again = await get('/media/lesson%202.webm', { 'if-none-match': reply.header('etag') ?? '' });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    // Every file is served at the url the listing gives it, whatever its name holds.
    const odd = await get(MediaLibrary.urlOf('100% pure.mov'));
    expect(odd.status).toBe(200);
    expect(odd.header('content-type')).toBe('video/quicktime');
    expect(odd.body.equals(bytes(100, 3))).toBe(true);
  });

  it('sends the byte ranges a seeking player asks for', async () => {
    const middle = await get('/media/lesson%202.webm', { range: 'bytes=100-199' });
    expect(middle.status).toBe(206);
    expect(middle.header('content-range')).toBe(`bytes 100-199/${LESSON.length}`);
    expect(middle.header('content-length')).toBe('100');
    expect(middle.header('content-type')).toBe('video/webm');
    expect(middle.body.equals(LESSON.subarray(100, 200))).toBe(true);

    const tail = await get('/media/lesson%202.webm', { range: 'bytes=-10' });
    expect(tail.status).toBe(206);
    expect(tail.header('content-range')).toBe(
      `bytes ${LESSON.length - 10}-${LESSON.length - 1}/${LESSON.length}`,
    );
    expect(tail.body.equals(LESSON.subarray(-10))).toBe(true);

    const beyond = await get('/media/lesson%202.webm', { range: `bytes=${LESSON.length}-` });
    expect(beyond.status).toBe(416);
    expect(beyond.header('content-range')).toBe(`bytes */${LESSON.length}`);
    expect(beyond.json()).toEqual({
      error: { code: 'MEDIA_RANGE_NOT_SATISFIABLE', message: expect.any(String) as unknown },
    });
  });

  it('answers HEAD with the headers and no body', async () => {
    const reply = await send(harness, '/media/lesson%202.webm', {}, 'HEAD');
    expect(reply.status).toBe(200);
    expect(reply.header('content-type')).toBe('video/webm');
    expect(reply.header('content-length')).toBe(String(LESSON.length));
    expect(reply.body.length).toBe(0);
  });

  it.each([
    '/media/..%2Fpackage.json',
    '/media/..%2fsecret.webm',
    '/media/%2e%2e%2fsecret',
    '/media/%2E%2E%2Fsecret.webm',
    '/media/..%5Csecret',
    '/media/../secret.webm',
    '/media/escape.webm',
    '/media/dangling.webm',
    '/media/sub/inner.webm',
    '/media/sub%2Finner.webm',
    '/media/.hidden.webm',
    '/media/notes.txt',
    '/media/folder.webm',
    '/media/lesson%202.webm%00',
    '/media/%00',
    '/media/lesson%202.webm%2F',
    '/media/%E0%A4%A',
    '/media/%',
    '/media/unknown.webm',
  ])('refuses %s with a coded 404, never the file outside', async (path) => {
    for (const method of ['GET', 'HEAD']) {
      const reply = await send(harness, path, { range: 'bytes=0-' }, method);
      expect(reply.status, `${method} ${path}`).toBe(404);
      expect(reply.header('content-type')).toMatch(/^application\/json/);
      if (method === 'GET') expect(reply.json()).toEqual(NOT_FOUND);
      expect(reply.body.includes('TOP SECRET')).toBe(false);
    }
  });

  it('shows a file copied into the folder at once, without a restart', async () => {
    const folder = harness.server.media.folder ?? '';
    await writeFile(join(folder, 'late.webm'), bytes(64, 9));
    const listed = (await get('/media')).json() as { files: Array<{ name: string }> };
    expect(listed.files.map((f) => f.name)).toContain('late.webm');
    expect((await get('/media/late.webm')).body.equals(bytes(64, 9))).toBe(true);
    await rm(join(folder, 'late.webm'));
    expect((await get('/media/late.webm')).status).toBe(404);
  });

  it('is empty without MEDIA_DIR', async () => {
    const listing = await send(bare, '/media');
    expect(listing.status).toBe(200);
    expect(listing.json()).toEqual({ files: [] });
    const file = await send(bare, '/media/lesson%202.webm');
    expect(file.status).toBe(404);
    expect(file.json()).toEqual(NOT_FOUND);
  });
});

describe('MEDIA_DIR', () => {
  it('resolves against the folder the command was run in, and is unset when blank', () => {
    expect(configFromEnv({ MEDIA_DIR: 'media', INIT_CWD: '/srv/school' }).MEDIA_DIR).toBe(
      '/srv/school/media',
    );
    expect(configFromEnv({ MEDIA_DIR: '/media', INIT_CWD: '/srv/school' }).MEDIA_DIR).toBe('/media');
    expect(configFromEnv({ MEDIA_DIR: '', INIT_CWD: '/srv/school' }).MEDIA_DIR).toBeUndefined();
  });

  it('is the library the server process serves', async () => {
    const server = await spawnStateServerProcess({
      name: 'media server',
      env: {
        MEDIA_DIR: 'media',
        INIT_CWD: root,
        CAMPUS_CWD: '',
        CLIENT_DIR: '/nonexistent',
        LOG_LEVEL: 'info',
      },
    });
    try {
      const listing = (await (await fetch(`${server.url}/media`)).json()) as {
        files: Array<{ name: string }>;
      };
      expect(listing.files.map((f) => f.name)).toContain('lesson 2.webm');
      const range = await fetch(`${server.url}/media/lesson%202.webm`, { headers: { range: 'bytes=0-9' } });
      expect(range.status).toBe(206);
      expect(Buffer.from(await range.arrayBuffer()).equals(LESSON.subarray(0, 10))).toBe(true);
    } finally {
      await server.stop('SIGTERM');
    }
  });
});
