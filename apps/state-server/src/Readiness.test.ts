import { describe, expect, it } from 'vitest';
import { Readiness } from './Readiness';
import { ManualClock } from './testing/fakes';

describe('Readiness', () => {
  it('is ready only when every check passes, and says which one failed', async () => {
    const readiness = new Readiness(new ManualClock());
    let draining = false;
    readiness.add('listening', () => true);
    readiness.add('accepting', () => !draining);
    expect(await readiness.evaluate()).toEqual({
      ready: true,
      checks: { listening: true, accepting: true },
    });
    draining = true;
    expect(await readiness.evaluate()).toEqual({
      ready: false,
      checks: { listening: true, accepting: false },
    });
  });

  it('counts a check that throws or rejects as not ready', async () => {
    const readiness = new Readiness(new ManualClock());
    readiness.add('throws', () => {
      throw new Error('boom');
    });
    readiness.add('rejects', () => Promise.reject(new Error('down')));
    readiness.add('async ok', () => Promise.resolve(true));
    expect(await readiness.evaluate()).toEqual({
      ready: false,
      checks: { throws: false, rejects: false, 'async ok': true },
    });
  });

  it('counts a check that does not answer in time as not ready', async () => {
    const clock = new ManualClock();
    const readiness = new Readiness(clock, 500);
    readiness.add('redis', () => new Promise<boolean>(() => {}));
    const report = readiness.evaluate();
    await Promise.resolve();
    clock.advance(500);
    expect(await report).toEqual({ ready: false, checks: { redis: false } });
  });
});
