import type { Point } from '@campus/protocol';

/**
 * The members of the classroom we are in whom this screen shows outside the room: they walked out, and the server,
 * running the same movement model, is letting them go. Their media stops on the frame we see them leave, not a round
 * trip later — and not after a wait of our own either: on a busy page any wait can stretch past a second, and what
 * a listener hears then is a voice that walked out still talking. The cost is a member whose late stop brings them
 * back inside (the server gives such a stop 250 ms): they are let go for that moment and called again. A member whose
 * position this screen does not know stays until the server says otherwise.
 */
export class RoomLeavers {
  private gone: ReadonlySet<string> = new Set();

  /** `classroomAt`: the classroom a point lies in, by the map. */
  constructor(readonly classroomAt: (p: Point) => string | undefined) {}

  /** Looks again at where everyone stands; answers those gone. */
  update(
    room: { roomId: string; members: readonly string[] } | undefined,
    positions: ReadonlyMap<string, Point>,
  ): ReadonlySet<string> {
    const gone = new Set<string>();
    for (const id of room?.members ?? []) {
      const at = positions.get(id);
      if (at && this.classroomAt(at) !== room!.roomId) gone.add(id);
    }
    this.gone = gone;
    return gone;
  }

  /** The members not gone, as the last update saw them. */
  staying(members: readonly string[]): string[] {
    return members.filter((id) => !this.gone.has(id));
  }
}
