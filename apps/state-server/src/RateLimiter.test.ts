import { describe, expect, it } from 'vitest';
import { RateLimiter } from './RateLimiter';
import { ManualClock } from './testing/fakes';

describe('RateLimiter', () => {
  it('allows a burst, then refills at the steady rate', () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ burst: 3, perSecond: 2 }, clock);
    expect([1, 2, 3, 4].map(() => limiter.take('u'))).toEqual([true, true, true, false]);
    clock.advance(499);
    expect(limiter.take('u')).toBe(false);
    clock.advance(1);
    expect(limiter.take('u')).toBe(true);
    expect(limiter.take('other')).toBe(true);
  });

  it('forgets the users whose buckets have filled up again, so a busy day does not grow it without end', () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ burst: 3, perSecond: 2 }, clock);
    for (let i = 0; i < 1000; i++) limiter.take(`visitor-${i}`);
    expect(limiter.size).toBe(1000);
    clock.advance(1500); // a full refill takes 1.5 s
    limiter.take('someone');
    expect(limiter.size).toBe(1);
    // A user who was not full is still held to their bucket.
    expect([1, 2, 3, 4].map(() => limiter.take('someone'))).toEqual([true, true, false, false]);
  });
});
