import type { Direction, Point } from '@campus/protocol';
import { positionAt, strokeArrivalTime, type MovementStroke } from './movement';
import type { WorldMap } from './WorldMap';

/**
 * The local player's movement under client authority. Each frame it is told which way the player wants to go
 * (or null for no key held); it starts a new stroke only when that changes whether it moves or where it faces,
 * and returns that stroke so the caller can send it. Walking into a wall needs no message: everyone stops there
 * by the same rules.
 */
export class LocalWalker {
  private current: MovementStroke;

  constructor(
    private readonly map: WorldMap,
    start: Point,
    now: number,
    direction: Direction = 'down',
  ) {
    this.current = { position: { x: start.x, y: start.y }, direction, isMoving: false, startedAt: now };
  }

  get stroke(): MovementStroke {
    return this.current;
  }

  /** Where the player stands at `now`. */
  positionAt(now: number): Point {
    return positionAt(this.map, this.current, now);
  }

  /** True while the player is actually walking: moving, and not pressed against a wall. */
  isWalking(now: number): boolean {
    return this.current.isMoving && now < strokeArrivalTime(this.map, this.current);
  }

  /** Applies this frame's intent; returns the new stroke when movement changed (start, turn, stop), else null. */
  update(intent: Direction | null, now: number): MovementStroke | null {
    const moving = intent !== null;
    const direction = intent ?? this.current.direction;
    if (moving === this.current.isMoving && direction === this.current.direction) return null;
    this.current = { position: this.positionAt(now), direction, isMoving: moving, startedAt: now };
    return this.current;
  }

  /** Puts the player somewhere without walking (a spawn, or a correction from the server). */
  reset(stroke: MovementStroke): void {
    this.current = { ...stroke, position: { ...stroke.position } };
  }
}
