import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { iceServersFor, mintTurnCredential } from './TurnCredentials';

describe('TURN credentials', () => {
  it('follow coturn’s use-auth-secret scheme: expiry:user, HMAC-SHA1 in base64', () => {
    const { username, credential } = mintTurnCredential('s3cret', 'user-1', 1_800_000_000);
    expect(username).toBe('1800000000:user-1');
    expect(credential).toBe(createHmac('sha1', 's3cret').update('1800000000:user-1').digest('base64'));
    expect(mintTurnCredential('other', 'user-1', 1_800_000_000).credential).not.toBe(credential);
  });

  it('are short-lived and only handed out with a secret and TURN urls', () => {
    const now = 1_700_000_000_000;
    const config = {
      stunUrls: ['stun:127.0.0.1:3478'],
      turnUrls: ['turn:127.0.0.1:3478'],
      turnSecret: 'x',
      turnTtlSeconds: 600,
    };
    const { iceServers, expiresAt } = iceServersFor(config, 'u', now);
    expect(expiresAt).toBe(now + 600_000);
    expect(iceServers).toEqual([
      { urls: ['stun:127.0.0.1:3478'] },
      expect.objectContaining({ urls: ['turn:127.0.0.1:3478'], username: `${(now + 600_000) / 1000}:u` }),
    ]);
    expect(iceServersFor({ ...config, turnSecret: undefined }, 'u', now).iceServers).toEqual([
      { urls: ['stun:127.0.0.1:3478'] },
    ]);
  });
});
