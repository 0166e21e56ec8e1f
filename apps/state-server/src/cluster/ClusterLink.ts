import type { UserSnapshot } from '@campus/protocol';

/** One user as the node holding their session announces them: what others see, and which classroom they are in. */
export interface ReplicaEntry {
  node: string;
  sessionId: string;
  user: UserSnapshot;
  room?: string;
}

/** A change a node makes to its own users, recorded in the shared state and announced to every node in one step. */
export type UserChange =
  /** The node's session took the user's presence (a join, or a takeover from wherever it was). */
  | { t: 'claim'; entry: ReplicaEntry }
  /** What others see of the user changed; refused when that session no longer holds the presence. */
  | { t: 'update'; entry: ReplicaEntry }
  /** The user left; refused, likewise, for a superseded session. */
  | { t: 'leave'; node: string; sessionId: string; userId: string };

/** What every node reads from the shared feed, in one order for all. */
export type ClusterOp =
  | UserChange
  /** All of `node`'s users, after it (re)connected: those it no longer lists left while it could not say so. */
  | { t: 'roster'; node: string; entries: ReplicaEntry[] }
  /** `node` stopped answering (or drained): its users are gone. */
  | { t: 'reap'; node: string };

/**
 * What the nodes of a cluster share, and how they hear of each other's changes: Redis in production
 * (RedisClusterLink), an in-memory hub in tests. Every write is atomic with its announcement, so the shared state and
 * the feed agree on one order; a write from a session that has been superseded is refused.
 */
export interface ClusterLink {
  /** True while the shared state answers. */
  readonly ready: boolean;
  /** Calls back each time the connection comes back after it was lost. */
  onReconnect(callback: () => void): void;
  /** Records and announces a change; false when refused (the session no longer holds the user). */
  publish(change: UserChange): Promise<boolean>;
  /** Everyone now, and where in the feed to follow on from. */
  load(): Promise<{ entries: ReplicaEntry[]; cursor: string }>;
  /**
   * Rewrites `node`'s users (after a start or a lost connection), forgets those it no longer has, and announces the
   * roster; resolves with the entries of users another node claimed meanwhile (who are no longer this node's).
   */
  resync(node: string, entries: readonly ReplicaEntry[]): Promise<ReplicaEntry[]>;
  /** Calls `handler` with each change after `cursor`, in order, until closed. */
  follow(cursor: string, handler: (op: ClusterOp) => void): void;
  /** Says `node` is alive for the next `ttlMs`. */
  beat(node: string, ttlMs: number): Promise<void>;
  /** Which of these nodes have stopped saying so. */
  dead(nodes: readonly string[]): Promise<string[]>;
  /** If `node` is still silent: removes its users and their seats and announces it; false when it is alive. */
  reap(node: string): Promise<boolean>;
  /** Stops saying `node` is alive (it is leaving). */
  forget(node: string): Promise<void>;
  close(): Promise<void>;
}
