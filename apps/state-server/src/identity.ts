import { createHash } from 'node:crypto';

/**
 * The public user id for a browser's secret: a one-way hash, so an id never reveals the secret that proves it.
 * 22 base64url characters (132 bits). Stable forever: changing it would make every returning visitor a stranger.
 */
export function deriveUserId(secret: string): string {
  return createHash('sha256')
    .update('campus/user-id/v1\u0000')
    .update(secret)
    .digest('base64url')
    .slice(0, 22);
}
