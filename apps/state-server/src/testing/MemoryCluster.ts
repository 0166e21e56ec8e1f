import type { SeatLedger } from '../classrooms/SeatLedger';
import type { ClusterLink, ClusterOp, ReplicaEntry, UserChange } from '../cluster/ClusterLink';
import type { Clock } from '../ports';

/**
 * What Redis is to a cluster, in memory, with RedisClusterLink's semantics (the same atomic steps as its scripts), so
 * the cluster logic can be tested without a network. Changes reach the nodes only on `settle()`, in feed order, like
 * TestSocketPair's explicit flush; `down()` and `restore()` play a Redis outage and restart.
 */
export class MemoryCluster {
  private readonly owners = new Map<string, string>();
  private readonly users = new Map<string, ReplicaEntry>();
  private readonly seats = new Map<string, Set<string>>();
  private readonly alive = new Map<string, number>();
  private feed: Array<{ id: number; op: ClusterOp }> = [];
  private lastId = 0;
  private readonly links = new Set<MemoryLink>();
  up = true;

  constructor(readonly clock: Clock) {}

  /** A node's connection. */
  link(): ClusterLink {
    const link = new MemoryLink(this);
    this.links.add(link);
    return link;
  }

  /** The shared classroom seats. */
  seatLedger(): SeatLedger {
    return {
      claim: (roomId, userId, capacity) =>
        this.call(() => {
          const holders = this.seats.get(roomId) ?? new Set<string>();
          this.seats.set(roomId, holders);
          if (holders.has(userId)) return true;
          for (const holder of holders) if (!this.owners.has(holder)) holders.delete(holder);
          if (holders.size >= capacity) return false;
          holders.add(userId);
          return true;
        }),
      release: (roomId, userId) =>
        this.call(() => {
          this.seats.get(roomId)?.delete(userId);
        }),
    };
  }

  /** Who holds seats in a room, as the shared ledger has it. */
  seatsOf(roomId: string): string[] {
    return [...(this.seats.get(roomId) ?? [])].sort();
  }

  /** The users the shared state lists, for checking what a newcomer's node would load. */
  listed(): string[] {
    return [...this.users.keys()].sort();
  }

  /** Lets pending work finish and hands every announced change to every node, until nothing is left. */
  async settle(): Promise<void> {
    for (let round = 0; round < 100; round++) {
      await new Promise((resolve) => setImmediate(resolve));
      let delivered = false;
      if (this.up) for (const link of this.links) delivered = link.deliver(this.feed) || delivered;
      if (!delivered) return;
    }
    throw new Error('the cluster never settled');
  }

  /** Redis goes away: every call fails until `restore()`. */
  down(): void {
    this.up = false;
    for (const link of this.links) link.connected = false;
  }

  /**
   * Redis is back: with its data, or (`lose`) restarted empty, heartbeats and all. Each node's connection comes back
   * on its own: all at once, or only those in `reconnect` (the rest with `reconnect(link)` later).
   */
  restore(options: { lose: boolean; reconnect?: ClusterLink[] }): void {
    if (options.lose) {
      this.owners.clear();
      this.users.clear();
      this.seats.clear();
      this.alive.clear();
      this.feed = [];
    }
    this.up = true;
    for (const link of this.links) {
      if (!options.reconnect || options.reconnect.includes(link)) this.reconnect(link);
    }
  }

  /** One node's connection comes back. */
  reconnect(link: ClusterLink): void {
    for (const candidate of this.links) if (candidate === link) candidate.reconnected();
  }

  /** Runs one atomic step, or fails like a lost connection. */
  call<T>(step: () => T): Promise<T> {
    if (!this.up) return Promise.reject(new Error('redis is down'));
    return Promise.resolve(step());
  }

  announce(op: ClusterOp): void {
    this.feed.push({ id: ++this.lastId, op: structuredClone(op) });
  }

  publish(change: UserChange): boolean {
    const userId = change.t === 'leave' ? change.userId : change.entry.user.userId;
    const owner = change.t === 'leave' ? `${change.node}\t${change.sessionId}` : ownerOf(change.entry);
    if (change.t !== 'claim' && this.owners.get(userId) !== owner) return false;
    if (change.t === 'leave') {
      this.owners.delete(userId);
      this.users.delete(userId);
    } else {
      this.owners.set(userId, owner);
      this.users.set(userId, change.entry);
    }
    this.announce(change);
    return true;
  }

  load(): { entries: ReplicaEntry[]; cursor: string } {
    return { entries: structuredClone([...this.users.values()]), cursor: String(this.lastId) };
  }

  resync(node: string, entries: readonly ReplicaEntry[]): ReplicaEntry[] {
    const kept: ReplicaEntry[] = [];
    const taken: ReplicaEntry[] = [];
    for (const entry of entries) {
      const current = this.owners.get(entry.user.userId);
      if (current === undefined || current.startsWith(`${node}\t`)) {
        this.owners.set(entry.user.userId, ownerOf(entry));
        this.users.set(entry.user.userId, entry);
        for (const [roomId, holders] of this.seats) {
          if (roomId === entry.room) holders.add(entry.user.userId);
          else holders.delete(entry.user.userId);
        }
        if (entry.room && !this.seats.has(entry.room))
          this.seats.set(entry.room, new Set([entry.user.userId]));
        kept.push(entry);
      } else {
        const holder = this.users.get(entry.user.userId);
        if (holder) taken.push(holder);
      }
    }
    const mine = new Set(kept.map((e) => e.user.userId));
    for (const [userId, owner] of [...this.owners]) {
      if (owner.startsWith(`${node}\t`) && !mine.has(userId)) {
        this.owners.delete(userId);
        this.users.delete(userId);
      }
    }
    this.announce({ t: 'roster', node, entries: kept });
    return structuredClone(taken);
  }

  beat(node: string, ttlMs: number): void {
    this.alive.set(node, this.clock.now() + ttlMs);
  }

  isAlive(node: string): boolean {
    return (this.alive.get(node) ?? 0) > this.clock.now();
  }

  forget(node: string): void {
    this.alive.delete(node);
  }

  reap(node: string): boolean {
    if (this.isAlive(node)) return false;
    for (const [userId, owner] of [...this.owners]) {
      if (!owner.startsWith(`${node}\t`)) continue;
      this.owners.delete(userId);
      this.users.delete(userId);
      for (const holders of this.seats.values()) holders.delete(userId);
    }
    this.announce({ t: 'reap', node });
    return true;
  }
}

function ownerOf(entry: ReplicaEntry): string {
  return `${entry.node}\t${entry.sessionId}`;
}

class MemoryLink implements ClusterLink {
  private cursor = 0;
  private handler: ((op: ClusterOp) => void) | undefined;
  private readonly reconnectListeners: Array<() => void> = [];
  private closed = false;
  connected = true;

  constructor(private readonly hub: MemoryCluster) {}

  get ready(): boolean {
    return this.hub.up && this.connected && !this.closed;
  }

  onReconnect(callback: () => void): void {
    this.reconnectListeners.push(callback);
  }

  reconnected(): void {
    this.connected = true;
    if (!this.closed) for (const listener of this.reconnectListeners) listener();
  }

  deliver(feed: ReadonlyArray<{ id: number; op: ClusterOp }>): boolean {
    if (!this.handler || !this.ready) return false;
    let delivered = false;
    for (const { id, op } of feed) {
      if (id <= this.cursor) continue;
      this.cursor = id;
      delivered = true;
      this.handler(structuredClone(op));
    }
    return delivered;
  }

  publish(change: UserChange): Promise<boolean> {
    return this.call(() => this.hub.publish(structuredClone(change)));
  }

  load(): Promise<{ entries: ReplicaEntry[]; cursor: string }> {
    return this.call(() => this.hub.load());
  }

  resync(node: string, entries: readonly ReplicaEntry[]): Promise<ReplicaEntry[]> {
    return this.call(() => this.hub.resync(node, structuredClone(entries)));
  }

  follow(cursor: string, handler: (op: ClusterOp) => void): void {
    this.cursor = Number(cursor);
    this.handler = handler;
  }

  beat(node: string, ttlMs: number): Promise<void> {
    return this.call(() => this.hub.beat(node, ttlMs));
  }

  dead(nodes: readonly string[]): Promise<string[]> {
    return this.call(() => nodes.filter((node) => !this.hub.isAlive(node)));
  }

  reap(node: string): Promise<boolean> {
    return this.call(() => this.hub.reap(node));
  }

  forget(node: string): Promise<void> {
    return this.call(() => this.hub.forget(node));
  }

  /** Closes the connection; a node whose link is closed without `forget` is, to the others, a node that died. */
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  private call<T>(step: () => T): Promise<T> {
    if (this.closed) return Promise.reject(new Error('connection closed'));
    return this.connected ? this.hub.call(step) : Promise.reject(new Error('reconnecting'));
  }
}
