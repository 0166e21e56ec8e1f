import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { spawnStateServerProcess, type StateServerProcess } from '@campus/state-server/testing';

/** CPU time and memory of one process, read from /proc (Linux), so nothing else needs installing. */
export interface ProcessSample {
  /** Monotonic ms when read. */
  at: number;
  /** User plus system CPU time, ms. */
  cpuMs: number;
  rssBytes: number;
}

let clockTicks: number | undefined;

/** Kernel clock ticks per second, for /proc/<pid>/stat's CPU times. */
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** Reads a process's CPU time and resident memory; undefined where /proc is not there (not Linux). */
export function sampleProcess(pid: number): ProcessSample | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces), counted from field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return { at: performance.now(), cpuMs: (ticks * 1000) / ticksPerSecond(), rssBytes: rssKb * 1024 };
  } catch {
    return undefined;
  }
}

/**
 * The state server as its own process, started the way `npm start` starts it (`tsx src/main.ts`), on a free port on
 * 127.0.0.1 with the given map, so its CPU and memory are its own and can be read from /proc.
 */
export class ServerProcess {
  readonly url: string;

  private constructor(private readonly server: StateServerProcess) {
    this.url = server.url;
  }

  get pid(): number {
    return this.server.child.pid ?? 0;
  }

  static async start(mapFile: string): Promise<ServerProcess> {
    const server = await spawnStateServerProcess({
      name: 'the server',
      // No cap on people: the benchmark measures how many one server can hold.
      env: {
        MAP_FILE: mapFile,
        CLIENT_DIR: '/nonexistent',
        LOG_LEVEL: 'warn',
        NODE_ID: 'bench',
        MAX_PEOPLE: '1000000',
      },
      // At LOG_LEVEL warn it never logs that it is listening, so it counts as started once /healthz answers.
      readyWhen: 'healthy',
      timeoutMs: 60_000,
      // Only the tail matters, for a crash report; the server's JSON logs are otherwise dropped.
      keepOutput: 4000,
    });
    return new ServerProcess(server);
  }

  sample(): ProcessSample | undefined {
    return sampleProcess(this.pid);
  }

  /** True while the process runs; a crash under load is a result too. */
  get alive(): boolean {
    return this.server.child.exitCode === null && this.server.child.signalCode === null;
  }

  get lastOutput(): string {
    return this.server.output();
  }

  stop(): Promise<void> {
    return this.server.stop('SIGKILL');
  }
}
