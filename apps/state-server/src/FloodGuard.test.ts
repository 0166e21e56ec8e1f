import { describe, expect, it } from 'vitest';
import { ConnectRefusal, Limits, MessageError } from '@campus/protocol';
import { ESCALATION, FloodGuard, INBOUND_BUDGETS, jsonFits } from './FloodGuard';
import { ManualClock } from './testing/fakes';

const move = { position: { x: 40, y: 40 }, direction: 'right', isMoving: true, startedAt: 1 };

describe('FloodGuard', () => {
  it('lets through a 10 Hz periodic sender with bursts of quick key changes, and clock syncs, for a minute', () => {
    const clock = new ManualClock();
    const guard = new FloodGuard(clock);
    const verdicts = new Set<string>();
    for (let t = 0; t < 60_000; t += 100) {
      verdicts.add(guard.admit('move', [move]).verdict);
      // Every 5 s, a player taps the arrow keys: 8 strokes in a moment.
      if (t % 5000 === 0) for (let i = 0; i < 8; i++) verdicts.add(guard.admit('move', [move]).verdict);
      if (t % 1000 === 0) verdicts.add(guard.admit('clock', [null]).verdict);
      clock.advance(100);
    }
    expect([...verdicts]).toEqual(['admit']);
  });

  it('escalates: one coded error, then silent drops for a second, then another error', () => {
    const clock = new ManualClock();
    const guard = new FloodGuard(clock);
    const burst = INBOUND_BUDGETS.move.burst;
    const verdicts = Array.from({ length: burst + 20 }, () => guard.admit('move', [move]));
    expect(verdicts.slice(0, burst).every((v) => v.verdict === 'admit')).toBe(true);
    expect(verdicts[burst]).toMatchObject({ verdict: 'refuse', code: MessageError.RATE_LIMITED });
    expect(verdicts.slice(burst + 1).every((v) => v.verdict === 'drop')).toBe(true);
    // Half a second later the bucket has refilled a little, but the error was too recent to repeat.
    clock.advance(500);
    const again = Array.from({ length: 30 }, () => guard.admit('move', [move]).verdict);
    expect(again.filter((v) => v === 'refuse')).toEqual([]);
    expect(again.filter((v) => v === 'admit').length).toBeGreaterThan(5);
    clock.advance(600);
    const later = Array.from({ length: 40 }, () => guard.admit('move', [move]).verdict);
    expect(later.filter((v) => v === 'refuse')).toHaveLength(1);
  });

  it('keeps budgets apart: a flood of moves does not stop chat', () => {
    const guard = new FloodGuard(new ManualClock());
    for (let i = 0; i < 100; i++) guard.admit('move', [move]);
    expect(guard.admit('chat:send', [{ id: 'abcdefgh', scope: 'nearby', text: 'hi' }]).verdict).toBe('admit');
  });

  it('closes a connection still flooding after the sustained time, with TOO_MANY_MESSAGES, and drops what follows', () => {
    const clock = new ManualClock();
    const start = clock.now();
    const guard = new FloodGuard(clock);
    const verdicts: Record<string, number> = {};
    let closedAt = -1;
    // 5,000 messages a second, in 10 ms batches of 50, for up to 30 s.
    for (let i = 0; i < 150_000 && closedAt < 0; i++) {
      if (i % 50 === 0) clock.advance(10);
      const verdict = guard.admit('move', [move]);
      verdicts[verdict.verdict] = (verdicts[verdict.verdict] ?? 0) + 1;
      if (verdict.verdict === 'close') {
        expect(verdict.code).toBe(ConnectRefusal.TOO_MANY_MESSAGES);
        closedAt = clock.now() - start;
      }
    }
    expect(closedAt).toBeGreaterThanOrEqual(ESCALATION.sustainedMs);
    expect(closedAt).toBeLessThan(ESCALATION.sustainedMs + 100);
    // Meanwhile it got through no more than its budget, and one error a second.
    expect(verdicts.admit).toBeLessThanOrEqual(
      INBOUND_BUDGETS.move.burst + INBOUND_BUDGETS.move.perSecond * 10.1,
    );
    expect(verdicts.refuse).toBeLessThanOrEqual(11);
    expect(guard.admit('clock', [null]).verdict).toBe('drop');
  });

  it('closes at once a flood beyond all reason', () => {
    const clock = new ManualClock();
    const guard = new FloodGuard(clock);
    let closedAfter = -1;
    // 100,000 messages a second.
    for (let i = 0; i < 100_000 && closedAfter < 0; i++) {
      if (i % 1000 === 0) clock.advance(10);
      if (guard.admit('move', [move]).verdict === 'close') closedAfter = i;
    }
    expect(closedAfter).toBeGreaterThan(ESCALATION.tolerance.burst);
    expect(closedAfter).toBeLessThan(40_000);
  });

  it('throttles, and never closes, a client that goes over its budget now and then', () => {
    const clock = new ManualClock();
    const guard = new FloodGuard(clock);
    const seen = new Set<string>();
    // Every 5 s, 60 moves at once (three times the burst), for two minutes.
    for (let t = 0; t < 120_000; t += 5000) {
      for (let i = 0; i < 60; i++) seen.add(guard.admit('move', [move]).verdict);
      clock.advance(5000);
    }
    expect(seen.has('close')).toBe(false);
    expect(seen.has('refuse')).toBe(true);
  });

  it('refuses an oversized payload with PAYLOAD_TOO_LARGE, by kind', () => {
    const guard = new FloodGuard(new ManualClock());
    expect(guard.admit('move', [{ ...move, junk: 'x'.repeat(300) }])).toMatchObject({
      verdict: 'refuse',
      code: MessageError.PAYLOAD_TOO_LARGE,
    });
    const longest = {
      id: 'abcdefgh',
      scope: 'direct',
      to: 'u'.repeat(64),
      text: 'é'.repeat(Limits.CHAT_TEXT_MAX),
    };
    expect(guard.admit('chat:send', [longest]).verdict).toBe('admit');
    // Unknown events are budgeted but not measured: the router refuses them unread.
    expect(guard.admit('unknown-thing', [{ big: 'x'.repeat(5000) }]).verdict).toBe('admit');
  });
});

describe('jsonFits', () => {
  it('measures like JSON, roughly, and stops at the limit', () => {
    expect(jsonFits({ a: 'xx', b: [1, true, null] }, 100)).toBe(true);
    expect(jsonFits({ a: 'x'.repeat(200) }, 100)).toBe(false);
    expect(jsonFits([new Uint8Array(500)], 100)).toBe(false);
    expect(
      jsonFits(
        Array.from({ length: 1000 }, () => 0),
        100,
      ),
    ).toBe(false);
  });

  it('counts deep nesting as too large, however small', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 50; i++) deep = [deep];
    expect(jsonFits(deep, 10_000)).toBe(false);
    expect(jsonFits([[[[1]]]], 10_000)).toBe(true);
  });
});
