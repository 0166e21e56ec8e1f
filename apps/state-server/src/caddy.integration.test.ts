import { createHmac } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectRefusal, PROTOCOL_VERSION } from '@campus/protocol';
import { tiledRows } from '@campus/world/testing';
import { caddyMissing, startCaddy, type RunningCaddy } from './testing/caddy';
import {
  connectClient,
  eventually,
  joinedClient,
  newSecret,
  nextEvent,
  startTestServer,
  type TestClient,
} from './testing/testServer';

const mapJson = tiledRows(['##########', '#S.......#', '#........#', '##########']);
const missing = caddyMissing();
if (missing) console.warn(`Skipping the Caddy tests: ${missing}`);

type Node = Awaited<ReturnType<typeof startTestServer>>;
const connectedTo = (node: Node): number => node.server.io.of('/').sockets.size;
const upstream = (node: Node): string => node.url.replace('http://', '');
/** Caddy's `lb_policy cookie` value for a node: an HMAC-SHA256 of its address, here with no secret. */
const stickyCookieFor = (node: Node): string => createHmac('sha256', '').update(upstream(node)).digest('hex');
const connected = (socket: TestClient): Promise<void> =>
  new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });

const HASHED_SCRIPT = `console.log(${JSON.stringify('campus '.repeat(300))});`;

/** The built client as Caddy would serve it: a page and an asset. */
async function clientDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'campus-client-'));
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>Campus test page</title>');
  await writeFile(join(dir, 'assets', 'app.js'), 'console.log("campus");');
  // A hashed script as the build names it, with the brotli copy the build leaves beside it.
  await writeFile(join(dir, 'assets', 'index-bwG6fDvi.js'), HASHED_SCRIPT);
  await writeFile(join(dir, 'assets', 'index-bwG6fDvi.js.br'), brotliCompressSync(HASHED_SCRIPT));
  return dir;
}

/** Patterned bytes, as compressible as text: Caddy must pass a video's ranges through as they are, not encode them. */
const VIDEO = Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 31) % 251));

/** The media library both nodes serve, as compose mounts the same ./media into every replica. */
async function mediaDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'campus-media-'));
  await writeFile(join(dir, 'lesson.webm'), VIDEO);
  return dir;
}

/** Stands in for LiveKit: answers every request with its path, so the test sees what reached it. */
async function fakeLiveKit(): Promise<{ server: Server; upstream: string }> {
  const server = createServer((req, res) => res.end(`livekit saw ${req.url}`));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, upstream: `127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe.skipIf(missing)('Caddy in front of two state nodes', () => {
  let nodes: Node[];
  let livekit: Awaited<ReturnType<typeof fakeLiveKit>>;
  let caddy: RunningCaddy;
  const sockets: TestClient[] = [];

  beforeAll(async () => {
    const media = await mediaDir();
    nodes = [
      await startTestServer(mapJson, { mediaDir: media }),
      await startTestServer(mapJson, { mediaDir: media }),
    ];
    livekit = await fakeLiveKit();
    caddy = await startCaddy({
      STATE_DISCOVERY: 'list',
      STATE_UPSTREAMS: nodes.map(upstream).join(' '),
      LIVEKIT_UPSTREAM: livekit.upstream,
      CLIENT_ROOT: await clientDir(),
    });
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await caddy?.stop();
    livekit?.server.close();
    for (const node of nodes ?? []) await node.close();
  });

  it('serves the client from disk (deep links get the page), and the map and health from the nodes', async () => {
    for (const path of ['/', '/courtyard/some/deep/link']) {
      const page = await fetch(`${caddy.url}${path}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Campus test page');
    }
    expect(await (await fetch(`${caddy.url}/assets/app.js`)).text()).toContain('console.log("campus")');
    // The map as the nodes serve it: the same map, made self-contained.
    expect(await (await fetch(`${caddy.url}/world/map.json`)).json()).toMatchObject({
      width: mapJson.width,
      height: mapJson.height,
      layers: (mapJson.layers as Array<{ name: string }>).map((l) => ({ name: l.name })),
    });
    expect(await (await fetch(`${caddy.url}/healthz`)).json()).toEqual({ ok: true });
    // The nodes' metrics stay on the private network: Caddy answers with the page, not with the counters.
    expect(await (await fetch(`${caddy.url}/metrics`)).text()).not.toContain('campus_');
  });

  it('sends hashed assets precompressed and immutable, and has the page revalidated', async () => {
    // fetch decodes the brotli body itself: the header says what came over the wire.
    const script = await fetch(`${caddy.url}/assets/index-bwG6fDvi.js`, {
      headers: { 'accept-encoding': 'br' },
    });
    expect(script.headers.get('content-encoding')).toBe('br');
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(script.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(await script.text()).toBe(HASHED_SCRIPT);
    for (const path of ['/', '/courtyard/some/deep/link']) {
      const page = await fetch(`${caddy.url}${path}`);
      expect(page.headers.get('cache-control')).toBe('no-cache');
      expect(page.headers.get('etag')).not.toBeNull();
    }
  });

  it("serves the nodes' media library, a video in the ranges a player asks for", async () => {
    expect(await (await fetch(`${caddy.url}/media`)).json()).toEqual({
      files: [{ name: 'lesson.webm', size: VIDEO.length, type: 'video/webm', url: '/media/lesson.webm' }],
    });
    const range = await fetch(`${caddy.url}/media/lesson.webm`, {
      headers: { range: 'bytes=1000-1999', 'accept-encoding': 'zstd, gzip' },
    });
    expect(range.status).toBe(206);
    expect(range.headers.get('content-range')).toBe(`bytes 1000-1999/${VIDEO.length}`);
    expect(range.headers.get('content-type')).toBe('video/webm');
    expect(range.headers.get('content-encoding')).toBeNull();
    expect(Buffer.from(await range.arrayBuffer()).equals(VIDEO.subarray(1000, 2000))).toBe(true);
    // A name the library does not have gets the node's coded answer, not the client's page.
    const unknown = await fetch(`${caddy.url}/media/nothing.webm`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'MEDIA_NOT_FOUND' } });
    // Caddy matches on the cleaned, decoded path: `/media/..%2Fx` is `/x` to it, the client's page, never a node's file.
    const outside = await fetch(`${caddy.url}/media/..%2Fpackage.json`);
    expect(await outside.text()).toContain('Campus test page');
  });

  it("sends LiveKit's signalling to LiveKit and LiveKit's webhook to a state node", async () => {
    expect(await (await fetch(`${caddy.url}/rtc/validate?access_token=x`)).text()).toBe(
      'livekit saw /rtc/validate?access_token=x',
    );
    const webhook = await fetch(`${caddy.url}/livekit/webhook`, { method: 'POST', body: '{}' });
    // The state node's own answer when no LiveKit is configured.
    expect(webhook.status).toBe(404);
    expect(await webhook.json()).toEqual({ error: 'no LiveKit server is configured' });
  });

  it('spreads WebSocket clients over both nodes, and each one joins', async () => {
    for (let i = 0; i < 16; i++) {
      const { socket, reply } = await joinedClient(caddy.url, `Visitor ${i}`);
      sockets.push(socket);
      expect(reply.ok).toBe(true);
    }
    expect(connectedTo(nodes[0]!) + connectedTo(nodes[1]!)).toBe(16);
    expect(connectedTo(nodes[0]!)).toBeGreaterThan(0);
    expect(connectedTo(nodes[1]!)).toBeGreaterThan(0);
  });

  it("sends everybody's PeerJS signaling to one node, whatever their cookie", async () => {
    const seen = nodes.map(() => 0);
    const counters = nodes.map((node, i) => {
      const count = (req: { url?: string }): void => {
        if (req.url?.startsWith('/peerjs')) seen[i]! += 1;
      };
      node.server.http.prependListener('request', count);
      return () => node.server.http.off('request', count);
    });
    try {
      // Browsers with no cookie yet, and browsers pinned (for Socket.IO) to either node.
      const cookies = [undefined, ...nodes.map((n) => `campus_node=${stickyCookieFor(n)}`)];
      for (let i = 0; i < 12; i++) {
        const cookie = cookies[i % cookies.length];
        const res = await fetch(
          `${caddy.url}/peerjs/peerjs/id?ts=${i}`,
          cookie ? { headers: { cookie } } : {},
        );
        expect(res.status).toBe(200);
      }
    } finally {
      for (const stop of counters) stop();
    }
    expect([...seen].sort((x, y) => x - y)).toEqual([0, 12]);
  });

  it("keeps a long-polling session on its node with Caddy's cookie (without it, polls stray)", async () => {
    const handshake = await fetch(`${caddy.url}/socket.io/?EIO=4&transport=polling`);
    const cookie = handshake.headers.get('set-cookie')?.split(';')[0];
    expect(cookie).toMatch(/^campus_node=/);
    const { sid } = JSON.parse((await handshake.text()).slice(1)) as { sid: string };
    const poll = (withCookie: boolean): Promise<number> =>
      fetch(`${caddy.url}/socket.io/?EIO=4&transport=polling&sid=${sid}`, {
        method: 'POST',
        // An Engine.IO pong: harmless, and answered 400 by a node that does not know this session.
        body: '3',
        headers: withCookie && cookie ? { cookie } : {},
      }).then((res) => res.status);
    const sticky = [];
    for (let i = 0; i < 12; i++) sticky.push(await poll(true));
    expect(sticky.every((status) => status === 200)).toBe(true);
    const stray = [];
    for (let i = 0; i < 20; i++) stray.push(await poll(false));
    expect(stray).toContain(400);
  });

  it('lets a Socket.IO client fall back to long-polling through Caddy', async () => {
    const cookie = (await fetch(`${caddy.url}/healthz`)).headers.get('set-cookie')?.split(';')[0] ?? '';
    const socket = io(caddy.url, {
      transports: ['polling'],
      extraHeaders: { cookie },
      auth: { protocolVersion: PROTOCOL_VERSION, secret: newSecret() },
      reconnection: false,
      forceNew: true,
    }) as TestClient;
    sockets.push(socket);
    const reply = await socket
      .timeout(5000)
      .emitWithAck('join', { name: 'Polly', appearance: { look: 'moss' } });
    expect(reply.ok).toBe(true);
    for (let i = 0; i < 5; i++) {
      expect(typeof (await socket.timeout(5000).emitWithAck('clock', undefined))).toBe('number');
    }
    expect(socket.io.engine.transport.name).toBe('polling');
  });
});

describe.skipIf(missing)('a node draining behind Caddy', () => {
  let nodes: Node[];
  let caddy: RunningCaddy;
  const sockets: TestClient[] = [];

  beforeAll(async () => {
    nodes = [await startTestServer(mapJson), await startTestServer(mapJson)];
    caddy = await startCaddy({
      STATE_DISCOVERY: 'list',
      STATE_UPSTREAMS: nodes.map(upstream).join(' '),
      CLIENT_ROOT: await clientDir(),
    });
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await caddy?.stop();
    for (const node of nodes ?? []) await node.close();
  });

  it('sends its clients, reconnecting through Caddy, to the other node', async () => {
    const { socket, secret, reply } = await joinedClient(caddy.url, 'Ada');
    sockets.push(socket);
    const from = connectedTo(nodes[0]!) === 1 ? 0 : 1;
    const to = 1 - from;
    // What the web client does on the notice: leave at once, come back after a short jitter.
    const notice = nextEvent(socket, 'server:draining');
    const drained = nodes[from]!.server.drain();
    expect(await notice).toEqual({ code: ConnectRefusal.SERVER_DRAINING, reason: 'SERVER_DRAINING' });
    socket.disconnect();
    await drained;

    const started = Date.now();
    const again = await joinedClient(caddy.url, 'Ada', { secret });
    sockets.push(again.socket);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(again.reply.userId).toBe(reply.userId);
    await eventually(() => expect(connectedTo(nodes[to]!)).toBe(1));
    // And every later visitor goes there too.
    for (let i = 0; i < 4; i++) {
      const other = connectClient(caddy.url);
      sockets.push(other);
      await connected(other);
    }
    expect(connectedTo(nodes[to]!)).toBe(5);
  });
});

describe.skipIf(missing)('Caddy finding the state nodes by DNS, as under docker compose', () => {
  it('reaches the node at every address of the name', async () => {
    const node = await startTestServer(mapJson);
    const caddy = await startCaddy({
      STATE_HOST: 'localhost',
      STATE_PORT: String(new URL(node.url).port),
      CLIENT_ROOT: await clientDir(),
    });
    try {
      expect(await (await fetch(`${caddy.url}/healthz`)).json()).toEqual({ ok: true });
      const { socket, reply } = await joinedClient(caddy.url, 'Ada');
      expect(reply.ok).toBe(true);
      expect(connectedTo(node)).toBe(1);
      socket.disconnect();
    } finally {
      await caddy.stop();
      await node.close();
    }
  });
});
