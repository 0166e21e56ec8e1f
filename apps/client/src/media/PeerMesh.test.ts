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
  /** The call the next `call()` places. */
  nextCall: unknown;
  call(): unknown {
    return this.nextCall;
  }
}

/**
 * A placed call with one video sender whose parameters are kept; until `negotiated()`, setting them fails, as a
 * browser's does before the connection is set up.
 */
function fakeCall(peer: string) {
  let encodings: Array<{ maxBitrate?: number; active: boolean }> = [{ active: true }];
  let negotiated = false;
  let sets = 0;
  const sender = {
    getParameters: () => ({ encodings: encodings.map((e) => ({ ...e })) }),
    setParameters: async (p: { encodings: typeof encodings }) => {
      sets++;
      if (!negotiated) throw new Error('InvalidStateError');
      encodings = p.encodings;
    },
    replaceTrack: async () => {},
  };
  const call = Object.assign(new EventEmitter(), {
    peer,
    peerConnection: {
      getTransceivers: () => [{ receiver: { track: { kind: 'video' } }, sender }],
      addEventListener: () => {},
    },
    close: () => {},
  });
  return {
    call,
    cap: () => encodings[0]?.maxBitrate,
    sets: () => sets,
    negotiated: () => (negotiated = true),
  };
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

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

describe('PeerMesh video cap', () => {
  it('caps a call whose sender could not take the cap when its stream came, on a later frame', async () => {
    const { mesh: m, peer } = mesh();
    const placed = fakeCall('p2');
    peer.nextCall = placed.call;
    m.setVideoBitrate(300_000);
    m.call('p2');
    placed.call.emit('stream', {});
    await settle();
    expect(placed.cap()).toBeUndefined();
    placed.negotiated();
    // The next frame asks for the same budget: the call that missed it gets it now.
    m.setVideoBitrate(300_000);
    await settle();
    expect(placed.cap()).toBe(300_000);
  });

  it('leaves a capped sender alone while the budget stays, and gives it a new one when it changes', async () => {
    const { mesh: m, peer } = mesh();
    const placed = fakeCall('p2');
    placed.negotiated();
    peer.nextCall = placed.call;
    m.call('p2');
    m.setVideoBitrate(300_000);
    await settle();
    const sets = placed.sets();
    for (let frame = 0; frame < 10; frame++) m.setVideoBitrate(300_000);
    await settle();
    expect(placed.sets()).toBe(sets);
    m.setVideoBitrate(200_000);
    await settle();
    expect(placed.cap()).toBe(200_000);
  });
});
