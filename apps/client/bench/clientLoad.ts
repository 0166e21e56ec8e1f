/**
 * `npm run bench:client`: what a new visitor downloads before the join screen and the world, and how smoothly the
 * campus draws with 0, 10, 50 and 150 others walking in view, in one run. Real Chromium (software WebGL) against the
 * one-process server serving the production build; the walkers are Socket.IO bots walking around the observer. Writes
 * its section of docs/benchmarks.md (BENCH_LABEL names the build measured; BENCH_CLIENT_DIR picks another build).
 */
import { setPriority } from 'node:os';
import type { Point } from '@campus/protocol';
import { joinedClient } from '@campus/state-server/testing';
import { DEFAULT_CLIENT_DIR, DEFAULT_MAP_FILE, createStateServer, silentLogger } from '@campus/state-server';
import { travelLimit, type WorldMap } from '@campus/world';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../e2e/harness';
import { countGlCalls, frames, printProfile, startProfile } from './pageFrames';
import { quantile, writeSection } from './report';
import { walkSocket } from './walkingSocket';

const CLIENT_DIR = process.env.BENCH_CLIENT_DIR ?? DEFAULT_CLIENT_DIR;
const LABEL = process.env.BENCH_LABEL ?? 'now';
const COUNTS = [0, 10, 50, 150];
/** Frames are timed in this many windows per count; each figure is the windows' median. */
const WINDOWS = Number(process.env.WINDOWS ?? 3);
/** The counts are run through this many times, the walkers leaving between rounds, so a busy spell on the machine does not fall on one count only. */
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const WINDOW_MS = Number(process.env.WINDOW_MS ?? 4000);
const VISITS = Number(process.env.VISITS ?? 3);
/** Everyone starts at the courtyard's third spawn, so the bots are around the observer. */
const SPAWN = 2;
const VIEWPORT = { width: 1280, height: 720 };
/** With PROFILE_AT=<count>, the page's JavaScript is profiled during that count's first window and its busiest functions printed. */
const STILL = process.env.BENCH_STILL === '1';
const PROFILE_AT = process.env.PROFILE_AT === undefined ? undefined : Number(process.env.PROFILE_AT);

const began = performance.now();
const log = (text: string): void =>
  console.log(`[${((performance.now() - began) / 1000).toFixed(0)} s] ${text}`);

const median = (xs: number[]): number =>
  quantile(
    [...xs].sort((a, b) => a - b),
    0.5,
  );

interface Visit {
  joinScreenMs: number;
  joinScreenBytes: number;
  worldBytes: number;
}

/** Bytes on the wire (headers and encoded body) of every request the page finished, but the live connection's. */
function countBytes(page: Page): () => Promise<number> {
  const sizes: Array<Promise<number>> = [];
  page.on('requestfinished', (request) => {
    if (new URL(request.url()).pathname.startsWith('/socket.io/')) return;
    sizes.push(request.sizes().then((s) => s.responseBodySize + s.responseHeadersSize));
  });
  return async () => (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
}

/** One first visit in a fresh profile: to the join screen, then into the world with the map and its images. */
async function firstVisit(browser: Browser, url: string): Promise<Visit> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    const bytes = countBytes(page);
    const started = performance.now();
    await page.goto(url);
    await page.locator('#join-name').waitFor({ state: 'visible', timeout: 60_000 });
    const joinScreenMs = performance.now() - started;
    const joinScreenBytes = await bytes();
    await enter(page, 'Visitor');
    await page.waitForLoadState('networkidle');
    return { joinScreenMs, joinScreenBytes, worldBytes: await bytes() };
  } finally {
    await context.close();
  }
}

async function enter(page: Page, name: string): Promise<void> {
  await page.fill('#join-name', name);
  await page.click('#join-submit');
  await page.locator('#hud').waitFor({ state: 'visible', timeout: 60_000 });
}

/** A seeded generator, so every run walks the same walks. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A leg along x or y by up to `want` px, stopped short of walls. */
function leg(map: WorldMap, at: Point, axis: 'x' | 'y', want: number): { x: number } | { y: number } {
  const direction = axis === 'x' ? (want > 0 ? 'right' : 'left') : want > 0 ? 'down' : 'up';
  const room = Math.max(0, travelLimit(map, at, direction) - 2);
  const d = Math.sign(want) * Math.min(Math.abs(want), room);
  return axis === 'x' ? { x: at.x + d } : { y: at.y + d };
}

/** A bot that walks out to its own spot near the spawn, then paces there until stopped. */
async function walker(url: string, map: WorldMap, i: number, stopped: () => boolean) {
  const { socket, reply } = await joinedClient(url, `Walker ${i + 1}`, {
    look: (['sky', 'rose', 'moss', 'sun', 'plum', 'ink'] as const)[i % 6],
  });
  const random = seeded(i + 1);
  const run = async (): Promise<void> => {
    let at = reply.self.position.position;
    const out = leg(map, at, 'x', (random() - 0.5) * 360);
    at = await walkSocket(socket, at, [out]);
    at = await walkSocket(socket, at, [leg(map, at, 'y', (random() - 0.5) * 200)]);
    const home = at;
    // BENCH_STILL=1: each stands at their spot once there, so the figures show drawing them without the bots' traffic.
    while (STILL && !stopped()) await new Promise((r) => setTimeout(r, 200));
    const pace = (random() < 0.5 ? -1 : 1) * (48 + random() * 64);
    while (!stopped()) {
      const turn = at;
      at = await walkSocket(socket, at, [leg(map, home, 'x', pace)]);
      at = await walkSocket(socket, at, [{ x: home.x }]);
      // Walled in on that side: stand a while instead of spinning.
      if (at.x === turn.x && at.y === turn.y) await new Promise((r) => setTimeout(r, 1000));
    }
  };
  const walking = run().catch(() => undefined);
  return {
    close: async () => {
      await walking;
      socket.disconnect();
    },
  };
}

/** Waits until the observer's HUD counts `n` people (itself included). */
async function seePopulation(page: Page, n: number): Promise<void> {
  const text = n === 1 ? 'Just you here' : `${n} here`;
  await page
    .waitForFunction((text) => document.getElementById('hud-population')?.textContent === text, text, {
      timeout: 60_000,
    })
    .catch(async (err: unknown) => {
      const shown = await page.textContent('#hud-population');
      throw new Error(`the observer never saw "${text}" (shows "${shown}")`, { cause: err });
    });
}

async function main(): Promise<void> {
  const server = await createStateServer({
    mapFile: DEFAULT_MAP_FILE,
    clientDir: CLIENT_DIR,
    logger: silentLogger,
    room: { pickSpawn: (count) => SPAWN % count, gracePeriod: 1500 },
  });
  const port = await server.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}/`;
  const browser = await launchChromium();
  // BENCH_NICE=<n>: the server and the bots (this process, not Chromium, started before) run at that niceness.
  if (process.env.BENCH_NICE) setPriority(Number(process.env.BENCH_NICE));
  const visits: Visit[] = [];
  for (let i = 0; i < VISITS; i++) {
    visits.push(await firstVisit(browser, url));
    log(`first visit ${i + 1}: ${JSON.stringify(visits[i])}`);
  }

  const context = await browser.newContext({ viewport: VIEWPORT });
  // tsx compiles with esbuild's keepNames, whose `__name` helper then appears in functions sent to the page.
  await context.addInitScript('globalThis.__name = (fn) => fn;');
  await context.addInitScript(countGlCalls);
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('#join-name').waitFor({ state: 'visible', timeout: 60_000 });
  await enter(page, 'Observer');
  // The first seconds in the world are busy (media starting, late chunks): a window not counted.
  const cdp = await context.newCDPSession(page);
  // Durations in thread ticks: CPU time, not wall time, so another process's load does not inflate them.
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  const probes = { page: cdp, browser: await browser.newBrowserCDPSession() };
  await frames(page, probes, 10_000);

  const samples = new Map(
    COUNTS.map((count) => [
      count,
      {
        fps: [] as number[],
        p95: [] as number[],
        cpu: [] as number[],
        draws: [] as number[],
        binds: [] as number[],
        threadMs: [] as number[],
        scriptMs: [] as number[],
        gpuCores: [] as number[],
        chromiumCores: [] as number[],
      },
    ]),
  );
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let stop = false;
    const bots: Array<Awaited<ReturnType<typeof walker>>> = [];
    const roundFps = new Map<number, number>();
    for (const count of COUNTS) {
      while (bots.length < count) bots.push(await walker(url, server.map, bots.length, () => stop));
      await seePopulation(page, count + 1);
      // Let the newest walkers reach their spots.
      await new Promise((r) => setTimeout(r, 5000));
      const sample = samples.get(count)!;
      const fps: number[] = [];
      const cpuBefore = process.cpuUsage();
      const wallBefore = performance.now();
      const profiling = round === 0 && count === PROFILE_AT;
      if (profiling) await startProfile(cdp);
      for (let w = 0; w < WINDOWS; w++) {
        const f = await frames(page, probes, WINDOW_MS);
        if (profiling && w === 0) await printProfile(cdp, `at ${count} walkers`, log);
        sample.threadMs.push(f.threadMs);
        sample.scriptMs.push(f.scriptMs);
        sample.gpuCores.push(f.gpuCores);
        sample.chromiumCores.push(f.chromiumCores);
        fps.push(f.fps);
        sample.p95.push(f.p95);
        sample.draws.push(f.draws);
        sample.binds.push(f.binds);
      }
      const cpu = process.cpuUsage(cpuBefore);
      sample.cpu.push((cpu.user + cpu.system) / 1000 / (performance.now() - wallBefore));
      sample.fps.push(...fps);
      roundFps.set(count, median(fps));
      log(
        `round ${round + 1}, ${count} walkers: ${median(fps).toFixed(1)} frames/s, ` +
          `page main thread ${median(sample.threadMs.slice(-WINDOWS)).toFixed(1)} ms CPU a frame, ` +
          `GPU process ${median(sample.gpuCores.slice(-WINDOWS)).toFixed(2)} cores, ` +
          `Chromium ${median(sample.chromiumCores.slice(-WINDOWS)).toFixed(2)} cores, ` +
          `bench ${sample.cpu.at(-1)!.toFixed(2)} cores`,
      );
    }
    stop = true;
    await Promise.all(bots.map((b) => b.close()));
    await seePopulation(page, 1);
    ratios.push(roundFps.get(COUNTS[COUNTS.length - 1]!)! / roundFps.get(COUNTS[0]!)!);
  }
  const rows = COUNTS.map((count) => {
    const sample = samples.get(count)!;
    return {
      count,
      fps: median(sample.fps),
      p95: median(sample.p95),
      benchCpu: median(sample.cpu),
      draws: median(sample.draws),
      binds: median(sample.binds),
      threadMs: median(sample.threadMs),
      scriptMs: median(sample.scriptMs),
      gpuCores: median(sample.gpuCores),
      chromiumCores: median(sample.chromiumCores),
    };
  });
  await browser.close();
  await server.close();

  const kb = (b: number): string => `${(b / 1024).toFixed(0)} KB`;
  const none = rows[0]!;
  const most = rows[rows.length - 1]!;
  const section = [
    `<!-- client-load:${LABEL} -->`,
    `## Loading and drawing the campus: ${LABEL}`,
    '',
    `Command: \`npm run bench:client\` (builds the client for production; \`apps/client/bench/clientLoad.ts\`${CLIENT_DIR === DEFAULT_CLIENT_DIR ? '' : ' with BENCH_CLIENT_DIR set to another build'}).`,
    '',
    `First visit in a fresh Chromium profile against the one-process server (medians of ${VISITS}): ` +
      `${kb(median(visits.map((v) => v.joinScreenBytes)))} transferred to the join screen in ` +
      `${median(visits.map((v) => v.joinScreenMs)).toFixed(0)} ms, ` +
      `${kb(median(visits.map((v) => v.worldBytes)))} with the world (the map and its images) drawn.`,
    '',
    `Frames with others walking in view of a 1280 × 720 window (software WebGL on 2 shared cores; medians of ` +
      `${WINDOWS} windows of ${WINDOW_MS / 1000} s in each of ${ROUNDS} rounds, each round from 0 to ${COUNTS[COUNTS.length - 1]} walkers; "bench CPU" is the server and the bots, in this process, in cores):`,
    '',
    '| walkers in view | frames/s | frame time p95 | page main thread CPU per frame | of which scripts | WebGL draw calls per frame | texture binds per frame | GPU process CPU | all Chromium CPU | bench CPU |',
    '| --: | --: | --: | --: | --: | --: | --: | --: | --: | --: |',
    ...rows.map(
      (r) =>
        `| ${r.count} | ${r.fps.toFixed(1)} | ${r.p95.toFixed(1)} ms | ${r.threadMs.toFixed(1)} ms | ${r.scriptMs.toFixed(1)} ms | ${r.draws.toFixed(0)} | ${r.binds.toFixed(0)} | ${r.gpuCores.toFixed(2)} | ${r.chromiumCores.toFixed(2)} | ${r.benchCpu.toFixed(2)} |`,
    ),
    '',
    `Frames/s at ${most.count} walkers are ${((most.fps / none.fps) * 100).toFixed(0)} % of those at ${none.count} ` +
      `(medians); in each round on its own: ${ratios.map((r) => `${(r * 100).toFixed(0)} %`).join(', ')}.`,
    `<!-- /client-load:${LABEL} -->`,
  ].join('\n');
  writeSection(`client-load:${LABEL}`, section);
  console.log(section);
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
