/** The most round trips kept, and for how long (ms): older ones have aged past any use. */
const KEPT_SAMPLES = 64;
const KEPT_MS = 15 * 60_000;
/**
 * How fast two clocks may drift apart, at most (ms per ms: 200 ppm, a laptop clock being slewed included). A sample's
 * error bound is half its round trip, plus this times its age: an old fast sample gives way to fresh ones as its bound
 * grows, so a drifting clock is followed, while one slow sample (a busy page answering late) changes nothing.
 */
const MAX_DRIFT = 2e-4;

interface Sample {
  rtt: number;
  offset: number;
  /** Local time of the reply. */
  at: number;
}

/**
 * Estimates the offset between this page's clock and the server's from request/response round trips, as NTP does:
 * each sample bounds the offset within half its round trip, that bound widens with the sample's age, and the sample
 * with the tightest bound now wins. A new connection may be to another server with another clock: `reset()` then
 * starts afresh.
 */
export class ClockSync {
  private samples: Sample[] = [];
  private best: Sample | undefined;

  /** Records one round trip: local send time, the server's time in the reply, local receive time. */
  sample(sentAt: number, serverTime: number, receivedAt: number): void {
    const rtt = Math.max(0, receivedAt - sentAt);
    const offset = serverTime - (sentAt + receivedAt) / 2;
    this.samples.push({ rtt, offset, at: receivedAt });
    this.samples = this.samples.filter((s) => receivedAt - s.at <= KEPT_MS).slice(-KEPT_SAMPLES);
    const bound = (s: Sample): number => s.rtt / 2 + (receivedAt - s.at) * MAX_DRIFT;
    // The tightest bound, and of equally tight ones the latest.
    this.best = this.samples.reduce((best, s) => (bound(s) <= bound(best) ? s : best));
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
