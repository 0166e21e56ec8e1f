import type { Point } from '@campus/protocol';
import { distance } from './geometry';

export interface ProximityOptions {
  /** Link when closer than this (px). About 5 tiles. */
  enterRadius: number;
  /** Unlink when farther than this (px); larger than enterRadius so walking along the edge does not flap. */
  exitRadius: number;
  /** How long (ms) a pair must stay in (or out of) range before it links (or unlinks). */
  linkDelay: number;
  unlinkDelay: number;
  /** At most this many links; the nearest win. */
  maxLinks: number;
}

export const DEFAULT_PROXIMITY: ProximityOptions = {
  enterRadius: 80,
  exitRadius: 104,
  linkDelay: 100,
  unlinkDelay: 300,
  maxLinks: 6,
};

export interface Neighbour {
  userId: string;
  position: Point;
  /** False for someone who links with nobody (do not disturb, or offline). */
  available: boolean;
}

export interface LinkChanges {
  linked: string[];
  unlinked: string[];
  /** Everyone linked after this update. */
  current: ReadonlySet<string>;
  /** How many people are in range but beyond the cap. */
  overflow: number;
}

/**
 * Who the local user talks to: pairs within range, with hysteresis (enter radius < exit radius) and a short debounce
 * so walking along the edge does not flap, capped at the nearest `maxLinks`. Pure and clocked from outside, so tests
 * drive it frame by frame.
 */
export class ProximityLinks {
  private readonly linked = new Set<string>();
  /** When each pending change (link or unlink) first became true. */
  private readonly since = new Map<string, number>();

  constructor(private readonly options: ProximityOptions = DEFAULT_PROXIMITY) {}

  get current(): ReadonlySet<string> {
    return this.linked;
  }

  /** Forgets every link at once (the connection to the world was lost and rebuilt). */
  reset(): void {
    this.linked.clear();
    this.since.clear();
  }

  update(self: Point, selfAvailable: boolean, neighbours: readonly Neighbour[], now: number): LinkChanges {
    const o = this.options;
    const wanted = new Map<string, number>();
    for (const n of neighbours) {
      if (!selfAvailable || !n.available) continue;
      const d = distance(self, n.position);
      const isLinked = this.linked.has(n.userId);
      if (d < o.enterRadius || (isLinked && d <= o.exitRadius)) wanted.set(n.userId, d);
    }
    // The cap keeps the nearest; those beyond it count as overflow, not as links.
    const ranked = [...wanted.entries()].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
    const keep = new Set(ranked.slice(0, o.maxLinks).map(([id]) => id));
    const overflow = Math.max(0, ranked.length - o.maxLinks);

    const linked: string[] = [];
    const unlinked: string[] = [];
    const candidates = new Set([...keep, ...this.linked]);
    for (const id of candidates) {
      const want = keep.has(id);
      const has = this.linked.has(id);
      if (want === has) {
        this.since.delete(id);
        continue;
      }
      const started = this.since.get(id) ?? now;
      this.since.set(id, started);
      // Leaving (or being pushed out by the cap, or becoming unavailable) waits out unlinkDelay; a neighbour who is
      // gone entirely goes at once.
      const gone = !has ? false : !neighbours.some((n) => n.userId === id);
      if (want && now - started >= o.linkDelay) {
        this.linked.add(id);
        this.since.delete(id);
        linked.push(id);
      } else if (!want && (gone || now - started >= o.unlinkDelay)) {
        this.linked.delete(id);
        this.since.delete(id);
        unlinked.push(id);
      }
    }
    for (const id of this.since.keys()) if (!candidates.has(id)) this.since.delete(id);
    return { linked, unlinked, current: this.linked, overflow };
  }
}

/** Exactly one side of a pair places the call: the one whose id sorts first. */
export function isCaller(selfId: string, otherId: string): boolean {
  return selfId < otherId;
}
