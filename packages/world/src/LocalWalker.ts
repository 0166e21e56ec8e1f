import type { Direction, Point } from '@campus/protocol';
import { rectContains, type Rect } from './geometry';
import {
  CLIENT_STOP_BACKDATE_MS,
  CLIENT_STROKE_BACKDATE_MS,
  positionAt,
  strokeArrivalTime,
  type MovementStroke,
} from './movement';
import { wayOut } from './wayOut';
import type { WorldMap } from './WorldMap';

/**
 * The local player's movement under client authority. Each frame it is told which way the player wants to go
 * (or null for no key held); it starts a new stroke only when that changes whether it moves or where it faces,
 * and returns that stroke so the caller can send it. Walking into a wall needs no message: everyone stops there
 * by the same rules.
 */
export class LocalWalker {
  private current: MovementStroke;
  private barriers: readonly Rect[] = [];
  /** No change is dated before this (a correction from the server: what came before it is the server's to say). */
  private notBefore = -Infinity;

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

  /** The areas it keeps out of now (setBarriers), for a path finder to keep out of them too. */
  get barrierRects(): readonly Rect[] {
    return this.barriers;
  }

  /** Where the player stands at `now`. */
  positionAt(now: number): Point {
    return positionAt(this.map, this.current, now);
  }

  /** True while the player is actually walking: moving, and not pressed against a wall. */
  isWalking(now: number): boolean {
    return this.current.isMoving && now < strokeArrivalTime(this.map, this.current);
  }

  /**
   * Areas the player may not walk into right now (a full classroom). Unlike walls they are not in the shared movement
   * model, so reaching one ends the stroke with an explicit stop, once, and pushing against it sends nothing more.
   */
  setBarriers(barriers: readonly Rect[]): void {
    this.barriers = barriers;
  }

  /**
   * Applies this frame's intent; returns the new stroke when movement changed (start, turn, stop), else null.
   * `changedAt` is when the intent changed (the key event), if earlier than this frame: a new stroke starts then, but
   * no further back than the server takes it (CLIENT_STOP_BACKDATE_MS for a stop, CLIENT_STROKE_BACKDATE_MS for a
   * start or turn). So a page that stalled (a busy laptop) still stops where the key came up, and a stop the server
   * refused as implausible never leaves the avatar walking on.
   */
  update(intent: Direction | null, now: number, changedAt: number = now): MovementStroke | null {
    if (this.current.isMoving) {
      const stopped = this.evict(now);
      if (stopped) return stopped;
    }
    if (intent !== null && !this.current.isMoving && this.barrierAhead(this.current.position, intent)) {
      if (intent === this.current.direction) return null;
      this.current = { ...this.current, direction: intent, startedAt: now };
      return this.current;
    }
    const moving = intent !== null;
    const direction = intent ?? this.current.direction;
    if (moving === this.current.isMoving && direction === this.current.direction) return null;
    const backdate = moving ? CLIENT_STROKE_BACKDATE_MS : CLIENT_STOP_BACKDATE_MS;
    const at = Math.min(now, Math.max(this.current.startedAt, this.notBefore, changedAt, now - backdate));
    this.current = { position: this.positionAt(at), direction, isMoving: moving, startedAt: at };
    return this.current;
  }

  /**
   * If the player stands inside a barrier (it went up after they stepped in), puts them back outside it where they
   * came in (or at its nearest opening: wayOut), where the server puts them too.
   */
  evict(now: number): MovementStroke | null {
    const here = this.positionAt(now);
    const barrier = this.barriers.find((b) => rectContains(b, here));
    if (!barrier) return null;
    this.current = {
      position: wayOut(this.map, barrier, here, this.current.direction) ?? here,
      direction: this.current.direction,
      isMoving: false,
      startedAt: now,
    };
    return this.current;
  }

  private barrierAhead(p: Point, direction: Direction): boolean {
    const step = {
      up: { x: 0, y: -0.5 },
      down: { x: 0, y: 0.5 },
      left: { x: -0.5, y: 0 },
      right: { x: 0.5, y: 0 },
    }[direction];
    return this.barriers.some((b) => rectContains(b, { x: p.x + step.x, y: p.y + step.y }));
  }

  /**
   * Puts the player on `stroke` (a correction from the server) at `now`: a key that moved before then takes effect
   * now, not at its own time, which the server has already ruled on.
   */
  reset(stroke: MovementStroke, now: number): void {
    this.current = { ...stroke, position: { ...stroke.position } };
    this.notBefore = now;
  }
}
