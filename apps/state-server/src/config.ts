import { fileURLToPath } from 'node:url';
import { z } from 'zod';

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
});
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
