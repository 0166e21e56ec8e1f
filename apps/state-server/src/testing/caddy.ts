import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { createConnection, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repo's Caddyfile, the one the self-hosting stack runs. */
export const CADDYFILE = fileURLToPath(new URL('../../../../caddy/Caddyfile', import.meta.url));

/** Why Caddy tests cannot run here, or undefined when Debian's `caddy` is installed. */
export function caddyMissing(): string | undefined {
  const probe = spawnSync('caddy', ['version'], { encoding: 'utf8' });
  return probe.error || probe.status !== 0
    ? 'caddy is not installed (apt-get install caddy, or run scripts/ensure-system-deps.sh as root)'
    : undefined;
}

/** A port nobody is listening on right now. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export interface RunningCaddy {
  url: string;
  /** Everything Caddy wrote, for failure messages. */
  log: () => string;
  stop: () => Promise<void>;
}

/**
 * Runs the repo's Caddyfile with `caddy run`, on a free port over plain HTTP, with `env` choosing the upstreams
 * (e.g. `STATE_DISCOVERY=list`, `STATE_UPSTREAMS`). Its admin API is off and its state lives in a temporary folder.
 */
export async function startCaddy(env: Record<string, string>): Promise<RunningCaddy> {
  const port = await freePort();
  const home = await mkdtemp(join(tmpdir(), 'campus-caddy-'));
  const child = spawn('caddy', ['run', '--config', CADDYFILE, '--adapter', 'caddyfile'], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      XDG_CONFIG_HOME: join(home, 'config'),
      XDG_DATA_HOME: join(home, 'data'),
      SITE_ADDRESS: `:${port}`,
      CADDY_ADMIN: 'off',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killer);
  };
  const deadline = Date.now() + 10_000;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const probe = createConnection({ host: '127.0.0.1', port }, () => {
        probe.end();
        resolve(true);
      });
      probe.on('error', () => resolve(false));
    });
    if (open) break;
    if (Date.now() > deadline || child.exitCode !== null) {
      await stop();
      throw new Error(`caddy did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url: `http://127.0.0.1:${port}`, log: () => output, stop };
}
