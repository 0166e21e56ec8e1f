import type { Classrooms } from '../classrooms/Classrooms';
import type { Logger } from '../logger';
import type { Cancel, Clock } from '../ports';
import type { WorldRoom } from '../WorldRoom';
import type { ClusterLink, ClusterOp, ReplicaEntry, UserChange } from './ClusterLink';

export interface ClusterTimings {
  /** How often a node says it is alive. */
  heartbeatMs?: number;
  /** How long a node counts as alive after saying so: the most a dead node's users linger. */
  ttlMs?: number;
  /** How often a node checks that the nodes whose users it shows are alive. */
  sweepMs?: number;
}

/** What a node owes the others about one of its users, gathered until the current task ends. */
interface Owed {
  claim: boolean;
  update: boolean;
  /** The session whose presence ended. */
  leave?: string;
}

/**
 * Keeps this node's WorldRoom and Classrooms in step with the other nodes of a cluster, through a ClusterLink.
 * Every node holds the whole world: what happens to its own users it decides and publishes (the results, never the
 * requests); what others publish it applies, so its clients hear of everyone as if on one server. Nodes say they are
 * alive every `heartbeatMs`; the users of one that stays silent for `ttlMs` are removed everywhere.
 */
export class ClusterBridge {
  private readonly owed = new Map<string, Owed>();
  /** Claims this node published but has not yet read back: any earlier claim in the feed loses to them. */
  private readonly claims = new Map<string, string>();
  private readonly heartbeatMs: number;
  private readonly ttlMs: number;
  private readonly sweepMs: number;
  private timers: Cancel[] = [];
  private stopped = false;
  private needsResync = false;
  /** Until then, a silent node is not judged: after a reconnect the others need a heartbeat to say they are there. */
  private judgeFrom = 0;
  private failing = false;

  constructor(
    private readonly nodeId: string,
    private readonly room: WorldRoom,
    private readonly classrooms: Classrooms,
    private readonly link: ClusterLink,
    private readonly clock: Clock,
    private readonly log: Logger,
    timings: ClusterTimings = {},
  ) {
    this.heartbeatMs = timings.heartbeatMs ?? 2000;
    this.ttlMs = timings.ttlMs ?? 8000;
    this.sweepMs = timings.sweepMs ?? 2000;
    room.observe({
      joined: (userId) => (this.owe(userId).claim = true),
      moved: (userId, _stroke, local) => {
        if (local) this.owe(userId).update = true;
      },
      changed: (userId) => (this.owe(userId).update = true),
      left: (userId, local, sessionId) => {
        if (local) this.owe(userId).leave = sessionId;
      },
    });
    classrooms.onChange((userId) => (this.owe(userId).update = true));
  }

  /** Registers, loads the world the others hold, announces this node's users and follows the feed. */
  async start(): Promise<void> {
    await this.link.beat(this.nodeId, this.ttlMs);
    const { entries, cursor } = await this.link.load();
    for (const entry of entries) if (entry.node !== this.nodeId) this.applyEntry(entry, true);
    // Entries under this node's name are from an earlier run: the roster (of nobody yet, or of whoever joined
    // meanwhile) tells everyone they are gone.
    await this.resync();
    this.link.follow(cursor, (op) => this.read(op));
    this.link.onReconnect(() => void this.reconnected());
    this.every(this.heartbeatMs, () => this.heartbeat());
    this.every(this.sweepMs, () => this.sweep());
  }

  /** Leaves the cluster (after a drain): stops saying it is alive, and its remaining users are removed everywhere. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.flush();
    this.stopped = true;
    for (const cancel of this.timers) cancel();
    this.timers = [];
    try {
      await this.link.forget(this.nodeId);
      await this.link.reap(this.nodeId);
    } catch (err) {
      this.log.warn({ err: String(err) }, 'could not deregister from the cluster');
    }
    await this.link.close();
  }

  /** Applies one change from the feed. */
  private read(op: ClusterOp): void {
    if (this.stopped) return;
    try {
      switch (op.t) {
        case 'claim':
        case 'update': {
          const { entry } = op;
          const userId = entry.user.userId;
          if (entry.node === this.nodeId) {
            if (op.t === 'claim' && this.claims.get(userId) === entry.sessionId) this.claims.delete(userId);
            return;
          }
          // This node claimed the user after this (its claim is further on in the feed, and wins everywhere).
          if (op.t === 'claim' && this.claims.has(userId)) return;
          this.applyEntry(entry, op.t === 'claim');
          return;
        }
        case 'leave':
          if (op.node !== this.nodeId) {
            this.room.removeRemote(op.node, { userId: op.userId, sessionId: op.sessionId });
          }
          return;
        case 'roster': {
          if (op.node === this.nodeId) return;
          for (const entry of op.entries)
            if (!this.claims.has(entry.user.userId)) this.applyEntry(entry, true);
          this.room.removeRemote(op.node, undefined, new Set(op.entries.map((e) => e.user.userId)));
          return;
        }
        case 'reap':
          if (op.node === this.nodeId) {
            // The others took this node for dead (it could not reach Redis for too long): tell them it is here.
            this.log.warn({}, 'the cluster took this node for dead; announcing its users again');
            this.needsResync = true;
            return;
          }
          this.room.removeRemote(op.node);
          return;
        default: {
          const unreachable: never = op;
          throw new Error(`unknown cluster op ${JSON.stringify(unreachable)}`);
        }
      }
    } catch (err) {
      this.log.error({ err: String(err), stack: (err as Error)?.stack }, 'could not apply a cluster change');
    }
  }

  private applyEntry(entry: ReplicaEntry, claim: boolean): void {
    if (this.room.applyRemote(entry.node, entry.sessionId, entry.user, claim)) {
      this.classrooms.applyRemote(entry.user.userId, entry.room);
    }
  }

  private owe(userId: string): Owed {
    let owed = this.owed.get(userId);
    if (!owed) {
      owed = { claim: false, update: false };
      this.owed.set(userId, owed);
      // One join, move or leave touches the world in several ways; the others hear of it once, when it is done.
      if (this.owed.size === 1) queueMicrotask(() => this.flush());
    }
    return owed;
  }

  private flush(): void {
    if (this.stopped) return;
    const owed = [...this.owed];
    this.owed.clear();
    for (const [userId, { claim, update, leave }] of owed) {
      const entry = (claim || update) && this.room.isLocal(userId) ? this.entryOf(userId) : undefined;
      if (entry && claim) {
        this.claims.set(userId, entry.sessionId);
        this.publish({ t: 'claim', entry });
      } else if (entry) {
        this.publish({ t: 'update', entry });
      }
      if (leave !== undefined) this.publish({ t: 'leave', node: this.nodeId, sessionId: leave, userId });
    }
  }

  private entryOf(userId: string): ReplicaEntry | undefined {
    const found = this.room.userSnapshot(userId);
    if (!found) return undefined;
    const room = this.classrooms.roomOf(userId);
    return { node: this.nodeId, sessionId: found.sessionId, user: found.user, ...(room ? { room } : {}) };
  }

  private publish(change: UserChange): void {
    this.link.publish(change).then(
      () => {
        if (this.failing) this.log.info({}, 'cluster changes go through again');
        this.failing = false;
      },
      (err: unknown) => {
        if (change.t === 'claim' && this.claims.get(change.entry.user.userId) === change.entry.sessionId) {
          this.claims.delete(change.entry.user.userId);
        }
        // Local clients carry on; the others catch up from the roster once Redis answers again.
        this.needsResync = true;
        if (!this.failing) {
          const userId = change.t === 'leave' ? change.userId : change.entry.user.userId;
          this.log.warn({ err: String(err), change: change.t, userId }, 'could not publish a cluster change');
        }
        this.failing = true;
      },
    );
  }

  /** Announces every user of this node again; takes in those another node claimed meanwhile. */
  private async resync(): Promise<void> {
    this.needsResync = false;
    const entries = this.room.localUsers().flatMap((userId) => this.entryOf(userId) ?? []);
    try {
      const taken = await this.link.resync(this.nodeId, entries);
      for (const entry of taken) if (!this.claims.has(entry.user.userId)) this.applyEntry(entry, true);
    } catch (err) {
      this.needsResync = true;
      this.log.warn({ err: String(err) }, 'could not announce this node to the cluster');
    }
  }

  private async reconnected(): Promise<void> {
    if (this.stopped) return;
    this.log.info({}, 'redis is back: announcing this node again');
    this.judgeFrom = this.clock.now() + this.ttlMs;
    // A claim whose feed entry a restart lost would never be read back; the roster now settles who holds whom.
    this.claims.clear();
    await this.heartbeat();
    this.needsResync = true;
    await this.resync();
  }

  private async heartbeat(): Promise<void> {
    try {
      await this.link.beat(this.nodeId, this.ttlMs);
      if (this.needsResync && this.link.ready) await this.resync();
    } catch {
      // Redis is away: reconnected() takes it from there.
    }
  }

  /** Removes, everywhere, the users of nodes that stopped saying they are alive. */
  private async sweep(): Promise<void> {
    if (!this.link.ready || this.clock.now() < this.judgeFrom) return;
    const nodes = [...this.room.remoteNodes()];
    if (nodes.length === 0) return;
    try {
      for (const node of await this.link.dead(nodes)) {
        if (await this.link.reap(node))
          this.log.warn({ deadNode: node }, 'a node stopped answering; its users left');
      }
    } catch {
      // Redis is away: nobody can be judged until it is back.
    }
  }

  /** Runs `task` every `ms`, one run at a time. */
  private every(ms: number, task: () => Promise<void>): void {
    let cancel: Cancel = () => {};
    const tick = (): void => {
      if (this.stopped) return;
      void task().finally(() => {
        if (!this.stopped) cancel = this.clock.setTimeout(tick, ms);
      });
    };
    cancel = this.clock.setTimeout(tick, ms);
    this.timers.push(() => cancel());
  }
}
