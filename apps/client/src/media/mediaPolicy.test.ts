import { describe, expect, it } from 'vitest';
import { DEFAULT_PROXIMITY } from '@campus/world';
import {
  DEFAULT_BUDGET,
  EDGE_GAIN,
  sfuRetryDelay,
  FULL_VOLUME_DISTANCE,
  MAX_PAN,
  gainForDistance,
  panForOffset,
  videoBitratePerLink,
} from './mediaPolicy';

describe('gainForDistance', () => {
  it('is full within about two tiles and near silent at the enter radius', () => {
    expect(gainForDistance(0)).toBe(1);
    expect(gainForDistance(FULL_VOLUME_DISTANCE)).toBe(1);
    expect(gainForDistance(DEFAULT_PROXIMITY.enterRadius)).toBeCloseTo(EDGE_GAIN);
    expect(gainForDistance(DEFAULT_PROXIMITY.exitRadius)).toBeCloseTo(EDGE_GAIN);
  });

  it('gets quieter steadily as people walk apart, with no jumps', () => {
    let previous = gainForDistance(0);
    for (let d = 1; d <= DEFAULT_PROXIMITY.exitRadius; d++) {
      const g = gainForDistance(d);
      expect(g).toBeLessThanOrEqual(previous);
      expect(previous - g).toBeLessThan(0.05);
      previous = g;
    }
  });
});

describe('panForOffset', () => {
  it('puts a voice on the side its speaker stands, centred when in line, never fully hard', () => {
    expect(panForOffset(0)).toBe(0);
    expect(panForOffset(40)).toBeGreaterThan(0);
    expect(panForOffset(-40)).toBeLessThan(0);
    expect(panForOffset(-40)).toBeCloseTo(-panForOffset(40));
    expect(panForOffset(10_000)).toBe(MAX_PAN);
    expect(panForOffset(-10_000)).toBe(-MAX_PAN);
  });
});

describe('videoBitratePerLink', () => {
  it('keeps the whole upstream within the budget however many links', () => {
    for (let links = 1; links <= 12; links++) {
      const video = videoBitratePerLink(links);
      const total = links * (video + DEFAULT_BUDGET.audioPerLink);
      expect(total, `${links} links`).toBeLessThanOrEqual(DEFAULT_BUDGET.totalUpstream);
    }
  });

  it('caps one link at a sensible maximum and drops to audio only when the share is too thin', () => {
    expect(videoBitratePerLink(1)).toBe(DEFAULT_BUDGET.maxVideoPerLink);
    expect(videoBitratePerLink(6)).toBe(Math.floor(1_500_000 / 6) - 40_000);
    expect(videoBitratePerLink(0)).toBe(0);
    expect(videoBitratePerLink(30)).toBe(0);
  });
});

describe('sfuRetryDelay', () => {
  it.each([
    [0, 1000],
    [1, 1000],
    [2, 2000],
    [3, 3000],
    [4, 5000],
    [50, 5000],
  ])('after %i failed tries waits %i ms', (failures, ms) => {
    expect(sfuRetryDelay(failures)).toBe(ms);
  });
});
