import { spawn, type ChildProcess, type ChildProcessByStdio } from 'node:child_process';
import { createConnection } from 'node:net';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { freePort } from '../localPorts';

export { freePort };

const SERVER_DIR = fileURLToPath(new URL('../../', import.meta.url));

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * Resolves once 127.0.0.1:`port` accepts a TCP connection; fails with `name` and everything `output` returns when
 * `child` exits first or 10 s pass.
 */
export async function waitForPort(
  port: number,
  child: ChildProcess,
  name: string,
  output: () => string,
): Promise<void> {
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
    if (Date.now() > deadline || hasExited(child)) throw new Error(`${name} did not start:\n${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Sends `signal` to `child` and resolves once it has exited (at once if it already had). With `killAfterMs`, a child
 * still running that long after the signal gets SIGKILL.
 */
export async function stopProcess(
  child: ChildProcess,
  signal: NodeJS.Signals,
  killAfterMs?: number,
): Promise<void> {
  if (hasExited(child)) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const killer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  await exited;
  clearTimeout(killer);
}

/** Collects everything a child writes to stdout and stderr, keeping the last `keep` characters at most. */
export function collectOutput(
  child: ChildProcessByStdio<null, Readable, Readable>,
  keep = Infinity,
): () => string {
  let output = '';
  const append = (chunk: Buffer): void => {
    output = output + chunk.toString();
    if (output.length > keep) output = output.slice(-keep);
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  return () => output;
}

export interface StateServerProcessOptions {
  /** Names it in failure messages, e.g. `server` or a node id. */
  name: string;
  /** Set over this process's environment and `PORT`/`HOST` (MAP_FILE, NODE_ID, LOG_LEVEL...). */
  env?: Record<string, string>;
  /** Where it listens on 127.0.0.1; a free port by default. */
  port?: number;
  /**
   * When it counts as started: once it logs `state server listening` (the default; needs LOG_LEVEL info or lower),
   * or once `/healthz` answers 200 (any LOG_LEVEL).
   */
  readyWhen?: 'logged' | 'healthy';
  /** How long it may take to start; 30 s by default. */
  timeoutMs?: number;
  /** Keep only the last this many characters of its output (for a long run whose logs are only read after a crash). */
  keepOutput?: number;
  /**
   * The compiled server to run (`node --enable-source-maps <script>`), as `npm start` and the image do, e.g.
   * `COMPILED_SERVER` after `npm run build`. Without it, the TypeScript source runs through tsx, needing no build
   * step (what the integration tests and the load generator use).
   */
  script?: string;
}

export interface StateServerProcess {
  child: ChildProcess;
  port: number;
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  url: string;
  /** Everything it wrote to stdout and stderr (or its tail, with `keepOutput`), for failure messages. */
  output(): string;
  /** Sends `signal` and resolves once it has exited: SIGKILL is a crash, SIGTERM drains first. */
  stop(signal: NodeJS.Signals): Promise<void>;
}

/**
 * The state server as its own process, from its source through tsx (`node --import tsx src/main.ts`) or, with
 * `script`, compiled as `npm start` runs it, on 127.0.0.1, so a test can kill it for real or read its CPU and memory.
 * Resolves once it has started; rejects when it exits first or takes longer than `timeoutMs` (then it is killed).
 */
export async function spawnStateServerProcess(
  options: StateServerProcessOptions,
): Promise<StateServerProcess> {
  const { name, readyWhen = 'logged', timeoutMs = 30_000 } = options;
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const args = options.script ? ['--enable-source-maps', options.script] : ['--import', 'tsx', 'src/main.ts'];
  const child = spawn(process.execPath, args, {
    cwd: SERVER_DIR,
    // A test that wants a LiveKit starts its own; the server does not look for one unless told to.
    env: { ...process.env, LIVEKIT_LOCAL: 'off', PORT: String(port), HOST: '127.0.0.1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = collectOutput(child, options.keepOutput);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let settled = false;
  await new Promise<void>((resolve, reject) => {
    const settle = (error?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(() => {
      settle(new Error(`${name} did not start within ${timeoutMs / 1000} s:\n${output()}`));
      // Left running, it would hold the port and outlive the test run.
      child.kill('SIGKILL');
    }, timeoutMs);
    void exited.then(() => settle(new Error(`${name} exited with ${child.exitCode}:\n${output()}`)));
    if (readyWhen === 'logged') {
      child.stdout.on('data', () => {
        if (output().includes('state server listening')) settle();
      });
      return;
    }
    void (async () => {
      while (!settled) {
        try {
          const res = await fetch(`${url}/healthz`);
          if (res.ok) return settle();
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
  });
  return { child, port, url, output, stop: (signal) => stopProcess(child, signal) };
}
