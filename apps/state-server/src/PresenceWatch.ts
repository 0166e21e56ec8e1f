/**
 * Who follows whose presence beyond their area of interest: each user's direct-message partners, as their client
 * lists them. Without it a partner who walked far away would look offline, and waiting messages would never go.
 */
export class PresenceWatch {
  private readonly followers = new Map<string, Set<string>>();
  private readonly following = new Map<string, Set<string>>();

  /** Replaces the list of users `watcher` follows. */
  set(watcher: string, userIds: Iterable<string>): void {
    this.forget(watcher);
    const next = new Set(userIds);
    next.delete(watcher);
    if (next.size === 0) return;
    this.following.set(watcher, next);
    for (const id of next) {
      const set = this.followers.get(id) ?? new Set<string>();
      set.add(watcher);
      this.followers.set(id, set);
    }
  }

  /** Who follows `userId`. */
  watchersOf(userId: string): ReadonlySet<string> {
    return this.followers.get(userId) ?? NONE;
  }

  /** Drops everything `watcher` follows (they left the world). */
  forget(watcher: string): void {
    const old = this.following.get(watcher);
    if (!old) return;
    this.following.delete(watcher);
    for (const id of old) {
      const set = this.followers.get(id);
      set?.delete(watcher);
      if (set?.size === 0) this.followers.delete(id);
    }
  }
}

const NONE: ReadonlySet<string> = new Set();
