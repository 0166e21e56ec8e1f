import { findLiveKitBinary, LIVEKIT_HOW_TO, LocalLiveKit } from '../classrooms/LocalLiveKit';

const binary = findLiveKitBinary();

/**
 * Why the tests that need a real LiveKit server cannot run here, or undefined when they can. CI must run them, so there
 * a missing LiveKit is an error rather than a reason to skip.
 */
export function liveKitSkipReason(): string | undefined {
  if (binary) return undefined;
  const reason = `no LiveKit server on this machine: ${LIVEKIT_HOW_TO}`;
  if (process.env.CI === 'true') throw new Error(`CI must run the live LiveKit tests, but ${reason}`);
  return reason;
}

/** A real LiveKit server on 127.0.0.1 (free ports, fresh keys), posting webhooks to `webhookUrl` when given. */
export async function startLiveKit(webhookUrl?: string): Promise<LocalLiveKit> {
  if (!binary) throw new Error(`no LiveKit server on this machine: ${LIVEKIT_HOW_TO}`);
  const livekit = await LocalLiveKit.create({ binary, ...(webhookUrl ? { webhookUrls: [webhookUrl] } : {}) });
  await livekit.start();
  return livekit;
}
