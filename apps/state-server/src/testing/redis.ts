import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectOutput, freePort, stopProcess, waitForPort } from './processes';

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

/** Debian's redis-server on 127.0.0.1, a free port and a folder of its own, saving nothing to disk. */
export async function startRedis(): Promise<RunningRedis> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'campus-redis-'));
  let child: ChildProcess | undefined;
  const launch = async (): Promise<void> => {
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
    await waitForPort(port, started, 'redis', collectOutput(started));
  };
  const kill = async (): Promise<void> => {
    if (child) await stopProcess(child, 'SIGKILL');
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
