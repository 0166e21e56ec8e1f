import { describe, expect, it } from 'vitest';
import { capacityChart, docsSection, resultsTable, verdicts, withDocsSection } from './report';
import type { ScenarioResult } from './Scenario';

function result(
  users: number,
  over: Partial<ScenarioResult> & { p99?: number; down?: number; moves?: number },
) {
  const { p99 = 10, down = 1500, moves = 0.5, ...rest } = over;
  const r: ScenarioResult = {
    users,
    mode: 'edge',
    seconds: 20,
    latencyMs: { p50: 1, p95: p99 / 2, p99, max: p99 * 2, samples: 1000 },
    perUser: {
      upMessages: moves + 0.1,
      upBytes: 80,
      downMessages: 8,
      downBytes: down,
      upMoves: moves,
      downMoves: 6,
    },
    server: { cpuPercent: 30, cpuPercentMax: 40, rssMB: 180, rssMBMax: 190, survived: true },
    loadgen: { cpuPercent: 25, loopDelayP99Ms: 5 },
    joinsAndLeaves: 10,
    loadAverage: 1,
    ...rest,
  };
  return r;
}

describe('verdicts', () => {
  it('says which targets were met, with the numbers', () => {
    const text = verdicts([
      result(100, { down: 1400 }),
      result(1000, { down: 1500, p99: 40 }),
      result(1000, { mode: 'periodic', hz: 10, moves: 6 }),
      result(1000, { mode: 'flood', floodRate: 5000, p99: 60 }),
    ]).join('\n');
    expect(text).toMatch(/p99 movement latency ≤ 50 ms: \*\*1000\*\*.*\*\*met\*\*/);
    expect(text).toMatch(/×1\.07 end to end.*Target flat within ±25 %: \*\*met\*\*/);
    expect(text).toMatch(/12\.0× fewer.*\*\*met\*\*/);
    expect(text).toMatch(/40\.0 vs 60\.0 ms \(×1\.50\)\. Target within 2×: \*\*met\*\*/);
  });

  it('says so when a target is missed', () => {
    const text = verdicts([
      result(100, { down: 1000 }),
      result(500, { p99: 30 }),
      result(1000, { down: 2000, p99: 80 }),
      result(1000, { mode: 'periodic', hz: 10, moves: 2 }),
    ]).join('\n');
    expect(text).toMatch(/\*\*500\*\*.*Target at least 1,000: \*\*missed\*\*/);
    expect(text).toMatch(/At 1000 users p99 was 80\.0 ms/);
    expect(text).toMatch(/×2\.00 end to end.*\*\*missed\*\*/);
    expect(text).toMatch(/4\.0× fewer.*\*\*missed\*\*/);
  });
});

describe('the report', () => {
  const results = [result(100, {}), result(1000, {}), result(1000, { mode: 'flood', floodRate: 5000 })];

  it('has a table row per scenario', () => {
    expect(resultsTable(results).split('\n')).toHaveLength(2 + results.length);
  });

  it('replaces only its own section of the benchmarks page', () => {
    const page = '# Benchmarks\n\n<!-- bench:media -->\nmedia\n<!-- /bench:media -->\n';
    const once = withDocsSection(page, docsSection(info, results));
    expect(once).toContain('<!-- bench:media -->\nmedia\n<!-- /bench:media -->');
    expect(once).toContain('<!-- bench:capacity -->');
    const twice = withDocsSection(once, docsSection(info, results.slice(0, 1)));
    expect(twice.match(/bench:capacity -->/g)).toHaveLength(2);
    expect(twice).toContain('<!-- bench:media -->\nmedia\n<!-- /bench:media -->');
  });

  it('draws both charts with a line per series', () => {
    const svg = capacityChart(results);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('target 50 ms');
    // p50 and p99 edge-triggered and p99 with the flooder; downstream edge-triggered.
    expect(svg.match(/<path /g)).toHaveLength(4);
  });
});

const info = {
  command: 'npm run bench',
  date: '2026-11-21',
  cpu: 'Test CPU',
  cores: 2,
  memoryGB: 24,
  node: '20',
  loadBefore: 0.1,
};
