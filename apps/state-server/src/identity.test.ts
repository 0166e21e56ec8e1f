import { describe, expect, it } from 'vitest';
import { deriveUserId } from './identity';

const secretA = 'A'.repeat(43);
const secretB = 'A'.repeat(42) + 'B';

describe('deriveUserId', () => {
  it('is stable for a secret and differs between secrets', () => {
    expect(deriveUserId(secretA)).toBe(deriveUserId(secretA));
    expect(deriveUserId(secretA)).not.toBe(deriveUserId(secretB));
  });

  it('is a short url-safe id that does not contain the secret', () => {
    const id = deriveUserId(secretA);
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(secretA).not.toContain(id);
  });

  it('is pinned, so returning visitors keep their id across releases', () => {
    expect(deriveUserId('0123456789abcdefghijABCDEFGHIJ_-0123456789')).toMatchInlineSnapshot(
      `"3rJ2pWmPSIjng7afTtbuL7"`,
    );
  });
});
