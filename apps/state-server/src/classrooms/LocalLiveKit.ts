import { execFileSync, spawn, type ChildProcessByStdio } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { Readable } from 'node:stream';
import { RoomServiceClient } from 'livekit-server-sdk';
import { freePort, freeUdpPort } from '../localPorts';
import type { LiveKitConfig } from './LiveKitSfu';

/** The LiveKit release the project builds and tests against (scripts/ensure-livekit.sh installs it). */
export const LIVEKIT_VERSION = '1.13.5';

const SETPRIV = '/usr/bin/setpriv';

/** One line for a person who has no LiveKit: how to get one. */
export const LIVEKIT_HOW_TO =
  'run `bash scripts/ensure-livekit.sh` (needs Go 1.26) or set LIVEKIT_BIN to a livekit-server binary';

/** True when `path` runs and says it is livekit-server. */
function isLiveKit(path: string): boolean {
  if (!existsSync(path)) return false;
  try {
    const out = execFileSync(path, ['--version'], { encoding: 'utf8', timeout: 5000, stdio: 'pipe' });
    return /livekit-server version/.test(out);
  } catch {
    return false;
  }
}

function goBinDirs(env: NodeJS.ProcessEnv): string[] {
  const dirs = new Set<string>();
  if (env.GOBIN) dirs.add(env.GOBIN);
  for (const gopath of (env.GOPATH ?? '').split(delimiter).filter(Boolean)) dirs.add(join(gopath, 'bin'));
  dirs.add(join(homedir(), 'go', 'bin'));
  return [...dirs];
}

/**
 * Where a LiveKit server binary is: `LIVEKIT_BIN`, else `livekit-server` on PATH, else the `server` that
 * `go install github.com/livekit/livekit-server/cmd/server` leaves in Go's bin folder. Undefined when there is none.
 */
export function findLiveKitBinary(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.LIVEKIT_BIN) return isLiveKit(env.LIVEKIT_BIN) ? env.LIVEKIT_BIN : undefined;
  const onPath = (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, 'livekit-server'));
  const candidates = [...onPath, ...goBinDirs(env).map((dir) => join(dir, 'server'))];
  return candidates.find(isLiveKit);
}

export interface LocalLiveKitOptions {
  /** The livekit-server binary. */
  binary: string;
  /** Where LiveKit posts its signed webhooks (the state server's `/livekit/webhook`). */
  webhookUrls?: readonly string[];
  /** Close an empty room after this many seconds. */
  emptyTimeoutSeconds?: number;
}

interface Ports {
  http: number;
  tcp: number;
  udp: number;
}

/**
 * A LiveKit server run as a child process on 127.0.0.1, on free ports, with a key pair generated for this run (never
 * LiveKit's shared `--dev` keys). It serves this machine only: its media candidates are loopback addresses. `stop()`
 * and `start()` again keep the ports and keys, as a restarted SFU would.
 */
export class LocalLiveKit {
  readonly apiKey = `campus-${randomBytes(6).toString('hex')}`;
  readonly apiSecret = randomBytes(32).toString('base64url');
  private child: ChildProcessByStdio<null, Readable, Readable> | undefined;
  private output = '';

  private constructor(
    private readonly options: LocalLiveKitOptions,
    private readonly ports: Ports,
  ) {}

  /** Picks ports and keys; nothing runs until `start()`. */
  static async create(options: LocalLiveKitOptions): Promise<LocalLiveKit> {
    return new LocalLiveKit(options, {
      http: await freePort(),
      tcp: await freePort(),
      udp: await freeUdpPort(),
    });
  }

  /** Where browsers and the server API reach it. */
  get url(): string {
    return `ws://127.0.0.1:${this.ports.http}`;
  }

  /** What the state server needs to mint tokens for it and check its webhooks. */
  get config(): LiveKitConfig {
    return { url: this.url, apiKey: this.apiKey, apiSecret: this.apiSecret };
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  /** What it has printed (the last 64 KB), for failure messages. */
  log(): string {
    return this.output;
  }

  /** Starts the server and resolves once it answers HTTP; rejects (and kills it) if it exits or takes over 20 s. */
  async start(): Promise<void> {
    if (this.child) return;
    const config = {
      port: this.ports.http,
      bind_addresses: ['127.0.0.1'],
      rtc: {
        tcp_port: this.ports.tcp,
        udp_port: this.ports.udp,
        use_external_ip: false,
        node_ip: '127.0.0.1',
        enable_loopback_candidate: true,
        ips: { includes: ['127.0.0.1/8'] },
      },
      keys: { [this.apiKey]: this.apiSecret },
      room: { empty_timeout: this.options.emptyTimeoutSeconds ?? 60 },
      logging: { level: 'warn' },
      ...(this.options.webhookUrls?.length
        ? { webhook: { api_key: this.apiKey, urls: this.options.webhookUrls } }
        : {}),
    };
    // YAML is a superset of JSON; through the environment, so the secret is not in the process list. Where Linux's
    // setpriv is there, the SFU is killed with its parent, even one that dies without a goodbye (SIGKILL).
    const [command, args] = existsSync(SETPRIV)
      ? [SETPRIV, ['--pdeathsig', 'SIGKILL', '--', this.options.binary]]
      : [this.options.binary, []];
    const child = spawn(command, args, {
      env: { ...process.env, LIVEKIT_CONFIG: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const append = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString()).slice(-65_536);
    };
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    child.once('exit', () => {
      if (this.child === child) this.child = undefined;
    });
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (this.child !== child) throw new Error(`livekit-server exited at start:\n${this.output}`);
      const answered = await fetch(`http://127.0.0.1:${this.ports.http}/`).then(
        (res) => res.ok,
        () => false,
      );
      if (answered) return;
      if (Date.now() > deadline) {
        await this.stop('SIGKILL');
        throw new Error(`livekit-server did not start within 20 s:\n${this.output}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Who is in a LiveKit room now, by identity, sorted (none when the room or the server is not there). */
  async participants(roomId: string): Promise<string[]> {
    const rooms = new RoomServiceClient(`http://127.0.0.1:${this.ports.http}`, this.apiKey, this.apiSecret);
    const list = await rooms.listParticipants(roomId).catch(() => []);
    return list.map((p) => p.identity).sort();
  }

  /** Stops it (SIGTERM lets it say goodbye to participants; SIGKILL is a crash) and resolves once it has exited. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killer);
  }
}
