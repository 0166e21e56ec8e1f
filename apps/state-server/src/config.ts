import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { IceConfig } from './TurnCredentials';

const here = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));

/** Where to find the default campus and the built client, relative to this file. */
export const DEFAULT_MAP_FILE = here('../../../packages/world/maps/campus/campus.json');
export const DEFAULT_CLIENT_DIR = here('../../client/dist');

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  MAP_FILE: z.string().min(1).default(DEFAULT_MAP_FILE),
  CLIENT_DIR: z.string().min(1).default(DEFAULT_CLIENT_DIR),
  PUBLIC_URL: z.string().url().optional(),
  /** Comma-separated STUN urls handed to browsers, e.g. `stun:stun.example.org:3478`. */
  STUN_URLS: z.string().default(''),
  /** Comma-separated TURN urls, e.g. `turn:turn.example.org:3478?transport=udp`. */
  TURN_URLS: z.string().default(''),
  /** coturn's static-auth-secret (use-auth-secret); TURN is only offered with it. */
  TURN_SECRET: z.string().min(16).optional(),
  TURN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600),
});

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

/** Reads the server's settings from the environment; throws with the variable's name when one is wrong. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`bad environment: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}
