import { MessageError, type MoveMessage, type PositionState } from '@campus/protocol';
import {
  MAX_STOP_BACKDATE_MS,
  MAX_STROKE_BACKDATE_MS,
  distance,
  positionAt,
  type WorldMap,
} from '@campus/world';
import { RoomError } from './RoomError';
import { canWalkBetween, requireWalkable } from './walkable';

export interface StrokeLimits {
  /**
   * How far (px) a stroke may start from where the previous one puts the avatar at that moment. Covers
   * clock-estimate error; a client claiming more is teleporting.
   */
  positionTolerance: number;
  /** How far back (ms) a client may date a start or turn; older claims are clamped. */
  maxStrokeBackdate: number;
  /** How far back (ms) a client may date a stop, which gains no ground; older claims are clamped. */
  maxStopBackdate: number;
}

/** The limits, each as given or else the default: 24 px, and the shared movement model's backdates. */
export function strokeLimits(given: Partial<StrokeLimits> = {}): StrokeLimits {
  return {
    positionTolerance: given.positionTolerance ?? 24,
    maxStrokeBackdate: given.maxStrokeBackdate ?? MAX_STROKE_BACKDATE_MS,
    maxStopBackdate: given.maxStopBackdate ?? MAX_STOP_BACKDATE_MS,
  };
}

/**
 * The stroke a move message starts after `previous`, at server time `now`, if the server can believe it: its start
 * time clamped between the previous stroke's start (or `maxStrokeBackdate` ago, `maxStopBackdate` for a stop) and now; its start on the map, clear of
 * walls, and where the previous stroke puts the avatar then, give or take the tolerance with no wall in between.
 * Throws a RoomError with the code the client can act on otherwise.
 */
export function nextStroke(
  map: WorldMap,
  previous: PositionState,
  message: MoveMessage,
  now: number,
  limits: StrokeLimits,
): PositionState {
  const { position } = message;
  requireWalkable(map, position);
  const backdate = message.isMoving ? limits.maxStrokeBackdate : limits.maxStopBackdate;
  const earliest = Math.max(previous.startedAt, now - backdate);
  const startedAt = Math.min(now, Math.max(earliest, message.startedAt ?? now));
  const expected = positionAt(map, previous, startedAt);
  const off = distance(expected, position);
  if (off > limits.positionTolerance) {
    throw new RoomError(
      MessageError.POSITION_IMPLAUSIBLE,
      `position (${position.x}, ${position.y}) is ${Math.round(off)} px from where the avatar walked`,
    );
  }
  // Within the tolerance is not enough: a tile-thick wall is thinner than it, so the way there must be free too.
  if (!canWalkBetween(map, expected, position)) {
    throw new RoomError(
      MessageError.POSITION_IMPLAUSIBLE,
      `position (${position.x}, ${position.y}) is across a wall from where the avatar walked`,
    );
  }
  return {
    userId: previous.userId,
    position: { x: position.x, y: position.y },
    direction: message.direction,
    isMoving: message.isMoving,
    startedAt,
  };
}
