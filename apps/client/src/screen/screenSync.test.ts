import { describe, expect, it } from 'vitest';
import { screenPositionAt, type ScreenState } from '@campus/protocol';
import { SYNC, SeekLead, filmTime, inStep, syncStep } from './screenSync';

const playing: ScreenState = {
  roomId: 'room-101',
  version: 3,
  source: { kind: 'library', name: 'a.webm', url: '/media/a.webm', title: 'a.webm' },
  duration: 120,
  playing: true,
  position: 10,
  at: 1_000_000,
  rate: 1,
};

describe('where the film should be', () => {
  it('follows the server clock: the client turns its own clock into the server’s with its offset', () => {
    // This page's clock runs 2 500 ms behind the server's; 4 s after the play, by the server, we are 4 s in.
    const offset = 2500;
    const localNow = 1_000_000 - offset + 4000;
    expect(screenPositionAt(playing, localNow + offset)).toBeCloseTo(14, 9);
    expect(screenPositionAt({ ...playing, rate: 1.5 }, localNow + offset)).toBeCloseTo(16, 9);
    expect(screenPositionAt({ ...playing, playing: false }, localNow + offset)).toBe(10);
    // Never past the end, nor before the play (a client clock a little behind the server's).
    expect(screenPositionAt(playing, 1_000_000 + 10_000_000)).toBe(120);
    expect(screenPositionAt(playing, 1_000_000 - 300)).toBe(10);
  });
});

describe('the drift controller', () => {
  const step = (actual: number, target: number, extra: Partial<Parameters<typeof syncStep>[0]> = {}) =>
    syncStep({ playing: true, actual, target, rate: 1, seekLead: 0.2, duration: 120, ...extra });

  it('leaves a film within the dead band alone', () => {
    expect(step(30.005, 30)).toEqual({ kind: 'rate', rate: 1 });
    expect(step(29.99, 30, { rate: 1.5 })).toEqual({ kind: 'rate', rate: 1.5 });
  });

  it('nudges the rate in proportion: faster when behind, slower when ahead, never beyond 10 %', () => {
    const behind = step(29.94, 30);
    const ahead = step(30.06, 30);
    expect(behind.kind).toBe('rate');
    expect(behind.kind === 'rate' && behind.rate).toBeCloseTo(1 + 0.06 / SYNC.CORRECT_IN_S, 9);
    expect(ahead.kind === 'rate' && ahead.rate).toBeCloseTo(1 - 0.06 / SYNC.CORRECT_IN_S, 9);
    const far = step(29.5, 30);
    expect(far).toEqual({ kind: 'rate', rate: 1 + SYNC.NUDGE_MAX });
    // Relative to the shared rate.
    const fast = step(29.5, 30, { rate: 2 });
    expect(fast.kind === 'rate' && fast.rate).toBeCloseTo(2 * (1 + SYNC.NUDGE_MAX), 9);
  });

  it('seeks when too far off to nudge, landing ahead by the seek lead', () => {
    expect(step(20, 30)).toEqual({ kind: 'seek', to: 30.2 });
    expect(step(40, 30)).toEqual({ kind: 'seek', to: 30.2 });
    // Never past the end.
    expect(step(100, 119.95)).toEqual({ kind: 'seek', to: 120 });
  });

  it('puts a paused film on the shared frame, exactly, and leaves it there', () => {
    expect(syncStep({ playing: false, actual: 12.3, target: 45, rate: 1, seekLead: 0.2 })).toEqual({
      kind: 'seek',
      to: 45,
    });
    expect(syncStep({ playing: false, actual: 45.01, target: 45, rate: 1, seekLead: 0.2 })).toEqual({
      kind: 'rate',
      rate: 1,
    });
  });

  it('says when a film is in step, and keeps saying so through a small wobble', () => {
    expect(inStep(30.09, 30)).toBe(true);
    expect(inStep(30.12, 30)).toBe(false);
    expect(inStep(30.12, 30, true)).toBe(true);
    expect(inStep(30.2, 30, true)).toBe(false);
  });
});

describe('the seek lead', () => {
  it('learns to lead by more after landing behind, and by less after landing ahead', () => {
    const lead = new SeekLead();
    const start = lead.seconds;
    lead.landed(-0.2);
    expect(lead.seconds).toBeGreaterThan(start);
    const more = lead.seconds;
    lead.landed(0.1);
    expect(lead.seconds).toBeLessThan(more);
    for (let i = 0; i < 50; i++) lead.landed(10);
    expect(lead.seconds).toBe(0);
    for (let i = 0; i < 50; i++) lead.landed(-10);
    expect(lead.seconds).toBe(SYNC.SEEK_LEAD_MAX_S);
  });
});

describe('film times', () => {
  it('reads as a player shows them', () => {
    expect(filmTime(0)).toBe('0:00');
    expect(filmTime(750)).toBe('12:30');
    expect(filmTime(3723.9)).toBe('1:02:03');
  });
});
