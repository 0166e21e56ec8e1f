import type { AvatarLook, Profile, Status, UserMedia, UserSnapshot } from '@campus/protocol';

export interface RosterEntry {
  userId: string;
  name: string;
  look: AvatarLook;
  status: Status;
  online: boolean;
  media?: UserMedia;
}

export type RosterEvent =
  | { kind: 'reset' }
  | { kind: 'joined'; userId: string }
  | { kind: 'left'; userId: string }
  | { kind: 'presence'; userId: string; online: boolean }
  | { kind: 'profile'; userId: string }
  | { kind: 'media'; userId: string };

/**
 * Who is in the world right now, as the server reports it: names, looks, status, presence and media endpoints.
 * The chat and the media mesh both read it and hear of its changes.
 */
export class Roster {
  private readonly entries = new Map<string, RosterEntry>();
  private readonly listeners = new Set<(event: RosterEvent) => void>();

  onChange(listener: (event: RosterEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts over from a join or rejoin snapshot. */
  reset(users: readonly UserSnapshot[]): void {
    this.entries.clear();
    for (const u of users) this.entries.set(u.userId, toEntry(u));
    this.emit({ kind: 'reset' });
  }

  add(user: UserSnapshot): void {
    this.entries.set(user.userId, toEntry(user));
    this.emit({ kind: 'joined', userId: user.userId });
  }

  updateProfile(userId: string, profile: Profile): void {
    const entry = this.entries.get(userId);
    if (!entry) return;
    entry.name = profile.name;
    entry.look = profile.appearance.look;
    entry.status = profile.status;
    this.emit({ kind: 'profile', userId });
  }

  setOnline(userId: string, online: boolean): void {
    const entry = this.entries.get(userId);
    if (!entry) return;
    entry.online = online;
    this.emit({ kind: 'presence', userId, online });
  }

  setMedia(userId: string, media: UserMedia | null): void {
    const entry = this.entries.get(userId);
    if (!entry) return;
    if (media) entry.media = media;
    else delete entry.media;
    this.emit({ kind: 'media', userId });
  }

  remove(userId: string): void {
    if (this.entries.delete(userId)) this.emit({ kind: 'left', userId });
  }

  get(userId: string): RosterEntry | undefined {
    return this.entries.get(userId);
  }

  isOnline(userId: string): boolean {
    return this.entries.get(userId)?.online ?? false;
  }

  /** The user who holds this PeerJS id right now, if anyone. */
  byPeerId(peerId: string): RosterEntry | undefined {
    for (const entry of this.entries.values()) if (entry.media?.peerId === peerId) return entry;
    return undefined;
  }

  /** Everyone present, by name. */
  list(): RosterEntry[] {
    return [...this.entries.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  private emit(event: RosterEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

function toEntry(u: UserSnapshot): RosterEntry {
  return {
    userId: u.userId,
    name: u.profile.name,
    look: u.profile.appearance.look,
    status: u.profile.status,
    online: u.online,
    ...(u.media ? { media: u.media } : {}),
  };
}
