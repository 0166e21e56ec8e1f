import type { AvatarLook, Profile, UserSnapshot } from '@campus/protocol';

export interface RosterEntry {
  userId: string;
  name: string;
  look: AvatarLook;
  online: boolean;
}

/** Who is in the world right now, as the server reports it; kept for the people list and for pending messages. */
export class Roster {
  private readonly entries = new Map<string, RosterEntry>();

  /** Starts over from a join or rejoin snapshot. */
  reset(users: readonly UserSnapshot[]): void {
    this.entries.clear();
    for (const u of users) this.add(u);
  }

  add(user: UserSnapshot): void {
    this.entries.set(user.userId, {
      userId: user.userId,
      name: user.profile.name,
      look: user.profile.appearance.look,
      online: user.online,
    });
  }

  updateProfile(userId: string, profile: Profile): RosterEntry | undefined {
    const entry = this.entries.get(userId);
    if (!entry) return undefined;
    entry.name = profile.name;
    entry.look = profile.appearance.look;
    return entry;
  }

  setOnline(userId: string, online: boolean): void {
    const entry = this.entries.get(userId);
    if (entry) entry.online = online;
  }

  remove(userId: string): void {
    this.entries.delete(userId);
  }

  get(userId: string): RosterEntry | undefined {
    return this.entries.get(userId);
  }

  isOnline(userId: string): boolean {
    return this.entries.get(userId)?.online ?? false;
  }

  /** Everyone present, by name. */
  list(): RosterEntry[] {
    return [...this.entries.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
}
