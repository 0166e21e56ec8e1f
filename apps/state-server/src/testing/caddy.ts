import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectOutput, freePort, stopProcess, waitForPort } from './processes';

/** The repo's Caddyfile, the one the self-hosting stack runs. */
export const CADDYFILE = fileURLToPath(new URL('../../../../caddy/Caddyfile', import.meta.url));

/** Why Caddy tests cannot run here, or undefined when Debian's `caddy` is installed. */
export function caddyMissing(): string | undefined {
  const probe = spawnSync('caddy', ['version'], { encoding: 'utf8' });
  return probe.error || probe.status !== 0
    ? 'caddy is not installed (apt-get install caddy, or run scripts/ensure-system-deps.sh as root)'
    : undefined;
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
  const output = collectOutput(child);
  const stop = (): Promise<void> => stopProcess(child, 'SIGTERM', 5000);
  await waitForPort(port, child, 'caddy', output).catch(async (err: unknown) => {
    await stop();
    throw err;
  });
  return { url: `http://127.0.0.1:${port}`, log: output, stop };
}
