import { describe, expect, it } from 'vitest';
import { capacityChart, verdicts } from './report';
import { runScenario } from './Scenario';
import { seededRandom } from '@campus/world';

// A smoke run of `npm run bench` at toy size, so the load generator cannot rot: a real server process, real sockets.
describe('the load generator', () => {
  it('measures a small world, edge-triggered, periodic and flooded, and reports it', async () => {
    const random = seededRandom(3);
    const base = { users: 8, warmup: 0.5, duration: 2, random };
    const edge = await runScenario({ ...base, mode: 'edge' });
    const periodic = await runScenario({ ...base, mode: 'periodic', hz: 10 });
    const flood = await runScenario({ ...base, mode: 'flood', floodRate: 2000 });

    for (const r of [edge, periodic, flood]) {
      expect(r.server.survived).toBe(true);
      expect(r.latencyMs.samples).toBeGreaterThan(0);
      expect(r.latencyMs.p99).toBeLessThan(1000);
      expect(r.perUser.downBytes).toBeGreaterThan(0);
      expect(r.server.rssMBMax).toBeGreaterThan(10);
      expect(Number.isFinite(r.server.cpuPercent)).toBe(true);
    }
    // Periodic clients send many more moves than edge-triggered ones.
    expect(periodic.perUser.upMoves).toBeGreaterThan(3 * edge.perUser.upMoves);
    expect(flood.flood?.sent).toBeGreaterThan(1000);
    expect(flood.flood?.rateLimited).toBeGreaterThan(0);
    expect(verdicts([edge, periodic, flood]).length).toBeGreaterThan(1);
    expect(capacityChart([edge, periodic, flood])).toContain('<svg');
  }, 60_000);
});
