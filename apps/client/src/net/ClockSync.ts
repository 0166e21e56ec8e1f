/** How many recent round trips the estimate is taken from: older ones give way, so a drifting clock is followed. */
const RECENT_SAMPLES = 8;

/**
 * Estimates the offset between this page's clock and the server's from request/response round trips, trusting the
 * sample with the shortest round trip among the recent ones (its midpoint is the tightest bound), as NTP does. A new
 * connection may be to another server with another clock: `reset()` then starts afresh.
 */
export class ClockSync {
  private samples: Array<{ rtt: number; offset: number }> = [];
  private best: { rtt: number; offset: number } | undefined;

  /** Records one round trip: local send time, the server's time in the reply, local receive time. */
  sample(sentAt: number, serverTime: number, receivedAt: number): void {
    const rtt = Math.max(0, receivedAt - sentAt);
    const offset = serverTime - (sentAt + receivedAt) / 2;
    this.samples.push({ rtt, offset });
    if (this.samples.length > RECENT_SAMPLES) this.samples.shift();
    // The fastest, and of equally fast ones the latest.
    this.best = this.samples.reduce((best, s) => (s.rtt <= best.rtt ? s : best));
  }

  /** Forgets every sample (a new connection, perhaps to another server). */
  reset(): void {
    this.samples = [];
    this.best = undefined;
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
