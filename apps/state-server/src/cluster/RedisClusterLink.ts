import type { createClient } from 'redis';
import type { Logger } from '../logger';
import type { SeatLedger } from '../classrooms/SeatLedger';
import type { ClusterLink, ClusterOp, ReplicaEntry, UserChange } from './ClusterLink';
import { CLAIM_SEAT, PUBLISH, REAP, RESYNC, type RedisScript } from './redisScripts';

export type RedisClient = ReturnType<typeof createClient>;

const OWNERS = 'campus:world:owners';
const USERS = 'campus:world:users';
const FEED = 'campus:world:feed';
const SEATS = 'campus:seats:';
/** Issued PeerJS ids (RedisPeerStore); a reaped node's users lose theirs. */
export const PEERS = 'campus:peers';
export const PEER_USERS = 'campus:peers:users';
const nodeKey = (node: string): string => `campus:node:${node}`;
/** Enough for a reader that fell behind by a few seconds of a busy campus; older changes are trimmed. */
const FEED_LENGTH = '10000';
/** How long one read waits for news before asking again (and noticing it was closed). */
const READ_BLOCK_MS = '5000';

/** Runs a script by its hash, sending its source only when Redis does not know it yet (after a restart). */
export async function run(
  client: RedisClient,
  script: RedisScript,
  keys: string[],
  args: string[],
): Promise<unknown> {
  try {
    return await client.sendCommand(['EVALSHA', script.sha, String(keys.length), ...keys, ...args]);
  } catch (err) {
    if (!String((err as Error)?.message).startsWith('NOSCRIPT')) throw err;
    return client.sendCommand(['EVAL', script.source, String(keys.length), ...keys, ...args]);
  }
}

/** Field/value pairs from a reply that is a flat array (RESP2), a Map or an object (RESP3). */
function pairs(reply: unknown): Array<[string, string]> {
  if (Array.isArray(reply)) {
    const out: Array<[string, string]> = [];
    for (let i = 0; i + 1 < reply.length; i += 2) out.push([String(reply[i]), String(reply[i + 1])]);
    return out;
  }
  if (reply instanceof Map) return [...reply].map(([k, v]) => [String(k), String(v)]);
  if (reply && typeof reply === 'object') return Object.entries(reply).map(([k, v]) => [k, String(v)]);
  return [];
}

/** Stream entries `[id, fields]` from an XRANGE/XREVRANGE reply, or from an XREAD reply for one stream. */
function streamEntries(reply: unknown): Array<{ id: string; fields: Map<string, string> }> {
  let entries: unknown = reply;
  if (reply instanceof Map) entries = [...reply.values()][0];
  else if (reply && typeof reply === 'object' && !Array.isArray(reply)) entries = Object.values(reply)[0];
  else if (
    Array.isArray(reply) &&
    Array.isArray(reply[0]) &&
    typeof reply[0][0] === 'string' &&
    reply[0][0] === FEED
  ) {
    entries = reply[0][1];
  }
  if (!Array.isArray(entries)) return [];
  return entries.map((entry) => {
    const [id, fields] = entry as [unknown, unknown];
    return { id: String(id), fields: new Map(pairs(fields)) };
  });
}

/**
 * The cluster's shared state in Redis: who holds each user and what others see of them (two hashes), a stream of
 * changes every node reads in order (a reader resumes from its last id, so a short outage loses nothing), heartbeat
 * keys that expire, and classroom seats. Writes go through Lua scripts (redisScripts.ts) that change the state and
 * append to the stream in one step. Needs two connections: one for commands, one that blocks reading the stream.
 */
export class RedisClusterLink implements ClusterLink, SeatLedger {
  private closed = false;
  private readonly seatKeys: string[];

  constructor(
    private readonly client: RedisClient,
    private readonly reader: RedisClient,
    roomIds: readonly string[],
    private readonly log: Logger,
  ) {
    this.seatKeys = roomIds.map((id) => SEATS + id);
  }

  get ready(): boolean {
    return this.client.isReady;
  }

  onReconnect(callback: () => void): void {
    this.client.on('ready', callback);
  }

  async publish(change: UserChange): Promise<boolean> {
    const args =
      change.t === 'leave'
        ? [change.t, change.userId, `${change.node}\t${change.sessionId}`, '']
        : [change.t, change.entry.user.userId, ownerOf(change.entry), JSON.stringify(change.entry)];
    const id = await run(
      this.client,
      PUBLISH,
      [OWNERS, USERS, FEED],
      [...args, JSON.stringify(change), FEED_LENGTH],
    );
    return id !== null && id !== undefined;
  }

  async load(): Promise<{ entries: ReplicaEntry[]; cursor: string }> {
    const [last, users] = (await this.client
      .multi()
      .addCommand(['XREVRANGE', FEED, '+', '-', 'COUNT', '1'])
      .addCommand(['HGETALL', USERS])
      .exec()) as unknown[];
    const entries = pairs(users).flatMap(([, json]) => this.parse<ReplicaEntry>(json) ?? []);
    return { entries, cursor: streamEntries(last)[0]?.id ?? '0-0' };
  }

  async resync(node: string, entries: readonly ReplicaEntry[]): Promise<ReplicaEntry[]> {
    const args = entries.flatMap((e) => [e.user.userId, ownerOf(e), JSON.stringify(e), e.room ?? '']);
    const taken = await run(
      this.client,
      RESYNC,
      [OWNERS, USERS, FEED, ...this.seatKeys],
      [node, FEED_LENGTH, SEATS, ...args],
    );
    return (Array.isArray(taken) ? taken : []).flatMap(
      (json) => this.parse<ReplicaEntry>(String(json)) ?? [],
    );
  }

  follow(cursor: string, handler: (op: ClusterOp) => void): void {
    void this.readFrom(cursor, handler);
  }

  async beat(node: string, ttlMs: number): Promise<void> {
    await this.client.sendCommand(['SET', nodeKey(node), String(Date.now()), 'PX', String(ttlMs)]);
  }

  async dead(nodes: readonly string[]): Promise<string[]> {
    if (nodes.length === 0) return [];
    const found = (await this.client.sendCommand(['MGET', ...nodes.map(nodeKey)])) as unknown[];
    return nodes.filter((_, i) => found[i] === null || found[i] === undefined);
  }

  async reap(node: string): Promise<boolean> {
    const keys = [OWNERS, USERS, FEED, nodeKey(node), PEERS, PEER_USERS, ...this.seatKeys];
    return Number(await run(this.client, REAP, keys, [node, FEED_LENGTH])) === 1;
  }

  async forget(node: string): Promise<void> {
    await this.client.sendCommand(['DEL', nodeKey(node)]);
  }

  async claim(roomId: string, userId: string, capacity: number): Promise<boolean> {
    return (
      Number(await run(this.client, CLAIM_SEAT, [SEATS + roomId, OWNERS], [userId, String(capacity)])) === 1
    );
  }

  async release(roomId: string, userId: string): Promise<void> {
    await this.client.sendCommand(['SREM', SEATS + roomId, userId]);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // The reader may be blocked in XREAD: cut it off rather than wait.
    this.reader.destroy();
    await this.client.close().catch(() => this.client.destroy());
  }

  /** Reads the feed from `cursor` on, in order, for as long as the link is open; a lost connection is waited out. */
  private async readFrom(cursor: string, handler: (op: ClusterOp) => void): Promise<void> {
    let last = cursor;
    while (!this.closed) {
      try {
        const reply = await this.reader.sendCommand([
          'XREAD',
          'BLOCK',
          READ_BLOCK_MS,
          'COUNT',
          '100',
          'STREAMS',
          FEED,
          last,
        ]);
        for (const { id, fields } of streamEntries(reply)) {
          last = id;
          const op = this.parse<ClusterOp>(fields.get('op') ?? '');
          if (op) handler(op);
        }
      } catch {
        if (this.closed) return;
        // Reconnecting: node-redis comes back by itself; ask again shortly, from the same place.
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }

  private parse<T>(json: string): T | undefined {
    try {
      return JSON.parse(json) as T;
    } catch {
      this.log.error({ json: json.slice(0, 200) }, 'unreadable cluster data in redis');
      return undefined;
    }
  }
}

function ownerOf(entry: ReplicaEntry): string {
  return `${entry.node}\t${entry.sessionId}`;
}
