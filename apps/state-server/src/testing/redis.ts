import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './caddy';

/** Why Redis tests cannot run here, or undefined when Debian's `redis-server` is installed. */
export function redisMissing(): string | undefined {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  return probe.error || probe.status !== 0
    ? 'redis-server is not installed (apt-get install redis-server, or run scripts/ensure-system-deps.sh as root)'
    : undefined;
}

export interface RunningRedis {
  url: string;
  port: number;
  /** Stops it at once, like a crash (nothing is saved: it comes back empty). */
  kill(): Promise<void>;
  /** Starts it again on the same port. */
  restart(): Promise<void>;
  /** Stops it and removes its folder. */
  stop(): Promise<void>;
}

async function waitForPort(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const probe = createConnection({ host: '127.0.0.1', port }, () => {
        probe.end();
        resolve(true);
      });
      probe.on('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`redis did not start:\n${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Debian's redis-server on 127.0.0.1, a free port and a folder of its own, saving nothing to disk. */
export async function startRedis(): Promise<RunningRedis> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'campus-redis-'));
  let child: ChildProcess | undefined;
  let output = '';
  const launch = async (): Promise<void> => {
    output = '';
    const args = [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'no',
    ];
    const started = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    started.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitForPort(port, started, () => output);
  };
  const kill = async (): Promise<void> => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGKILL');
    await exited;
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill,
    restart: launch,
    stop: async () => {
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
