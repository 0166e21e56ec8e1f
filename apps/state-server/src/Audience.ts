import type { Point, ServerToClientEvents, UserSnapshot } from '@campus/protocol';
import type { Rect, WorldMap } from '@campus/world';
import { InterestGrid } from './InterestGrid';
import { snapshotOf } from './Member';
import type { MemberReader } from './Members';
import type { Clock } from './ports';
import { PresenceWatch } from './PresenceWatch';

/**
 * Who hears of each change to a user: those in the user's area of interest (InterestGrid), and for presence also those
 * who watch the user from afar (their direct-message partners). Someone who comes into a user's area gets a
 * `user:visible` snapshot; someone who goes out of it, `user:hidden`. It only reads the members (`Members` keeps them).
 */
export class Audience {
  private readonly grid: InterestGrid;
  private readonly watch = new PresenceWatch();

  constructor(
    map: WorldMap,
    clock: Clock,
    private readonly members: MemberReader,
  ) {
    this.grid = new InterestGrid(map, clock, {
      met: (a, b) => {
        this.sendSnapshot(a, b);
        this.sendSnapshot(b, a);
      },
      parted: (a, b) => {
        this.portOf(a)?.send('user:hidden', { userId: b });
        this.portOf(b)?.send('user:hidden', { userId: a });
      },
    });
  }

  /** A newcomer (already a member): announces them around and to their watchers; returns what they see. */
  arrive(userId: string): UserSnapshot[] {
    const member = this.members.get(userId);
    if (!member) return [];
    const around = this.grid.add(userId, member.position);
    const self = snapshotOf(userId, member);
    for (const id of around) this.portOf(id)?.send('user:joined', self);
    this.tellWatchers(userId, true, around);
    return this.snapshotsOf(around);
  }

  /** The member's stroke changed: whoever it meets or parts is told so, and those who saw them get the stroke. */
  moved(userId: string): void {
    const member = this.members.get(userId);
    if (!member) return;
    const met = this.grid.update(userId, member.position);
    for (const id of this.grid.audience(userId)) {
      if (!met.has(id)) this.portOf(id)?.send('user:moved', member.position);
    }
  }

  /** The user left the world (no longer a member): `user:left` around them, offline to their watchers. */
  depart(userId: string): void {
    const around = this.grid.remove(userId);
    this.watch.forget(userId);
    for (const id of around) this.portOf(id)?.send('user:left', { userId });
    this.tellWatchers(userId, false, around);
  }

  /** Sends an event about `userId` to everyone whose area of interest holds them. */
  tell<E extends keyof ServerToClientEvents>(
    userId: string,
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void {
    for (const id of this.grid.audience(userId)) this.portOf(id)?.send(event, ...args);
  }

  /** A user's connection went down or came back: to those around them and to those who watch them. */
  presence(userId: string, online: boolean): void {
    const around = this.grid.audience(userId);
    for (const id of around) this.portOf(id)?.send('user:presence', { userId, online });
    this.tellWatchers(userId, online, around);
  }

  /** Replaces whom `userId` watches; returns which of them are connected now. */
  watchPresence(userId: string, userIds: readonly string[]): string[] {
    this.watch.set(userId, userIds);
    return [...new Set(userIds)].filter((id) => id !== userId && this.members.isOnline(id));
  }

  snapshotsAround(userId: string): UserSnapshot[] {
    return this.snapshotsOf(this.grid.audience(userId));
  }

  /** Where the user's avatar is now, by its stroke. */
  where(userId: string): Point | undefined {
    return this.grid.where(userId);
  }

  /** Users who may stand in `rect` now (a superset: filter by `at`). */
  around(rect: Rect): Iterable<{ userId: string; at: Point }> {
    return this.grid.around(rect);
  }

  private sendSnapshot(to: string, userId: string): void {
    const member = this.members.get(userId);
    if (member) this.portOf(to)?.send('user:visible', snapshotOf(userId, member));
  }

  private snapshotsOf(userIds: readonly string[]): UserSnapshot[] {
    return userIds.flatMap((id) => {
      const m = this.members.get(id);
      return m ? [snapshotOf(id, m)] : [];
    });
  }

  /** Presence for the watchers not among `around` (who hear of the user anyway). */
  private tellWatchers(userId: string, online: boolean, around: readonly string[]): void {
    const watchers = this.watch.watchersOf(userId);
    if (watchers.size === 0) return;
    const told = new Set(around);
    for (const id of watchers) if (!told.has(id)) this.portOf(id)?.send('user:presence', { userId, online });
  }

  /** Only sessions on this node are told from here; another node's users hear of it from their node. */
  private portOf(userId: string) {
    return this.members.portOf(userId);
  }
}
