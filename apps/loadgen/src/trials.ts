import type { ScenarioResult } from './Scenario';

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Each number of an object tree replaced by its median over the trials (same shape in every trial). */
function medianOf<T>(trials: readonly T[]): T {
  const first = trials[0];
  if (typeof first === 'number') return median(trials as readonly number[]) as T;
  if (first === null || typeof first !== 'object') return first as T;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(first)) {
    out[key] = medianOf(trials.map((t) => (t as Record<string, unknown>)[key]));
  }
  return out as T;
}

/**
 * Repeated trials of one scenario as one result: every figure is the median of the trials (the machine is shared and
 * noisy, and one slow second moves a p99), with the trials' p99s kept to show the spread.
 */
export function combineTrials(trials: readonly ScenarioResult[]): ScenarioResult {
  if (trials.length === 1) return trials[0]!;
  const combined = medianOf(trials);
  return {
    ...combined,
    mode: trials[0]!.mode,
    latencyMs: { ...combined.latencyMs, samples: trials.reduce((n, t) => n + t.latencyMs.samples, 0) },
    server: { ...combined.server, survived: trials.every((t) => t.server.survived) },
    trials: trials.length,
    p99Trials: trials.map((t) => t.latencyMs.p99),
  };
}
