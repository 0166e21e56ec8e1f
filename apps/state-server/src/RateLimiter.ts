import type { Clock } from './ports';

export interface BucketSpec {
  /** How many actions may come at once. */
  burst: number;
  /** How many actions per second are allowed over time. */
  perSecond: number;
}

/**
 * Token buckets keyed by user (not connection, so reconnecting does not refill them). A bucket that has filled up
 * again is the same as none, so those are dropped now and then (at most once per refill time): the map holds only
 * the users who acted lately, not everyone ever seen.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly refillMs: number;
  private sweptAt: number;

  constructor(
    private readonly spec: BucketSpec,
    private readonly clock: Clock,
  ) {
    this.refillMs = (spec.burst / spec.perSecond) * 1000;
    this.sweptAt = clock.now();
  }

  /** How many users it holds a bucket for (those not yet known to be full again). */
  get size(): number {
    return this.buckets.size;
  }

  /** Takes one token for `key`; false when the bucket is empty. */
  take(key: string): boolean {
    const now = this.clock.now();
    if (now - this.sweptAt >= this.refillMs) this.sweep(now);
    const bucket = this.buckets.get(key) ?? { tokens: this.spec.burst, at: now };
    bucket.tokens = this.refilled(bucket, now);
    bucket.at = now;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    this.buckets.set(key, bucket);
    return allowed;
  }

  private refilled(bucket: { tokens: number; at: number }, now: number): number {
    return Math.min(this.spec.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.spec.perSecond);
  }

  private sweep(now: number): void {
    this.sweptAt = now;
    for (const [key, bucket] of this.buckets) {
      if (this.refilled(bucket, now) >= this.spec.burst) this.buckets.delete(key);
    }
  }
}
