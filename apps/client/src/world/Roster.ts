import type { AvatarLook, PositionState, Profile, Status, UserMedia, UserSnapshot } from '@campus/protocol';
import type { MovementStroke } from '@campus/world';
import type { RemoteTrack } from './RemoteTrack';

export interface RosterEntry {
  userId: string;
  name: string;
  look: AvatarLook;
  status: Status;
  online: boolean;
  media?: UserMedia;
  /** Where they are and are heading, for drawing and for proximity media (absent in a roster built without a map). */
  track?: RemoteTrack;
}

export type RosterEvent =
  | { kind: 'reset' }
  | { kind: 'joined'; userId: string }
  | { kind: 'left'; userId: string }
  /** Out of this user's area of interest, but still in the world. */
  | { kind: 'hidden'; userId: string }
  | { kind: 'presence'; userId: string; online: boolean }
  | { kind: 'profile'; userId: string }
  | { kind: 'media'; userId: string };

/**
 * Who is in the world around this user right now (their area of interest), as the server reports it: names, looks,
 * status, presence and media endpoints; and whether the users they watch (direct-message partners) are online,
 * wherever those are, and where each one is walking (their stroke). The scene, the chat and the media all read it and
 * hear of its changes; it is the people part of the CampusStore.
 */
export class Roster {
  private readonly entries = new Map<string, RosterEntry>();
  /** The last known presence of each watched user, in range or not. */
  private readonly watched = new Map<string, boolean>();
  private readonly listeners = new Set<(event: RosterEvent) => void>();

  /** `startTrack` follows a newcomer from their snapshot's position; without it nobody's position is kept. */
  constructor(private readonly startTrack?: (position: PositionState) => RemoteTrack) {}

  onChange(listener: (event: RosterEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts over from a join or rejoin snapshot. */
  reset(users: readonly UserSnapshot[]): void {
    this.entries.clear();
    for (const u of users) this.entries.set(u.userId, this.toEntry(u));
    this.emit({ kind: 'reset' });
  }

  add(user: UserSnapshot): void {
    this.entries.set(user.userId, this.toEntry(user));
    if (this.watched.has(user.userId)) this.watched.set(user.userId, user.online);
    this.emit({ kind: 'joined', userId: user.userId });
  }

  /** Someone in range started, turned or stopped (the stroke in this page's clock), seen at `now`. */
  move(userId: string, stroke: MovementStroke, now: number): void {
    this.entries.get(userId)?.track?.apply(stroke, now);
  }

  /** Follows these users' presence from now on (the server's answer to `presence:watch` says who is online). */
  setWatched(userIds: readonly string[], online: readonly string[]): void {
    const isOnline = new Set(online);
    const before = new Map(this.watched);
    this.watched.clear();
    for (const id of userIds) this.watched.set(id, this.entries.get(id)?.online ?? isOnline.has(id));
    for (const [id, now] of this.watched) {
      if (before.get(id) !== now && !this.entries.has(id))
        this.emit({ kind: 'presence', userId: id, online: now });
    }
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
    const watched = this.watched.has(userId);
    if (watched) this.watched.set(userId, online);
    if (!entry && !watched) return;
    if (entry) entry.online = online;
    this.emit({ kind: 'presence', userId, online });
  }

  setMedia(userId: string, media: UserMedia | null): void {
    const entry = this.entries.get(userId);
    if (!entry) return;
    if (media) entry.media = media;
    else delete entry.media;
    this.emit({ kind: 'media', userId });
  }

  /** The user left the world. */
  remove(userId: string): void {
    if (this.watched.has(userId)) this.watched.set(userId, false);
    if (this.entries.delete(userId)) this.emit({ kind: 'left', userId });
  }

  /** The user went out of this user's area of interest; their presence is still known if they are watched. */
  hide(userId: string): void {
    const entry = this.entries.get(userId);
    if (!entry) return;
    if (this.watched.has(userId)) this.watched.set(userId, entry.online);
    this.entries.delete(userId);
    this.emit({ kind: 'hidden', userId });
  }

  get(userId: string): RosterEntry | undefined {
    return this.entries.get(userId);
  }

  /** Online as far as this client knows: in range and connected, or watched and last heard connected. */
  isOnline(userId: string): boolean {
    return this.entries.get(userId)?.online ?? this.watched.get(userId) ?? false;
  }

  /** The user who holds this PeerJS id right now, if anyone. */
  byPeerId(peerId: string): RosterEntry | undefined {
    for (const entry of this.entries.values()) if (entry.media?.peerId === peerId) return entry;
    return undefined;
  }

  /** How many are present. */
  get size(): number {
    return this.entries.size;
  }

  /** Everyone present, in the order they came into range. */
  ids(): string[] {
    return [...this.entries.keys()];
  }

  /** Everyone present, by name. */
  list(): RosterEntry[] {
    return [...this.entries.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  private emit(event: RosterEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private toEntry(u: UserSnapshot): RosterEntry {
    return {
      userId: u.userId,
      name: u.profile.name,
      look: u.profile.appearance.look,
      status: u.profile.status,
      online: u.online,
      ...(u.media ? { media: u.media } : {}),
      ...(this.startTrack ? { track: this.startTrack(u.position) } : {}),
    };
  }
}
