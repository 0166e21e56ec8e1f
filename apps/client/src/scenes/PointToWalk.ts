import Phaser from 'phaser';
import type { Direction, Point } from '@campus/protocol';
import { findPath } from '@campus/world';
import type { CampusStore } from '../store/CampusStore';
import type { KeyIntent } from '../world/KeyIntent';
import { PathIntent } from '../world/PathIntent';

/** How a walk to a point began: under way, not needed (already there), or impossible (walls or shut doors). */
export type WalkStart = 'walking' | 'here' | 'no-way';

/** A pointer that moved farther than this (px on screen) between down and up was dragging, not tapping. */
const TAP_SLOP_PX = 12;

/**
 * Walking by pointing: a click or tap on the campus walks the avatar there by the shortest way round walls (and
 * around rooms it may not enter), marked with a dot until it arrives. Keys win: a walk key held or pressed ends it.
 */
export class PointToWalk {
  private readonly intent = new PathIntent();
  private readonly marker: Phaser.GameObjects.Arc;

  constructor(
    scene: Phaser.Scene,
    private readonly store: CampusStore,
    /** Told when a walk ends: arrived, or stopped (a walk key took over). */
    private readonly ended: (arrived: boolean) => void = () => {},
    /** Whether a touch now ending steered the touch stick (its release is no tap). */
    steered: (pointer: Phaser.Input.Pointer) => boolean = () => false,
  ) {
    this.marker = scene.add.circle(0, 0, 3, 0xf2b45a).setStrokeStyle(1, 0x1d1830).setVisible(false);
    scene.input.on(Phaser.Input.Events.POINTER_UP, (pointer: Phaser.Input.Pointer) => {
      if (pointer.getDistance() > TAP_SLOP_PX || steered(pointer)) return;
      this.walkTo({ x: pointer.worldX, y: pointer.worldY });
    });
  }

  /** Walks to `target` (world px) from where the avatar stands: under way, already there, or no way there. */
  walkTo(target: Point): WalkStart {
    const now = this.store.now();
    const walker = this.store.self.walker;
    const here = walker.positionAt(now);
    const corners = findPath(this.store.map, here, target, { barriers: walker.barrierRects });
    // A walk under way ends here, short of where it was going, whether or not the new one can start.
    const replacing = this.intent.active;
    const started = !!corners && this.intent.start(here, corners, now);
    if (replacing) this.ended(false);
    if (!started) {
      this.intent.cancel();
      this.marker.setVisible(false);
      return corners ? 'here' : 'no-way';
    }
    const end = this.intent.target;
    if (end)
      this.marker
        .setPosition(end.x, end.y)
        .setDepth(end.y - 1)
        .setVisible(true);
    return 'walking';
  }

  /** Ends the walk under way, if any, where the avatar stands. */
  cancel(): void {
    const walking = this.intent.active;
    this.intent.cancel();
    this.marker.setVisible(false);
    if (walking) this.ended(false);
  }

  /** The strokes of the walk under way (start, turns, stop), for the debug handle. */
  get plan(): number {
    return this.intent.plan.length;
  }

  /** This frame's intent, and since when: the keys' while one is held (it ends a walk), else the walk's. */
  step(keys: KeyIntent, now: number): { direction: Direction | null; since: number } {
    const fromKeys = { direction: keys.direction, since: keys.changedAt ?? now };
    if (keys.direction !== null) {
      this.cancel();
      return fromKeys;
    }
    if (!this.intent.active) return fromKeys;
    const step = this.intent.at(now);
    if (!this.intent.active) {
      this.marker.setVisible(false);
      this.ended(true);
    }
    return step ?? fromKeys;
  }
}
