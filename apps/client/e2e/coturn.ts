import { spawn } from 'node:child_process';
import { collectOutput, freePort, stopProcess, waitForPort } from '@campus/state-server/testing';

/** Debian's coturn on 127.0.0.1 with the shared-secret scheme the state server mints credentials for. */
export async function startCoturn(
  secret: string,
): Promise<{ url: string; stop: () => Promise<void>; log: () => string }> {
  const port = await freePort();
  const minPort = 40_000 + Math.floor(Math.random() * 10_000);
  const child = spawn(
    'turnserver',
    [
      '-n',
      '--listening-ip=127.0.0.1',
      '--relay-ip=127.0.0.1',
      `--listening-port=${port}`,
      `--min-port=${minPort}`,
      `--max-port=${minPort + 200}`,
      '--use-auth-secret',
      `--static-auth-secret=${secret}`,
      '--realm=campus.test',
      '--fingerprint',
      '--no-tls',
      '--no-dtls',
      '--no-cli',
      '--allow-loopback-peers',
      '--log-file=stdout',
      '--simple-log',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output = collectOutput(child);
  await waitForPort(port, child, 'coturn', output);
  return {
    url: `turn:127.0.0.1:${port}?transport=udp`,
    log: output,
    stop: () => stopProcess(child, 'SIGTERM'),
  };
}
