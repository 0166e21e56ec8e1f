import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const SERVER_DIR = fileURLToPath(new URL('../../state-server/', import.meta.url));

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

/** A port nobody is listening on right now. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * The state server as its own process, started the way `npm start` starts it (`tsx src/main.ts`), on a free port on
 * 127.0.0.1 with the given map, so its CPU and memory are its own and can be read from /proc.
 */
export class ServerProcess {
  private output = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    const keep = (chunk: Buffer): void => {
      // Only the tail matters, for a crash report; the server's JSON logs are otherwise dropped.
      this.output = (this.output + chunk.toString()).slice(-4000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  static async start(mapFile: string): Promise<ServerProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: SERVER_DIR,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        MAP_FILE: mapFile,
        CLIENT_DIR: '/nonexistent',
        LOG_LEVEL: 'warn',
        NODE_ID: 'bench',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server = new ServerProcess(child, `http://127.0.0.1:${port}`);
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`the server exited (${child.exitCode}):\n${server.output}`);
      try {
        const res = await fetch(`${server.url}/healthz`);
        if (res.ok) return server;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`the server did not start within 60 s:\n${server.output}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  sample(): ProcessSample | undefined {
    return sampleProcess(this.pid);
  }

  /** True while the process runs; a crash under load is a result too. */
  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  get lastOutput(): string {
    return this.output;
  }

  async stop(): Promise<void> {
    if (!this.alive) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGKILL');
    await exited;
  }
}
