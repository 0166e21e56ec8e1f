/**
 * Estimates the offset between this page's clock and the server's from request/response round trips,
 * trusting the sample with the shortest round trip (its midpoint is the tightest bound), as NTP does.
 */
export class ClockSync {
  private best: { rtt: number; offset: number } | undefined;

  /** Records one round trip: local send time, the server's time in the reply, local receive time. */
  sample(sentAt: number, serverTime: number, receivedAt: number): void {
    const rtt = Math.max(0, receivedAt - sentAt);
    const offset = serverTime - (sentAt + receivedAt) / 2;
    if (!this.best || rtt <= this.best.rtt) this.best = { rtt, offset };
  }

  get offset(): number {
    return this.best?.offset ?? 0;
  }

  get roundTrip(): number | undefined {
    return this.best?.rtt;
  }

  toServer(local: number): number {
    return local + this.offset;
  }

  toLocal(server: number): number {
    return server - this.offset;
  }
}
