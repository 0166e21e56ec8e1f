import type { ServerConfig } from '../config';
import { liveKitConfigFrom } from '../config';
import type { Logger } from '../logger';
import type { LiveKitConfig } from './LiveKitSfu';
import { findLiveKitBinary, LIVEKIT_HOW_TO, LocalLiveKit } from './LocalLiveKit';

export interface ClassroomMedia {
  /** The SFU the classrooms use; undefined: the capped mesh. */
  livekit?: LiveKitConfig;
  /** The LiveKit this process started and must stop. */
  local?: LocalLiveKit;
  /** How classrooms run, for the start line. */
  summary: string;
}

/**
 * Decides what carries classroom media: the LiveKit the settings name; else (LIVEKIT_LOCAL=auto) a LiveKit found on
 * this machine, started as a child process on loopback with fresh keys and its webhooks pointed at `port`; else the
 * mesh, with a hint on how to get full-size rooms. A local LiveKit that fails to start leaves the mesh, with a warning.
 */
export async function liveKitForServer(
  config: ServerConfig,
  port: number,
  log: Logger,
): Promise<ClassroomMedia> {
  const configured = liveKitConfigFrom(config);
  if (configured) return { livekit: configured, summary: `livekit at ${configured.url}` };
  const mesh = `mesh, at most ${config.MESH_CAP} per room`;
  if (config.LIVEKIT_LOCAL === 'off') return { summary: mesh };
  const binary = findLiveKitBinary(
    config.LIVEKIT_BIN ? { ...process.env, LIVEKIT_BIN: config.LIVEKIT_BIN } : process.env,
  );
  if (!binary) {
    return { summary: `${mesh} (for rooms at their full size, ${LIVEKIT_HOW_TO})` };
  }
  const local = await LocalLiveKit.create({
    binary,
    webhookUrls: [`http://127.0.0.1:${port}/livekit/webhook`],
  });
  try {
    await local.start();
  } catch (err) {
    log.warn({ err: String(err), binary }, 'could not start LiveKit: classrooms run as a mesh');
    return { summary: mesh };
  }
  return { livekit: local.config, local, summary: `livekit started here (${binary}, ${local.url})` };
}
