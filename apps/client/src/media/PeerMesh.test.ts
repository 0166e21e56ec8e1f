import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** Stands in for PeerJS's Peer: an event emitter that opens when the test says so. */
class FakePeer extends EventEmitter {
  static last: FakePeer | undefined;
  open = false;
  destroyed = false;
  disconnected = false;
  constructor(
    readonly id: string,
    readonly options: unknown,
  ) {
    super();
    FakePeer.last = this;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

vi.mock('peerjs', () => ({ default: FakePeer }));

const { PeerMesh } = await import('./PeerMesh');

function mesh(): { mesh: InstanceType<typeof PeerMesh>; peer: FakePeer } {
  const created = new PeerMesh({
    peerId: 'p1',
    token: 't1',
    iceServers: [],
    localStream: {} as MediaStream,
    accept: () => true,
    onRemoteStream: () => {},
    onClosed: () => {},
  });
  if (!FakePeer.last) throw new Error('no peer');
  return { mesh: created, peer: FakePeer.last };
}

beforeEach(() => {
  vi.stubGlobal('window', { location: { protocol: 'http:', port: '3000', hostname: '127.0.0.1' } });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('PeerMesh.ready', () => {
  it('leaves no listener behind once the signaling server has registered the peer', async () => {
    const { mesh: m, peer } = mesh();
    const before = { open: peer.listenerCount('open'), error: peer.listenerCount('error') };
    const waits = [m.ready(), m.ready(), m.ready()];
    peer.open = true;
    peer.emit('open', 'p1');
    await Promise.all(waits);
    expect({ open: peer.listenerCount('open'), error: peer.listenerCount('error') }).toEqual(before);
  });

  it('rejects when registering fails, and leaves no listener behind either', async () => {
    const { mesh: m, peer } = mesh();
    const before = { open: peer.listenerCount('open'), error: peer.listenerCount('error') };
    const wait = m.ready();
    const failure = Object.assign(new Error('taken'), { type: 'unavailable-id' });
    peer.emit('error', failure);
    await expect(wait).rejects.toBe(failure);
    expect({ open: peer.listenerCount('open'), error: peer.listenerCount('error') }).toEqual(before);
  });
});
