import type { Point } from '@campus/protocol';
import { WALK_SPEED } from '@campus/world';

/** The little a walker needs of a Socket.IO client: emit a move. */
interface MoveSender {
  emit(
    event: 'move',
    message: { position: Point; direction: 'up' | 'down' | 'left' | 'right'; isMoving: boolean },
  ): unknown;
}

/**
 * Walks a visitor that is not a browser along straight legs, as the protocol wants it: one `move` to start each leg
 * and one to stop at its end, timed at the walking speed, so the server's movement model agrees with every stop.
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
    socket.emit('move', { position: at, direction, isMoving: true });
    await new Promise((r) => setTimeout(r, (length / WALK_SPEED) * 1000));
    socket.emit('move', { position: target, direction, isMoving: false });
    at = target;
  }
  return at;
}
