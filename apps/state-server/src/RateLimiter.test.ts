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
});
