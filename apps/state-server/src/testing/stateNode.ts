import { spawnStateServerProcess } from './processes';

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
  const server = await spawnStateServerProcess({
    name: nodeId,
    env: { NODE_ID: nodeId, LOG_LEVEL: 'info', ...env },
  });
  const lines = (): Array<Record<string, unknown>> =>
    server
      .output()
      .split('\n')
      .flatMap((line) => {
        try {
          return line.startsWith('{') ? [JSON.parse(line) as Record<string, unknown>] : [];
        } catch {
          return [];
        }
      });
  return {
    nodeId,
    url: server.url,
    upstream: `127.0.0.1:${server.port}`,
    output: server.output,
    hosts: (userId) => {
      let connected = 0;
      for (const line of lines()) {
        if (line.userId !== userId) continue;
        if (line.msg === 'connected') connected++;
        if (line.msg === 'disconnected') connected--;
      }
      return connected > 0;
    },
    kill: () => server.stop('SIGKILL'),
    stop: () => server.stop('SIGTERM'),
  };
}
