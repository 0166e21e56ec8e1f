import type { Point } from '@campus/protocol';
import { WALK_SPEED } from '@campus/world';

/** The little a walker needs of a Socket.IO client: emit a move. */
interface MoveSender {
  emit(
    event: 'move',
    message: {
      position: Point;
      direction: 'up' | 'down' | 'left' | 'right';
      isMoving: boolean;
      startedAt?: number;
    },
  ): unknown;
}

/**
 * Walks a visitor that is not a browser along straight legs, as the protocol wants it: one `move` to start each leg
 * and one to stop at its end, timed at the walking speed, so the server's movement model agrees with every stop.
 * Each says when it happened (`startedAt`, the server's clock: the benchmarks run the server on this machine, on
 * Date.now), so a busy process that delivers a start later than its stop does not make the walk look too fast.
 */
export async function walkSocket(
  socket: MoveSender,
  from: Point,
  legs: ReadonlyArray<{ x: number } | { y: number }>,
): Promise<Point> {
  let at = { ...from };
  for (const leg of legs) {
    const target = 'x' in leg ? { x: leg.x, y: at.y } : { x: at.x, y: leg.y };
    const dx = target.x - at.x;
    const dy = target.y - at.y;
    const length = Math.abs(dx) + Math.abs(dy);
    if (length === 0) continue;
    const direction = dx > 0 ? 'right' : dx < 0 ? 'left' : dy > 0 ? 'down' : 'up';
    const started = Date.now();
    socket.emit('move', { position: at, direction, isMoving: true, startedAt: started });
    await new Promise((r) => setTimeout(r, (length / WALK_SPEED) * 1000));
    // Stopped where a walk of this length ends, at the moment it ends (however late this timer fired).
    socket.emit('move', {
      position: target,
      direction,
      isMoving: false,
      startedAt: started + (length / WALK_SPEED) * 1000,
    });
    at = target;
  }
  return at;
}
