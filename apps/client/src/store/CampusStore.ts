import type { AvatarLook, Point, PositionState, RoleGrant, Status } from '@campus/protocol';
import { LocalWalker, type Area, type MovementStroke, type Rect, type WorldMap } from '@campus/world';
import type { JoinedReply } from '../net/CampusConnection';
import { RemoteTrack } from '../world/RemoteTrack';
import { Roster, type RosterEvent } from '../world/Roster';

/** Where everyone is drawn right now: the local avatar and every other one in range (for proximity media). */
export interface Positions {
  self: Point;
  others: ReadonlyMap<string, Point>;
}

/** The local user: who they are to the others, and their avatar's walk. */
export interface SelfState {
  userId: string;
  name: string;
  look: AvatarLook;
  status: Status;
  /** The role the server says this visitor holds (a teacher link claimed), if any. */
  role: RoleGrant | undefined;
  walker: LocalWalker;
}

/** What changed in the store: someone around (the roster's events), or the local user (a fresh start, a new profile). */
export type StoreEvent = RosterEvent | { kind: 'self' };

/**
 * What this page knows of the campus, in one place: the local user and their walk, and the people around with their
 * profiles, presence, media endpoints and strokes. One adapter (`feedStore`) writes it from the connection; the scene,
 * the media, the chat and the DOM read it and subscribe to its changes.
 */
export class CampusStore {
  readonly people: Roster;
  private me: SelfState | undefined;
  private readonly listeners = new Set<(event: StoreEvent) => void>();

  constructor(
    readonly map: WorldMap,
    /** Server times to this page's clock. */
    private readonly toLocal: (serverTime: number) => number,
    readonly now: () => number = () => performance.now(),
  ) {
    this.people = new Roster((p) => new RemoteTrack(map, this.toLocalStroke(p)));
    this.people.onChange((event) => this.emit(event));
  }

  /** The local user; only read once joined. */
  get self(): SelfState {
    if (!this.me) throw new Error('not joined yet');
    return this.me;
  }

  get joined(): boolean {
    return this.me !== undefined;
  }

  onChange(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts over from a join or rejoin snapshot: the local avatar where the server placed it, everyone around anew. */
  reset(reply: JoinedReply): void {
    const { profile, position } = reply.self;
    this.me = {
      userId: reply.userId,
      name: profile.name,
      look: profile.appearance.look,
      status: profile.status,
      role: reply.role,
      walker: new LocalWalker(this.map, position.position, this.now(), position.direction),
    };
    this.emit({ kind: 'self' });
    this.people.reset(reply.users);
  }

  /** The local user changed their name, look or status. */
  setSelfProfile(update: { name?: string; look?: AvatarLook; status?: Status }): void {
    const me = this.self;
    if (update.name) me.name = update.name;
    if (update.look) me.look = update.look;
    if (update.status) me.status = update.status;
    this.emit({ kind: 'self' });
  }

  /** The server granted this visitor a role (a teacher link was claimed). */
  setSelfRole(role: RoleGrant | undefined): void {
    this.self.role = role;
    this.emit({ kind: 'self' });
  }

  /** Someone around started, turned or stopped (times in the server's clock). */
  moved(p: PositionState): void {
    this.people.move(p.userId, this.toLocalStroke(p), this.now());
  }

  /** The server put the local avatar back where it last accepted it. */
  corrected(p: PositionState): void {
    this.me?.walker.reset(this.toLocalStroke(p), this.now());
  }

  /** Areas the local avatar may not enter; returns the stroke that puts it back at the edge if it stands in one. */
  setBarriers(rects: Rect[]): MovementStroke | null {
    if (!this.me) return null;
    this.me.walker.setBarriers(rects);
    return this.me.walker.evict(this.now());
  }

  /** The area the local avatar stands in now, if any. */
  currentArea(): Area | undefined {
    return this.me ? this.map.areaAt(this.me.walker.positionAt(this.now())) : undefined;
  }

  /** Where everyone is right now, or undefined before joining. */
  positionsNow(): Positions | undefined {
    if (!this.me) return undefined;
    const now = this.now();
    const others = new Map<string, Point>();
    for (const id of this.people.ids()) {
      const track = this.people.get(id)?.track;
      if (track) others.set(id, track.displayAt(now));
    }
    return { self: this.me.walker.positionAt(now), others };
  }

  private toLocalStroke(p: PositionState): MovementStroke {
    return {
      position: p.position,
      direction: p.direction,
      isMoving: p.isMoving,
      startedAt: this.toLocal(p.startedAt),
    };
  }

  private emit(event: StoreEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
