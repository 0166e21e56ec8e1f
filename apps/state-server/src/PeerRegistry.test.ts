import { describe, expect, it } from 'vitest';
import { MemoryPeerStore, PeerRegistry, type PeerEntry, type PeerStore } from './PeerRegistry';

/** Stands in for Redis: one store that several nodes' registries share, answering asynchronously as Redis does. */
class SharedStore implements PeerStore {
  readonly inner = new MemoryPeerStore();
  calls: string[] = [];
  replace(userId: string, peerId: string, token: string): Promise<void> {
    this.calls.push(`replace ${userId}`);
    return tick().then(() => this.inner.replace(userId, peerId, token));
  }
  find(peerId: string): Promise<PeerEntry | undefined> {
    return tick().then(() => this.inner.find(peerId));
  }
  drop(userId: string, peerId: string): Promise<void> {
    this.calls.push(`drop ${userId}`);
    return tick().then(() => this.inner.drop(userId, peerId));
  }
}
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('PeerRegistry', () => {
  it('authorizes only issued id/token pairs, and one id per user', async () => {
    const registry = new PeerRegistry();
    const first = await registry.issue('ada');
    expect(await registry.authorize(first.peerId, first.token)).toBe('ada');
    expect(await registry.authorize(first.peerId, 'guess')).toBeUndefined();
    expect(await registry.authorize('made-up', first.token)).toBeUndefined();
    const second = await registry.issue('ada');
    expect(second.peerId).not.toBe(first.peerId);
    expect(await registry.authorize(first.peerId, first.token)).toBeUndefined();
    await registry.revoke('ada');
    expect(await registry.authorize(second.peerId, second.token)).toBeUndefined();
  });

  it("knows each user's current peer id until it is replaced, withdrawn or revoked", async () => {
    const registry = new PeerRegistry();
    expect(registry.peerIdOf('ada')).toBeUndefined();
    const first = await registry.issue('ada');
    expect(registry.peerIdOf('ada')).toBe(first.peerId);
    const second = await registry.issue('ada');
    expect(registry.peerIdOf('ada')).toBe(second.peerId);
    await registry.withdraw('ada', first.peerId); // an older id: the current one stands
    expect(registry.peerIdOf('ada')).toBe(second.peerId);
    await registry.revoke('ada');
    expect(registry.peerIdOf('ada')).toBeUndefined();
  });

  it('issues ids that do not repeat', async () => {
    const registry = new PeerRegistry();
    const ids = new Set(
      await Promise.all(
        Array.from({ length: 1000 }, (_, i) => registry.issue(`u${i}`).then((p) => p.peerId)),
      ),
    );
    expect(ids.size).toBe(1000);
  });

  describe('with a store shared by the nodes of a cluster', () => {
    it('lets any node check a token another node issued, once issuing has resolved', async () => {
      const store = new SharedStore();
      const nodeA = new PeerRegistry(store);
      const signaling = new PeerRegistry(store);
      const ada = await nodeA.issue('ada');
      expect(store.calls).toEqual(['replace ada']);
      expect(await signaling.authorize(ada.peerId, ada.token)).toBe('ada');
      expect(await signaling.authorize(ada.peerId, 'forged-token-forged-token-forged')).toBeUndefined();
      await nodeA.revoke('ada');
      expect(await signaling.authorize(ada.peerId, ada.token)).toBeUndefined();
    });

    it('does not let a node revoke the id a newer session got on another node', async () => {
      const store = new SharedStore();
      const nodeA = new PeerRegistry(store);
      const nodeB = new PeerRegistry(store);
      const old = await nodeA.issue('bo');
      // Bo's newest tab takes over on node B; his first session then leaves node A.
      const fresh = await nodeB.issue('bo');
      expect(await nodeB.authorize(old.peerId, old.token)).toBeUndefined();
      await nodeA.revoke('bo');
      expect(await nodeA.authorize(fresh.peerId, fresh.token)).toBe('bo');
      // A node that never issued Bo anything has nothing to revoke.
      store.calls = [];
      await new PeerRegistry(store).revoke('bo');
      expect(store.calls).toEqual([]);
      expect(await nodeA.authorize(fresh.peerId, fresh.token)).toBe('bo');
    });

    it('revokes an id whose issuing is still being stored when the user leaves', async () => {
      const store = new SharedStore();
      const node = new PeerRegistry(store);
      const issuing = node.issue('cy');
      const revoking = node.revoke('cy');
      const cy = await issuing;
      await revoking;
      expect(await node.authorize(cy.peerId, cy.token)).toBeUndefined();
    });
  });
});
