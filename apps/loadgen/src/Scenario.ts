import { fork } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Point } from '@campus/protocol';
import { bodyFits, loadTiledMap, type WorldMap } from '@campus/world';
import type { FloodReport } from './flooder';
import { openMap } from './openMap';
import { Recorder } from './Recorder';
import { ServerProcess, type ProcessSample } from './ServerProcess';
import { SimulatedUser, type Cadence } from './SimulatedUser';

export type Mode = 'edge' | 'periodic' | 'flood';

export interface ScenarioSpec {
  users: number;
  mode: Mode;
  /** For `periodic`: position updates a second while walking. */
  hz?: number;
  /** For `flood`: the flooder's messages a second. */
  floodRate?: number;
  warmup: number;
  duration: number;
  /** Chance a second that one person leaves and a new one joins elsewhere (per person). */
  churnPerSecond?: number;
  random: () => number;
  /** Progress lines for the person running the bench. */
  say?: (line: string) => void;
}

export interface ScenarioResult {
  users: number;
  mode: Mode;
  hz?: number;
  floodRate?: number;
  seconds: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number; samples: number };
  /** Per simulated person, per second. */
  perUser: {
    upMessages: number;
    upBytes: number;
    downMessages: number;
    downBytes: number;
    upMoves: number;
    downMoves: number;
  };
  server: { cpuPercent: number; cpuPercentMax: number; rssMB: number; rssMBMax: number; survived: boolean };
  loadgen: { cpuPercent: number; loopDelayP99Ms: number };
  /** The machine's 1-minute load average at the end of the window: above ~2 on 2 cores, something else ran too. */
  loadAverage: number;
  joinsAndLeaves: number;
  flood?: FloodReport;
  /** When several trials were combined: how many, and each one's p99 (ms). */
  trials?: number;
  p99Trials?: number[];
}

const FLOODER = fileURLToPath(new URL('./flooder.ts', import.meta.url));
const LOOP_RESOLUTION_MS = 5;

/**
 * One measured run: a fresh server process on a map sized for `users`, that many simulated people over the real
 * protocol, a warm-up, then `duration` seconds measured; in `flood` mode one more client floods it meanwhile.
 */
export async function runScenario(spec: ScenarioSpec): Promise<ScenarioResult> {
  const say = spec.say ?? (() => {});
  const dir = await mkdtemp(join(tmpdir(), 'campus-bench-'));
  const mapJson = openMap(spec.users);
  const mapFile = join(dir, 'map.json');
  await writeFile(mapFile, JSON.stringify(mapJson));
  const map = loadTiledMap(mapJson);
  const server = await ServerProcess.start(mapFile);
  const recorder = new Recorder();
  const cadence: Cadence =
    spec.mode === 'periodic' ? { kind: 'periodic', hz: spec.hz ?? 10 } : { kind: 'edge' };
  const people = new Set<SimulatedUser>();
  let over = false;
  const joinOne = async (): Promise<void> => {
    const user = await SimulatedUser.join(
      server.url,
      map,
      spec.random,
      recorder,
      cadence,
      walkablePoint(map, spec.random),
    );
    // A newcomer whose join was still on its way when the scenario ended must not walk on forever.
    if (over) {
      user.stop();
      return;
    }
    people.add(user);
    user.start();
  };
  let flooder: ReturnType<typeof fork> | undefined;
  let churn: NodeJS.Timeout | undefined;
  const pruner = setInterval(() => recorder.prune(), 5000);
  try {
    say(`  ${spec.users} people, ${label(spec)}: connecting…`);
    for (let i = 0; i < spec.users; i += 25) {
      await Promise.all(Array.from({ length: Math.min(25, spec.users - i) }, () => joinOne()));
    }
    if (spec.mode === 'flood') {
      const at = walkablePoint(map, spec.random);
      flooder = fork(FLOODER, [server.url, String(spec.floodRate ?? 5000), String(at.x), String(at.y)], {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      });
      // Measure from when it floods, not from when its process starts (tsx compiles it first, slowly on a busy box).
      await floodingStarted(flooder);
    }
    let joinsAndLeaves = 0;
    const churnRate = (spec.churnPerSecond ?? 1 / 300) * spec.users;
    const replaceSomeone = (): void => {
      churn = setTimeout(replaceSomeone, (-Math.log(1 - spec.random()) * 1000) / churnRate);
      const leaving = [...people][Math.floor(spec.random() * people.size)];
      if (!leaving) return;
      people.delete(leaving);
      leaving.stop();
      joinsAndLeaves++;
      joinOne().catch(() => {});
    };
    churn = setTimeout(replaceSomeone, 1000 / churnRate);

    say(`  ${spec.users} people, ${label(spec)}: warming up ${spec.warmup} s…`);
    await sleep(spec.warmup * 1000);
    const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
    loop.enable();
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    joinsAndLeaves = 0;
    recorder.start();
    const samples: ProcessSample[] = [];
    const first = server.sample();
    if (first) samples.push(first);
    say(`  ${spec.users} people, ${label(spec)}: measuring ${spec.duration} s…`);
    for (let s = 0; s < spec.duration; s++) {
      await sleep(1000);
      const sample = server.sample();
      if (sample) samples.push(sample);
    }
    recorder.stop();
    loop.disable();
    const cpu = process.cpuUsage(cpu0);
    const wall = performance.now() - wall0;
    const flood = flooder ? await stopFlooder(flooder) : undefined;
    flooder = undefined;

    const seconds = recorder.seconds;
    const perUser = (n: number): number => n / spec.users / seconds;
    const cpuPercents = samples.slice(1).map((s, i) => cpuPercent(samples[i]!, s));
    const whole = samples.length > 1 ? cpuPercent(samples[0]!, samples.at(-1)!) : NaN;
    const rss = samples.map((s) => s.rssBytes / 2 ** 20);
    return {
      users: spec.users,
      mode: spec.mode,
      ...(spec.mode === 'periodic' ? { hz: spec.hz ?? 10 } : {}),
      ...(spec.mode === 'flood' ? { floodRate: spec.floodRate ?? 5000 } : {}),
      seconds,
      latencyMs: recorder.latency(),
      perUser: {
        upMessages: perUser(recorder.up.messages),
        upBytes: perUser(recorder.up.bytes),
        downMessages: perUser(recorder.down.messages),
        downBytes: perUser(recorder.down.bytes),
        upMoves: perUser(recorder.movesUp),
        downMoves: perUser(recorder.movesDown),
      },
      server: {
        cpuPercent: whole,
        cpuPercentMax: Math.max(...cpuPercents),
        rssMB: rss.at(-1) ?? NaN,
        rssMBMax: Math.max(...rss),
        survived: server.alive,
      },
      loadgen: {
        cpuPercent: ((cpu.user + cpu.system) / 1000 / wall) * 100,
        // The histogram holds whole sampling intervals; the delay is what goes beyond one.
        loopDelayP99Ms: Math.max(0, loop.percentile(99) / 1e6 - LOOP_RESOLUTION_MS),
      },
      joinsAndLeaves,
      loadAverage: loadavg()[0] ?? NaN,
      ...(flood ? { flood } : {}),
    };
  } finally {
    over = true;
    clearInterval(pruner);
    if (churn) clearTimeout(churn);
    if (flooder) await stopFlooder(flooder).catch(() => undefined);
    for (const p of people) p.stop();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The scenario's mode in words. */
export function label(spec: Pick<ScenarioSpec, 'mode' | 'hz' | 'floodRate'>): string {
  if (spec.mode === 'periodic') return `periodic ${spec.hz ?? 10} Hz`;
  if (spec.mode === 'flood') return `edge-triggered with a ${spec.floodRate ?? 5000} msg/s flooder`;
  return 'edge-triggered';
}

function cpuPercent(a: ProcessSample, b: ProcessSample): number {
  return ((b.cpuMs - a.cpuMs) / (b.at - a.at)) * 100;
}

/** A random place where an avatar can stand, away from the map's edge. */
export function walkablePoint(map: WorldMap, random: () => number): Point {
  for (;;) {
    const p = {
      x: 32 + random() * (map.widthPx - 64),
      y: 32 + random() * (map.heightPx - 64),
    };
    if (bodyFits(map, p)) return p;
  }
}

function stopFlooder(child: ReturnType<typeof fork>): Promise<FloodReport> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('the flooder did not report'));
    }, 10_000);
    child.once('message', (report) => {
      clearTimeout(timer);
      resolve(report as FloodReport);
    });
    child.send('stop');
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Resolves when the flooder says it has joined and started (or after 30 s, or if it exits, so a run never hangs). */
function floodingStarted(flooder: ReturnType<typeof fork>): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      flooder.off('message', onMessage);
      flooder.off('exit', done);
      resolve();
    };
    const onMessage = (message: unknown): void => {
      if (message === 'flooding') done();
    };
    const timer = setTimeout(done, 30_000);
    flooder.on('message', onMessage);
    flooder.once('exit', done);
  });
}
