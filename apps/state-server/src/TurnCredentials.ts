import { createHmac } from 'node:crypto';
import type { IceServer } from '@campus/protocol';

export interface IceConfig {
  stunUrls: string[];
  turnUrls: string[];
  /** coturn's `static-auth-secret`; without it no TURN server is handed out. */
  turnSecret?: string;
  /** How long minted TURN credentials stay valid, seconds. */
  turnTtlSeconds: number;
}

/**
 * TURN credentials in coturn's shared-secret scheme (`use-auth-secret`, the "TURN REST API"): the username is
 * `<expiry unix seconds>:<user id>` and the password is base64(HMAC-SHA1(secret, username)). coturn recomputes it and
 * refuses it after the expiry, so nothing long-lived ever reaches a browser.
 */
export function mintTurnCredential(
  secret: string,
  userId: string,
  expiresAtSeconds: number,
): { username: string; credential: string } {
  const username = `${expiresAtSeconds}:${userId}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential };
}

/** The ICE servers one user gets now, and when their TURN credentials lapse (ms). */
export function iceServersFor(
  config: IceConfig,
  userId: string,
  nowMs: number,
): { iceServers: IceServer[]; expiresAt: number } {
  const iceServers: IceServer[] = [];
  if (config.stunUrls.length > 0) iceServers.push({ urls: config.stunUrls });
  const expiresAtSeconds = Math.floor(nowMs / 1000) + config.turnTtlSeconds;
  if (config.turnUrls.length > 0 && config.turnSecret) {
    iceServers.push({
      urls: config.turnUrls,
      ...mintTurnCredential(config.turnSecret, userId, expiresAtSeconds),
    });
  }
  return { iceServers, expiresAt: expiresAtSeconds * 1000 };
}
