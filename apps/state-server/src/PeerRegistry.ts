import { randomBytes, timingSafeEqual } from 'node:crypto';

/** Whom a peer id was issued to, and the token that proves it. */
export interface PeerEntry {
  userId: string;
  token: string;
}

/**
 * Where issued peer ids live: this process's memory by default, Redis when several nodes share the world
 * (`RedisPeerStore`), so that whichever node runs the signaling server can check a token another node issued.
 */
export interface PeerStore {
  /** Records the user's new peer id and token, dropping the id they held before. */
  replace(userId: string, peerId: string, token: string): Promise<void>;
  find(peerId: string): Promise<PeerEntry | undefined>;
  /** Drops the user's peer id, unless they have been issued another one since (by any node). */
  drop(userId: string, peerId: string): Promise<void>;
}

/** The one-process store. */
export class MemoryPeerStore implements PeerStore {
  private readonly byPeer = new Map<string, PeerEntry>();
  private readonly byUser = new Map<string, string>();

  replace(userId: string, peerId: string, token: string): Promise<void> {
    const old = this.byUser.get(userId);
    if (old !== undefined) this.byPeer.delete(old);
    this.byPeer.set(peerId, { userId, token });
    this.byUser.set(userId, peerId);
    return Promise.resolve();
  }

  find(peerId: string): Promise<PeerEntry | undefined> {
    return Promise.resolve(this.byPeer.get(peerId));
  }

  drop(userId: string, peerId: string): Promise<void> {
    if (this.byUser.get(userId) === peerId) {
      this.byPeer.delete(peerId);
      this.byUser.delete(userId);
    }
    return Promise.resolve();
  }
}

/**
 * Who may use the PeerJS signaling server: each session of an identified user gets a random peer id and token from
 * the state server; the signaling server lets a socket register only with a pair issued here (or, in a cluster, by
 * any node). Ids are not guessable (128 random bits) and one user holds at most one.
 */
export class PeerRegistry {
  /** The ids this node issued, so that a user leaving here revokes only what this node gave them. */
  private readonly issued = new Map<string, string>();

  constructor(private readonly store: PeerStore = new MemoryPeerStore()) {}

  /** Issues a fresh id and token for the user, revoking the one they had; resolves once they are stored. */
  async issue(userId: string): Promise<{ peerId: string; token: string }> {
    const peerId = randomBytes(16).toString('hex'); // PeerJS ids must start and end alphanumeric
    const token = randomBytes(16).toString('hex');
    this.issued.set(userId, peerId);
    await this.store.replace(userId, peerId, token);
    return { peerId, token };
  }

  /**
   * The peer id this node last issued to the user and still stands (what file holders are reached at), or undefined
   * when they have none from here.
   */
  peerIdOf(userId: string): string | undefined {
    return this.issued.get(userId);
  }

  /** The user a peer id and token were issued to, or undefined when they were not. */
  async authorize(peerId: string, token: string): Promise<string | undefined> {
    const entry = await this.store.find(peerId);
    if (!entry) return undefined;
    const a = Buffer.from(entry.token);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b) ? entry.userId : undefined;
  }

  /** Takes back one id issued to the user (its session was superseded before it could use it), unless replaced since. */
  async withdraw(userId: string, peerId: string): Promise<void> {
    if (this.issued.get(userId) === peerId) this.issued.delete(userId);
    await this.store.drop(userId, peerId);
  }

  /** Revokes what this node issued to the user, unless a newer session (here or elsewhere) has replaced it. */
  async revoke(userId: string): Promise<void> {
    const peerId = this.issued.get(userId);
    if (peerId === undefined) return;
    this.issued.delete(userId);
    await this.store.drop(userId, peerId);
  }
}
