import type { Point } from '@campus/protocol';
import { positionAt, strokeArrivalTime, type MovementStroke, type WorldMap } from '@campus/world';

/** How quickly a correction fades, in ms: short enough to settle fast, long enough not to look like a jump. */
export const CORRECTION_TIME_CONSTANT = 90;
/** Corrections larger than this (px) are snaps: a spawn or a long stall, where gliding would look worse. */
export const SNAP_DISTANCE = 48;

/**
 * Where to draw someone else's avatar. It follows their latest stroke with the shared movement model; when a new
 * stroke disagrees with what is on screen (messages arrive a little late), the difference fades out smoothly
 * instead of jumping.
 */
export class RemoteTrack {
  private stroke: MovementStroke;
  private error: Point = { x: 0, y: 0 };
  private errorSince = 0;

  constructor(
    private readonly map: WorldMap,
    stroke: MovementStroke,
  ) {
    this.stroke = stroke;
  }

  get direction(): MovementStroke['direction'] {
    return this.stroke.direction;
  }

  /** Follows a new stroke (times in this page's clock) from `now` on. */
  apply(stroke: MovementStroke, now: number): void {
    const shown = this.displayAt(now);
    this.stroke = stroke;
    const target = positionAt(this.map, stroke, now);
    const error = { x: shown.x - target.x, y: shown.y - target.y };
    this.error = Math.hypot(error.x, error.y) > SNAP_DISTANCE ? { x: 0, y: 0 } : error;
    this.errorSince = now;
  }

  /** Where to draw the avatar at `now`. */
  displayAt(now: number): Point {
    const target = positionAt(this.map, this.stroke, now);
    const fade = Math.exp(-Math.max(0, now - this.errorSince) / CORRECTION_TIME_CONSTANT);
    return { x: target.x + this.error.x * fade, y: target.y + this.error.y * fade };
  }

  /** True while the model has the avatar walking (not stopped, not pressed against a wall). */
  isWalking(now: number): boolean {
    return this.stroke.isMoving && now < strokeArrivalTime(this.map, this.stroke);
  }
}
