import { describe, expect, it } from 'vitest';
import type { ScenarioResult } from './Scenario';
import { combineTrials, median } from './trials';

function trial(p99: number, cpu: number, survived = true): ScenarioResult {
  return {
    users: 1000,
    mode: 'edge',
    seconds: 20,
    latencyMs: { p50: 1, p95: p99 / 2, p99, max: p99 * 2, samples: 100 },
    perUser: { upMessages: 1, upBytes: 80, downMessages: 8, downBytes: 1400, upMoves: 0.5, downMoves: 6 },
    server: { cpuPercent: cpu, cpuPercentMax: cpu + 5, rssMB: 180, rssMBMax: 190, survived },
    loadgen: { cpuPercent: 25, loopDelayP99Ms: 1 },
    joinsAndLeaves: 10,
    loadAverage: 1,
  };
}

describe('combineTrials', () => {
  it('takes the median of every figure and keeps the spread of p99s', () => {
    const combined = combineTrials([trial(4, 30), trial(20, 28), trial(5, 40)]);
    expect(combined.latencyMs.p99).toBe(5);
    expect(combined.server.cpuPercent).toBe(30);
    expect(combined.latencyMs.samples).toBe(300);
    expect(combined.p99Trials).toEqual([4, 20, 5]);
    expect(combined.trials).toBe(3);
    expect(combined.mode).toBe('edge');
  });

  it('says the server did not survive if it fell over in any trial', () => {
    expect(combineTrials([trial(4, 30), trial(5, 30, false)]).server.survived).toBe(false);
  });

  it('medians an even count as the mean of the middle two', () => {
    expect(median([1, 10, 2, 3])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});
