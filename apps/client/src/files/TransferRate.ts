/** A transfer's speed over the last few seconds, from the bytes that arrived and when. */
export class TransferRate {
  readonly #samples: Array<{ at: number; bytes: number }> = [];
  #windowBytes = 0;
  #start: number | undefined;

  constructor(private readonly windowMs = 3000) {}

  /** Notes `bytes` arriving at time `now` (ms). */
  add(now: number, bytes: number): void {
    this.#start ??= now;
    this.#samples.push({ at: now, bytes });
    this.#windowBytes += bytes;
    this.#prune(now);
  }

  /** Bytes per second over the window; 0 until the transfer has run a quarter of the window, or when it stalls. */
  bytesPerSecond(now: number): number {
    this.#prune(now);
    if (this.#start === undefined) return 0;
    const span = Math.min(this.windowMs, now - this.#start);
    // A rate from the first instants is a guess from one or two chunks and swings wildly.
    if (span < this.windowMs / 4) return 0;
    return (this.#windowBytes * 1000) / span;
  }

  /** Seconds until `remainingBytes` more arrive at the current rate, or undefined while the rate is unknown. */
  secondsLeft(now: number, remainingBytes: number): number | undefined {
    if (remainingBytes <= 0) return 0;
    const rate = this.bytesPerSecond(now);
    return rate > 0 ? remainingBytes / rate : undefined;
  }

  #prune(now: number): void {
    while (this.#samples.length > 0 && this.#samples[0]!.at <= now - this.windowMs) {
      this.#windowBytes -= this.#samples.shift()!.bytes;
    }
  }
}
