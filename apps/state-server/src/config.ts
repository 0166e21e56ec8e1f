import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { FILE_SIZE_CEILING } from '@campus/protocol';
import type { LiveKitConfig } from './classrooms/LiveKitSfu';
import { FILE_MAX_BYTES_DEFAULT } from './files/FileOffers';
import type { IceConfig } from './TurnCredentials';

const here = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));

/** Where to find the default campus and the built client, relative to this file. */
export const DEFAULT_MAP_FILE = here('../../../packages/world/maps/campus/campus.json');
export const DEFAULT_CLIENT_DIR = here('../../client/dist');

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  MAP_FILE: z.string().min(1).default(DEFAULT_MAP_FILE),
  /** Serve the map's images from this folder rather than the map's own, when they sit in a sibling folder. */
  MAP_ROOT: z.string().min(1).optional(),
  CLIENT_DIR: z.string().min(1).default(DEFAULT_CLIENT_DIR),
  /** The folder of videos listed in a room's "Put on screen" picker and served at `/media`; unset, there are none. */
  MEDIA_DIR: z.string().min(1).optional(),
  PUBLIC_URL: z.string().url().optional(),
  /** Comma-separated STUN urls handed to browsers, e.g. `stun:stun.example.org:3478`. */
  STUN_URLS: z.string().default(''),
  /** Comma-separated TURN urls, e.g. `turn:turn.example.org:3478?transport=udp`. */
  TURN_URLS: z.string().default(''),
  /** coturn's static-auth-secret (use-auth-secret); TURN is only offered with it. */
  TURN_SECRET: z.string().min(16).optional(),
  TURN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600),
  /** A LiveKit server for classrooms (all three, or none for the built-in mesh). */
  LIVEKIT_URL: z.string().url().optional(),
  LIVEKIT_API_URL: z.string().url().optional(),
  LIVEKIT_API_KEY: z.string().min(1).optional(),
  LIVEKIT_API_SECRET: z.string().min(1).optional(),
  MESH_CAP: z.coerce.number().int().min(2).max(16).default(8),
  /**
   * Without LIVEKIT_URL, `auto` starts a LiveKit server found on this machine (LIVEKIT_BIN, `livekit-server` on PATH,
   * or the one scripts/ensure-livekit.sh built) as a child process on loopback; `off` keeps classrooms on the mesh.
   */
  LIVEKIT_LOCAL: z.enum(['auto', 'off']).default('auto'),
  /** The livekit-server binary for LIVEKIT_LOCAL=auto. */
  LIVEKIT_BIN: z.string().min(1).optional(),
  /**
   * The most people one state node holds at once (connected, or held for their grace period); one more is refused
   * (`4001 SERVER_FULL`) and their browser says so and keeps trying. 2,000 is the most measured on two cores with p99
   * movement latency under 50 ms (docs/benchmarks.md).
   */
  MAX_PEOPLE: z.coerce.number().int().min(1).default(2000),
  /**
   * Where one node keeps what must outlive a restart (today: who teaches, `roles.json`); relative to the folder the
   * command was run in. A cluster keeps it in Redis instead.
   */
  DATA_DIR: z.string().min(1).default('.campus'),
  /**
   * Signs teacher links (32+ characters); unset, the server makes one and keeps it with the roles (DATA_DIR, or Redis
   * for a cluster, so every node agrees). Changing it invalidates the links not yet claimed.
   */
  TEACHER_SECRET: z.string().min(32).optional(),
  /** This process's name in logs and metrics; by default the host name and a random suffix. */
  NODE_ID: z
    .string()
    .regex(/^[\w.-]{1,64}$/)
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The largest file people may offer each other, in bytes (the bytes go between browsers, not through here). */
  FILE_MAX_BYTES: z.coerce.number().int().min(1).max(FILE_SIZE_CEILING).default(FILE_MAX_BYTES_DEFAULT),
  /** Redis shared by several state nodes (docs/scaling.md); unset, the world lives in this one process. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'a redis:// or rediss:// url')
    .optional(),
});

/** LiveKit settings when all are given; undefined when none are; an error naming what is missing otherwise. */
export function liveKitConfigFrom(config: ServerConfig): LiveKitConfig | undefined {
  const { LIVEKIT_URL: url, LIVEKIT_API_KEY: apiKey, LIVEKIT_API_SECRET: apiSecret } = config;
  if (!url && !apiKey && !apiSecret) return undefined;
  if (!url || !apiKey || !apiSecret) {
    throw new Error(
      'set LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET together (or none, for the mesh)',
    );
  }
  return { url, apiKey, apiSecret, ...(config.LIVEKIT_API_URL ? { apiUrl: config.LIVEKIT_API_URL } : {}) };
}

/** The ICE part of the settings, as the media code wants it. */
export function iceConfigFrom(config: ServerConfig): IceConfig {
  const list = (s: string): string[] =>
    s
      .split(',')
      .map((u) => u.trim())
      .filter(Boolean);
  return {
    stunUrls: list(config.STUN_URLS),
    turnUrls: list(config.TURN_URLS),
    turnSecret: config.TURN_SECRET,
    turnTtlSeconds: config.TURN_TTL_SECONDS,
  };
}
export type ServerConfig = z.infer<typeof Env>;

/** The variables the server reads, for checking that deployment files document them all. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(Env.shape);

/** This process's name in logs and metrics: `NODE_ID` when set, else the host name and a random suffix. */
export function nodeIdFrom(config: ServerConfig): string {
  return config.NODE_ID ?? `${hostname()}-${randomBytes(3).toString('hex')}`;
}

/**
 * Reads the server's settings from the environment; throws with the variable's name when one is wrong. An empty
 * variable counts as unset, as docker compose passes `VAR: ${VAR:-}` when `.env` leaves it blank. Relative `MAP_FILE`,
 * `MAP_ROOT`, `DATA_DIR` and `MEDIA_DIR` are taken from the folder the command was run in.
 */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = Env.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`bad environment: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  // `npm start` runs the server in its workspace folder; npm keeps the folder the command was typed in as INIT_CWD,
  // but a script that runs another npm script resets it, so the root scripts hand it on as CAMPUS_CWD.
  const typedIn = env.CAMPUS_CWD || env.INIT_CWD || process.cwd();
  return {
    ...parsed.data,
    MAP_FILE: resolve(typedIn, parsed.data.MAP_FILE),
    DATA_DIR: resolve(typedIn, parsed.data.DATA_DIR),
    ...(parsed.data.MAP_ROOT ? { MAP_ROOT: resolve(typedIn, parsed.data.MAP_ROOT) } : {}),
    ...(parsed.data.MEDIA_DIR ? { MEDIA_DIR: resolve(typedIn, parsed.data.MEDIA_DIR) } : {}),
  };
}
