import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { io } from 'socket.io-client';
import { PROTOCOL_VERSION, type JoinReply } from '@campus/protocol';
import { caddyMissing, startCaddy, type RunningCaddy } from './caddy';
import { redisMissing, startRedis, type RunningRedis } from './redis';
import { spawnStateNode, type StateNode } from './stateNode';
import { newSecret, type JoinOptions, type TestClient } from './testServer';

/** Why the cluster tests cannot run here (Debian's redis-server or caddy missing), or undefined. */
export function clusterMissing(): string | undefined {
  return redisMissing() ?? caddyMissing();
}

export interface Cluster {
  redis: RunningRedis;
  nodes: StateNode[];
  caddy: RunningCaddy;
  /**
   * Connects through Caddy with the cookie that sends it to `node` (as a browser that was there before), and joins.
   * Caddy sends it elsewhere when that node is gone.
   */
  join(
    node: StateNode,
    name: string,
    options?: JoinOptions,
  ): Promise<{ socket: TestClient; reply: Extract<JoinReply, { ok: true }>; secret: string }>;
  close(): Promise<void>;
}

/** The value of Caddy's `lb_policy cookie` for an upstream: an HMAC-SHA256 of its address, here with no secret. */
function stickyCookie(node: StateNode): string {
  return `campus_node=${createHmac('sha256', '').update(node.upstream).digest('hex')}`;
}

/**
 * Debian's redis-server, state nodes as real processes sharing the world through it (REDIS_URL), and the repo's
 * Caddyfile in front of them, all on free ports of 127.0.0.1.
 */
export async function startCluster(mapJson: unknown, nodeIds: readonly string[]): Promise<Cluster> {
  const dir = await mkdtemp(join(tmpdir(), 'campus-cluster-'));
  const mapFile = join(dir, 'map.json');
  await writeFile(mapFile, JSON.stringify(mapJson));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>Campus</title>');
  const redis = await startRedis();
  const nodes = await Promise.all(
    nodeIds.map((id) => spawnStateNode(id, { REDIS_URL: redis.url, MAP_FILE: mapFile, CLIENT_DIR: dir })),
  );
  const caddy = await startCaddy({
    STATE_DISCOVERY: 'list',
    STATE_UPSTREAMS: nodes.map((n) => n.upstream).join(' '),
    CLIENT_ROOT: dir,
  });
  const sockets: TestClient[] = [];
  return {
    redis,
    nodes,
    caddy,
    join: async (node, name, options = {}) => {
      const secret = options.secret ?? newSecret();
      const socket = io(caddy.url, {
        transports: ['websocket'],
        extraHeaders: { cookie: stickyCookie(node) },
        auth: { protocolVersion: PROTOCOL_VERSION, secret },
        reconnection: false,
        forceNew: true,
      }) as TestClient;
      sockets.push(socket);
      const reply = await socket.timeout(8000).emitWithAck('join', {
        name,
        appearance: { look: options.look ?? 'sky' },
        ...(options.resume ? { resume: options.resume } : {}),
      });
      if (!reply.ok) throw new Error(`join refused: ${reply.error.reason}`);
      return { socket, reply, secret };
    },
    close: async () => {
      for (const socket of sockets) socket.disconnect();
      await caddy.stop();
      await Promise.all(nodes.map((n) => n.kill()));
      await redis.stop();
    },
  };
}

const SERVER_DIR = fileURLToPath(new URL('../../', import.meta.url));

/** The admin's command, as `npm run teacher-link` runs it, against the cluster's Redis; resolves with what it prints. */
export async function teacherLink(redisUrl: string, ...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'src/teacherLink.ts', ...args],
    { cwd: SERVER_DIR, env: { ...process.env, REDIS_URL: redisUrl } },
  );
  return stdout;
}

/** A teacher link the admin makes with the CLI for `https://campus.example/`: its token and its id (to revoke it). */
export async function adminTeacherToken(
  redisUrl: string,
  name: string,
): Promise<{ token: string; id: string }> {
  const made = await teacherLink(redisUrl, '--name', name, '--url', 'https://campus.example/');
  const link = new URL(made.match(/https:\/\/campus\.example\/\S+/)![0]);
  return { token: link.searchParams.get('teacher')!, id: made.match(/--revoke (\S+)/)![1]! };
}
