import type { Direction, Point } from '@campus/protocol';
import { strokesAlong, type MovementStroke } from '@campus/world';

/**
 * Walking by pointing (click or tap a spot): the path finder's corners turned into the intent a held key would give,
 * frame by frame. At each corner's time the intent turns, dated to that moment, so the walker sends exactly one stroke
 * per start, turn and stop (turns + 2 messages, as if someone steered perfectly) and everyone sees the same walk.
 * A key press or a new tap replaces it.
 */
export class PathIntent {
  private strokes: MovementStroke[] = [];

  /** Walks from `here` through `corners` (findPath's answer) from `now` on; false when there is nowhere to walk. */
  start(here: Point, corners: readonly Point[], now: number): boolean {
    this.strokes = strokesAlong([here, ...corners], now);
    return this.strokes.length > 0;
  }

  cancel(): void {
    this.strokes = [];
  }

  /** True while a walk is under way (until its stop has been handed over). */
  get active(): boolean {
    return this.strokes.length > 0;
  }

  /** Where the walk ends, while one is under way. */
  get target(): Point | undefined {
    return this.strokes.at(-1)?.position;
  }

  /** The strokes the walk is made of (start, turns, stop), for tests and the debug handle. */
  get plan(): readonly MovementStroke[] {
    return this.strokes;
  }

  /**
   * The way to walk at `now`, and since when (the stroke's own time): null once the walk has ended. After its stop the
   * walk is over and `active` turns false.
   */
  at(now: number): { direction: Direction | null; since: number } | undefined {
    let current: MovementStroke | undefined;
    for (const stroke of this.strokes) {
      if (stroke.startedAt > now) break;
      current = stroke;
    }
    if (!current) return undefined;
    if (!current.isMoving) {
      this.strokes = [];
      return { direction: null, since: current.startedAt };
    }
    return { direction: current.direction, since: current.startedAt };
  }
}
