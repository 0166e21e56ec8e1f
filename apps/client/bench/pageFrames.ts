/**
 * What the benchmarks read from a page while it draws: frames/s and frame times from its own animation frames, the
 * WebGL calls per frame, the CPU its main thread and Chromium's processes spend, and (on request) a profile of its
 * JavaScript.
 */
import type { CDPSession, Page } from 'playwright-core';

export interface Frames {
  fps: number;
  /** The 95th percentile of the time between frames, ms. */
  p95: number;
  /** WebGL draw calls and texture binds per frame. */
  draws: number;
  binds: number;
  /** CPU time (ms) the page's main thread spent per frame, and how much of it ran scripts. */
  threadMs: number;
  scriptMs: number;
  /** Cores used over the window by Chromium's GPU process (the software rasterizer), and by all of Chromium. */
  gpuCores: number;
  chromiumCores: number;
}

/** CPU time (s) of each of Chromium's processes by type (browser, renderer, GPU, utility), summed. */
async function chromiumCpu(browserCdp: CDPSession): Promise<Record<string, number>> {
  const { processInfo } = await browserCdp.send('SystemInfo.getProcessInfo');
  const byType: Record<string, number> = {};
  for (const p of processInfo) byType[p.type] = (byType[p.type] ?? 0) + p.cpuTime;
  return byType;
}

/** CPU time of the page's main thread and its scripts, in seconds, from Chromium's own counters (thread ticks). */
async function pageCpu(cdp: CDPSession): Promise<{ thread: number; script: number }> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const value = (name: string): number => metrics.find((m) => m.name === name)?.value ?? 0;
  return { thread: value('ThreadTime'), script: value('ScriptDuration') };
}

/** Runs in the page: counts WebGL draw calls and texture binds, for the figures per frame. */
export function countGlCalls(): void {
  const counts = { draws: 0, binds: 0 };
  (window as unknown as { benchGl: typeof counts }).benchGl = counts;
  for (const proto of [WebGLRenderingContext.prototype, WebGL2RenderingContext.prototype]) {
    const { drawElements, drawArrays, bindTexture } = proto;
    proto.drawElements = function (...args: Parameters<typeof drawElements>) {
      counts.draws++;
      return drawElements.apply(this, args);
    };
    proto.drawArrays = function (...args: Parameters<typeof drawArrays>) {
      counts.draws++;
      return drawArrays.apply(this, args);
    };
    proto.bindTexture = function (...args: Parameters<typeof bindTexture>) {
      counts.binds++;
      return bindTexture.apply(this, args);
    };
  }
}

/**
 * Frames per second and the 95th percentile frame time over `ms`, timed by the page's own animation frames, and the
 * CPU time the page's main thread spent per frame (which, unlike frames/s, does not depend on what else the machine
 * runs).
 */
export async function frames(page: Page, probes: Probes, ms: number): Promise<Frames> {
  const before = await pageCpu(probes.page);
  const processesBefore = await chromiumCpu(probes.browser);
  const wallBefore = performance.now();
  const counted = await timedFrames(page, ms);
  const wall = (performance.now() - wallBefore) / 1000;
  const after = await pageCpu(probes.page);
  const processesAfter = await chromiumCpu(probes.browser);
  const cores = (type?: string): number =>
    Object.keys(processesAfter)
      .filter((t) => type === undefined || t === type)
      .reduce((sum, t) => sum + (processesAfter[t]! - (processesBefore[t] ?? 0)), 0) / wall;
  const { count, ...figures } = counted;
  return {
    ...figures,
    threadMs: ((after.thread - before.thread) * 1000) / count,
    scriptMs: ((after.script - before.script) * 1000) / count,
    gpuCores: cores('GPU'),
    chromiumCores: cores(),
  };
}

/** Where the CPU figures are read: the observed page's DevTools session, and the browser's. */
export interface Probes {
  page: CDPSession;
  browser: CDPSession;
}

type Counted = Omit<Frames, 'threadMs' | 'scriptMs' | 'gpuCores' | 'chromiumCores'> & { count: number };

function timedFrames(page: Page, ms: number): Promise<Counted> {
  return page.evaluate(
    (ms) =>
      new Promise<Counted>((resolve) => {
        const gl = (window as unknown as { benchGl?: { draws: number; binds: number } }).benchGl;
        const before = { draws: gl?.draws ?? 0, binds: gl?.binds ?? 0 };
        const deltas: number[] = [];
        let last = performance.now();
        const start = last;
        const tick = (now: number): void => {
          deltas.push(now - last);
          last = now;
          if (now - start < ms) requestAnimationFrame(tick);
          else {
            deltas.sort((a, b) => a - b);
            const p95 = deltas[Math.min(deltas.length - 1, Math.floor(deltas.length * 0.95))] ?? NaN;
            resolve({
              fps: (deltas.length * 1000) / (now - start),
              p95,
              draws: ((gl?.draws ?? 0) - before.draws) / deltas.length,
              binds: ((gl?.binds ?? 0) - before.binds) / deltas.length,
              count: deltas.length,
            });
          }
        };
        requestAnimationFrame(tick);
      }),
    ms,
  );
}

export async function startProfile(cdp: CDPSession): Promise<void> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
}

/** Stops the profile and prints the functions that took the most of the page's script time, by self time. */
export async function printProfile(
  cdp: CDPSession,
  what: string,
  log: (text: string) => void,
): Promise<void> {
  const { profile } = await cdp.send('Profiler.stop');
  const interval = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  samples.forEach((id, i) => interval.set(id, (interval.get(id) ?? 0) + (deltas[i] ?? 0)));
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.split('/').pop() ?? url;
    const name = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + (interval.get(node.id) ?? 0));
  }
  const total = [...byFunction.values()].reduce((a, b) => a + b, 0);
  const top = [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 25);
  log(`profile ${what}, self time of ${(total / 1000).toFixed(0)} ms sampled:`);
  for (const [name, us] of top) log(`  ${((us / total) * 100).toFixed(1)} %  ${name}`);
}
