import type { Direction } from '@campus/protocol';

/** The touch stick's feel, in CSS px from where the thumb landed. */
export const STICK = {
  /** Closer than this to the centre, the stick is at rest: the avatar stands. */
  deadZonePx: 14,
  /** How far the knob is drawn from the centre at most (the thumb may go farther). */
  reachPx: 44,
  /** Near a diagonal, the way already walked is kept until the other way leads by this ratio, so it does not flap. */
  keepRatio: 1.3,
} as const;

const HORIZONTAL: ReadonlySet<Direction> = new Set(['left', 'right']);

/**
 * Which of the four ways the avatar walks for a thumb `dx, dy` from the stick's centre, given the way it walks now:
 * none inside the dead zone, else the axis the thumb leans to most, keeping the current axis near a diagonal.
 */
export function stickDirection(dx: number, dy: number, current: Direction | null): Direction | null {
  const ax = Math.abs(dx);
  const ay = Math.abs(dy);
  if (Math.max(ax, ay) < STICK.deadZonePx) return null;
  const along = (horizontal: boolean): Direction =>
    horizontal ? (dx < 0 ? 'left' : 'right') : dy < 0 ? 'up' : 'down';
  if (current) {
    const horizontal = HORIZONTAL.has(current);
    const [mine, other] = horizontal ? [ax, ay] : [ay, ax];
    if (mine > 0 && other < mine * STICK.keepRatio) return along(horizontal);
  }
  return along(ax >= ay);
}

/** Where the knob is drawn: the thumb's offset, held within the stick's reach. */
export function knobOffset(dx: number, dy: number): { x: number; y: number } {
  const length = Math.hypot(dx, dy);
  if (length <= STICK.reachPx) return { x: dx, y: dy };
  const k = STICK.reachPx / length;
  return { x: dx * k, y: dy * k };
}
