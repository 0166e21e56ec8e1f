/**
 * Who holds a seat in which classroom: what a room's capacity is checked against. One process keeps it in memory;
 * several nodes share one in Redis (RedisSeatLedger), so two people entering on two nodes cannot both take the last seat.
 */
export interface SeatLedger {
  /** Takes a seat for the user unless the room is full; true when they hold one (holding one already counts). */
  claim(roomId: string, userId: string, capacity: number): Promise<boolean>;
  release(roomId: string, userId: string): Promise<void>;
}

/** The ledger of a single process. */
export class MemorySeatLedger implements SeatLedger {
  private readonly seats = new Map<string, Set<string>>();

  claim(roomId: string, userId: string, capacity: number): Promise<boolean> {
    const holders = this.seats.get(roomId) ?? new Set<string>();
    if (!holders.has(userId)) {
      if (holders.size >= capacity) return Promise.resolve(false);
      holders.add(userId);
      this.seats.set(roomId, holders);
    }
    return Promise.resolve(true);
  }

  release(roomId: string, userId: string): Promise<void> {
    const holders = this.seats.get(roomId);
    holders?.delete(userId);
    if (holders?.size === 0) this.seats.delete(roomId);
    return Promise.resolve();
  }
}
