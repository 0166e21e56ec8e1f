import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ManualClientClock } from '../testing/ManualClientClock';
import { Backoff, RetryLoop } from './Backoff';

describe('Backoff', () => {
  it('doubles its ceiling per attempt up to the cap, and waits a uniform share of it (full jitter)', () => {
    const ceilings: number[] = [];
    const backoff = new Backoff(500, 15_000, () => 0.999_999);
    for (let i = 0; i < 8; i++) {
      ceilings.push(backoff.ceiling);
      backoff.next();
    }
    expect(ceilings).toEqual([500, 1000, 2000, 4000, 8000, 15_000, 15_000, 15_000]);
    expect(new Backoff(500, 15_000, () => 0).next()).toBe(0);
    expect(new Backoff(500, 15_000, () => 0.5).next()).toBe(250);
  });

  it('starts over after a success', () => {
    const backoff = new Backoff(100, 1000, () => 0.5);
    backoff.next();
    backoff.next();
    backoff.reset();
    expect(backoff.ceiling).toBe(100);
  });
});

describe('RetryLoop', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('retries on the backoff schedule until it succeeds', () => {
    const attempts: number[] = [];
    const waits: number[] = [];
    const loop = new RetryLoop(
      () => {
        attempts.push(Date.now());
        if (attempts.length < 4) loop.retry();
        else loop.succeeded();
      },
      new Backoff(1000, 8000, () => 0.5),
      (ms) => waits.push(ms),
    );
    const t0 = Date.now();
    loop.retry();
    vi.advanceTimersByTime(60_000);
    expect(waits).toEqual([500, 1000, 2000, 4000]);
    expect(attempts.map((t) => t - t0)).toEqual([500, 1500, 3500, 7500]);
    expect(loop.active).toBe(false);
  });

  it('a second retry while one is scheduled does not double the attempts, and stop cancels', () => {
    let attempts = 0;
    const loop = new RetryLoop(() => attempts++, new Backoff(1000, 8000, () => 1 - 1e-9));
    loop.retry();
    loop.retry();
    vi.advanceTimersByTime(1000);
    expect(attempts).toBe(1);
    loop.retry();
    loop.stop();
    vi.advanceTimersByTime(60_000);
    expect(attempts).toBe(1);
  });

  it('can wait a given time instead, leaving the backoff where it was (a draining server asks for a prompt return)', () => {
    let attempts = 0;
    const waits: number[] = [];
    const loop = new RetryLoop(
      () => attempts++,
      new Backoff(1000, 8000, () => 0.5),
      (ms) => waits.push(ms),
    );
    loop.retry(120);
    vi.advanceTimersByTime(119);
    expect(attempts).toBe(0);
    vi.advanceTimersByTime(1);
    expect(attempts).toBe(1);
    loop.retry();
    expect(waits).toEqual([120, 500]);
  });

  it('waits on the clock it is given, so a controller using it runs in a test without real timers', () => {
    vi.useRealTimers();
    const clock = new ManualClientClock();
    let attempts = 0;
    const loop = new RetryLoop(
      () => attempts++,
      new Backoff(1000, 8000, () => 0.5),
      () => {},
      clock,
    );
    loop.retry();
    clock.advance(499);
    expect(attempts).toBe(0);
    clock.advance(1);
    expect(attempts).toBe(1);
    loop.retry();
    loop.stop();
    clock.advance(10_000);
    expect(attempts).toBe(1);
  });
});
