import type { PeerEntry, PeerStore } from '../PeerRegistry';
import { PEERS, PEER_USERS, run, type RedisClient } from './RedisClusterLink';
import { DROP_PEER, REPLACE_PEER } from './redisScripts';

/**
 * Issued PeerJS ids and tokens in Redis (hashes `campus:peers` and `campus:peers:users`), so that the one node Caddy
 * sends every browser's signaling to accepts tokens whichever node issued them, and so does the next one if it dies.
 * A reaped node's users lose theirs with it (the REAP script).
 */
export class RedisPeerStore implements PeerStore {
  constructor(private readonly client: RedisClient) {}

  async replace(userId: string, peerId: string, token: string): Promise<void> {
    await run(this.client, REPLACE_PEER, [PEERS, PEER_USERS], [userId, peerId, `${userId}\t${token}`]);
  }

  async find(peerId: string): Promise<PeerEntry | undefined> {
    const value = await this.client.hGet(PEERS, peerId);
    if (typeof value !== 'string') return undefined;
    const tab = value.indexOf('\t');
    return tab < 0 ? undefined : { userId: value.slice(0, tab), token: value.slice(tab + 1) };
  }

  async drop(userId: string, peerId: string): Promise<void> {
    await run(this.client, DROP_PEER, [PEERS, PEER_USERS], [userId, peerId]);
  }
}
