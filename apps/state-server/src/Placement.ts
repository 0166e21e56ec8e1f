import type { Point } from '@campus/protocol';
import { WALK_SPEED, distance, type WorldMap } from '@campus/world';
import type { Clock } from './ports';
import { isWalkable } from './walkable';

export interface PlacementOptions {
  /** How far (px) a claim may be from where the avatar could have got, for clock and rounding error. */
  positionTolerance: number;
  /**
   * How long (ms) after the server starts a client it has no record of is believed about where it stood (it comes
   * back after a restart), and how long the server remembers where someone who left stood.
   */
  resumeWindow: number;
  /** Picks a spawn index for a newcomer. */
  pickSpawn: (count: number) => number;
}

/**
 * Where a joining session's avatar stands. A returning client says where it stood (`resume`); it is believed only as
 * far as it could have walked since the server last knew where it was. With no record at all, only in the first
 * `resumeWindow` after the server started (everyone is coming back from a restart); otherwise a fresh identity
 * could place itself anywhere. Newcomers start at a spawn point.
 */
export class Placement {
  private readonly startedAt: number;
  /** Where users who left stood, oldest first, kept for `resumeWindow`. */
  private readonly departures = new Map<string, { at: Point; when: number }>();

  constructor(
    private readonly map: WorldMap,
    private readonly clock: Clock,
    private readonly options: PlacementOptions,
  ) {
    this.startedAt = clock.now();
  }

  /** Where someone not in the world starts: where they say, if that is believable, else a spawn point. */
  arrival(userId: string, claimed: Point | undefined): Point {
    const now = this.clock.now();
    this.prune(now);
    const left = this.departures.get(userId);
    this.departures.delete(userId);
    if (claimed && left) return this.returning(left.at, claimed, now - left.when) ?? left.at;
    if (claimed && now - this.startedAt <= this.options.resumeWindow && isWalkable(this.map, claimed)) {
      return claimed;
    }
    const spawns = this.map.spawns;
    const spawn = spawns[this.options.pickSpawn(spawns.length)] ?? spawns[0];
    if (!spawn) throw new Error('map has no spawn points');
    return spawn;
  }

  /**
   * Where a client that was away for `awayFor` ms (its avatar last at `from`) says it stands, if it could have walked
   * there meanwhile (clients keep walking while disconnected); undefined if not.
   */
  returning(from: Point, claimed: Point, awayFor: number): Point | undefined {
    const reach = this.options.positionTolerance + (WALK_SPEED * awayFor) / 1000;
    return isWalkable(this.map, claimed) && distance(claimed, from) <= reach ? claimed : undefined;
  }

  /** Remembers, for `resumeWindow`, where a user who left the world stood. */
  departed(userId: string, at: Point): void {
    const now = this.clock.now();
    this.departures.delete(userId);
    this.departures.set(userId, { at: { x: at.x, y: at.y }, when: now });
    this.prune(now);
  }

  private prune(now: number): void {
    for (const [userId, { when }] of this.departures) {
      if (now - when <= this.options.resumeWindow) return;
      this.departures.delete(userId);
    }
  }
}
