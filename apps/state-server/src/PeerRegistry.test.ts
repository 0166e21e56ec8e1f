import { describe, expect, it } from 'vitest';
import { PeerRegistry } from './PeerRegistry';

describe('PeerRegistry', () => {
  it('authorizes only issued id/token pairs, and one id per user', () => {
    const registry = new PeerRegistry();
    const first = registry.issue('ada');
    expect(registry.authorize(first.peerId, first.token)).toBe('ada');
    expect(registry.authorize(first.peerId, 'guess')).toBeUndefined();
    expect(registry.authorize('made-up', first.token)).toBeUndefined();
    const second = registry.issue('ada');
    expect(second.peerId).not.toBe(first.peerId);
    expect(registry.authorize(first.peerId, first.token)).toBeUndefined();
    registry.revoke('ada');
    expect(registry.authorize(second.peerId, second.token)).toBeUndefined();
  });

  it('issues ids that do not repeat', () => {
    const registry = new PeerRegistry();
    const ids = new Set(Array.from({ length: 1000 }, (_, i) => registry.issue(`u${i}`).peerId));
    expect(ids.size).toBe(1000);
  });
});
