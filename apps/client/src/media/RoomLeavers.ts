import type { Point } from '@campus/protocol';

/**
 * How long a member must stand outside the room on this screen before their media stops: as long as the server
 * waits for a late stop before it lets a member go (EXIT_GRACE_MS in the state server's Classrooms), so a busy page
 * whose stop lands just inside the door is not hung up on and called again.
 */
export const LEAVE_GRACE_MS = 250;

/**
 * The members of the classroom we are in whom this screen shows walking out: outside the room for LEAVE_GRACE_MS.
 * The server, running the same movement model, is letting them go; their media stops now rather than a round trip
 * later. A member whose position this screen does not know stays until the server says otherwise.
 */
export class RoomLeavers {
  private roomId: string | undefined;
  /** Since when each member has stood outside, on this page's clock. */
  private readonly since = new Map<string, number>();
  private gone: ReadonlySet<string> = new Set();

  /** `classroomAt`: the classroom a point lies in, by the map. */
  constructor(readonly classroomAt: (p: Point) => string | undefined) {}

  /** Looks again at where everyone stands; answers those gone. */
  update(
    now: number,
    room: { roomId: string; members: readonly string[] } | undefined,
    positions: ReadonlyMap<string, Point>,
  ): ReadonlySet<string> {
    if (room?.roomId !== this.roomId) this.since.clear();
    this.roomId = room?.roomId;
    const gone = new Set<string>();
    for (const id of room?.members ?? []) {
      const at = positions.get(id);
      if (!at || this.classroomAt(at) === room!.roomId) {
        this.since.delete(id);
        continue;
      }
      const since = this.since.get(id) ?? now;
      this.since.set(id, since);
      if (now - since >= LEAVE_GRACE_MS) gone.add(id);
    }
    for (const id of this.since.keys()) if (!room?.members.includes(id)) this.since.delete(id);
    this.gone = gone;
    return gone;
  }

  /** The members not gone, as the last update saw them. */
  staying(members: readonly string[]): string[] {
    return members.filter((id) => !this.gone.has(id));
  }
}
