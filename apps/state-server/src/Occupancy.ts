/**
 * How many people one server holds, against its cap: everyone with a connection to it (joined or not yet) and everyone
 * whose presence it holds for a grace period. Someone already counted (a second tab, a reconnect) always gets in;
 * anyone else only while there is room. Without a cap it only counts.
 */
export class Occupancy {
  /** Open connections per user, from the handshake until the connection closes. */
  private readonly connections = new Map<string, number>();

  constructor(
    private readonly cap: number | undefined,
    /** The users whose presence this server holds (WorldRoom.localUsers). */
    private readonly present: () => Iterable<string>,
  ) {}

  /** Counts a new connection of `userId` if there is room for them; false (and nothing counted) when full. */
  admit(userId: string): boolean {
    if (this.cap !== undefined && this.count(userId) >= this.cap) return false;
    this.connections.set(userId, (this.connections.get(userId) ?? 0) + 1);
    return true;
  }

  /** One of the user's admitted connections closed. */
  release(userId: string): void {
    const open = (this.connections.get(userId) ?? 0) - 1;
    if (open > 0) this.connections.set(userId, open);
    else this.connections.delete(userId);
  }

  /** How many people there are, or 0 when `userId` is one of them (a person already here takes no more room). */
  private count(userId: string): number {
    if (this.connections.has(userId)) return 0;
    const people = new Set(this.connections.keys());
    for (const id of this.present()) {
      if (id === userId) return 0;
      people.add(id);
    }
    return people.size;
  }
}
