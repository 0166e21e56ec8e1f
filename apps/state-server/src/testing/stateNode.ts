import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from './caddy';

const SERVER_DIR = fileURLToPath(new URL('../../', import.meta.url));

export interface StateNode {
  nodeId: string;
  url: string;
  /** `host:port`, as Caddy's STATE_UPSTREAMS lists it. */
  upstream: string;
  /** Everything it logged (JSON lines), for finding out who connected where and for failure messages. */
  output(): string;
  /** Whether a user's connection is on this node now, by its log. */
  hosts(userId: string): boolean;
  /** `kill -9`: no drain, no goodbye; sockets just drop and the heartbeat stops. */
  kill(): Promise<void>;
  /** SIGTERM: drains, deregisters and exits. */
  stop(): Promise<void>;
}

/**
 * A state node as its own process, started the way `npm start` does (`node --import tsx src/main.ts`), on a free
 * port with `env` (REDIS_URL, MAP_FILE...), so a test can kill it for real. Resolves once it is listening.
 */
export async function spawnStateNode(nodeId: string, env: Record<string, string>): Promise<StateNode> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: SERVER_DIR,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ID: nodeId,
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${nodeId} did not start:\n${output}`)), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('state server listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${nodeId} exited with ${child.exitCode}:\n${output}`));
    });
  });
  const signal = async (name: NodeJS.Signals): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(name);
    await exited;
  };
  const lines = (): Array<Record<string, unknown>> =>
    output.split('\n').flatMap((line) => {
      try {
        return line.startsWith('{') ? [JSON.parse(line) as Record<string, unknown>] : [];
      } catch {
        return [];
      }
    });
  return {
    nodeId,
    url: `http://127.0.0.1:${port}`,
    upstream: `127.0.0.1:${port}`,
    output: () => output,
    hosts: (userId) => {
      let connected = 0;
      for (const line of lines()) {
        if (line.userId !== userId) continue;
        if (line.msg === 'connected') connected++;
        if (line.msg === 'disconnected') connected--;
      }
      return connected > 0;
    },
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
  };
}
