import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InProcessCampus } from '@campus/state-server/testing';
import { gridMap } from '@campus/world/testing';
import { feedStore } from '../net/storeFeed';
import { ManualClientClock } from '../testing/ManualClientClock';
import { advanceBoth, joinInProcess, type TestPage } from '../testing/inProcess';

/**
 * The media controller against the real WorldRoom over the in-process socket pair, with what needs a browser (PeerJS,
 * getUserMedia, the DOM) replaced by recorders: who it calls and when it stops.
 */

const meshes: FakeMesh[] = [];
class FakeMesh {
  readonly calls: string[] = [];
  readonly hungUp: string[] = [];
  destroyed = false;
  constructor(readonly options: { peerId: string }) {
    meshes.push(this);
  }
  ready = async (): Promise<void> => {};
  call = (peerId: string): void => void this.calls.push(peerId);
  hangUp = (peerId: string): void => void this.hungUp.push(peerId);
  destroy = (): void => void (this.destroyed = true);
  setSending(): void {}
  setVideoBitrate(): void {}
  setIceServers(): void {}
  stopScreen(): void {}
  dropScreens(): void {}
  audioReceiver(): undefined {
    return undefined;
  }
}

vi.mock('./PeerMesh', () => ({ PeerMesh: FakeMesh }));
vi.mock('./LocalMedia', () => {
  const track = { kind: 'audio', id: 'mic' };
  const stream = { getAudioTracks: () => [track], getVideoTracks: () => [] };
  return {
    LocalMedia: {
      acquire: async () => ({
        media: {
          stream,
          micOn: true,
          camOn: false,
          capabilities: { mic: true, cam: false },
          onTrackReplaced() {},
          setMic() {},
          setCam() {},
        },
      }),
    },
  };
});
const noDom = { render() {}, setGrid() {}, setNote() {}, show() {}, showPerson() {}, showSharing() {} };
vi.mock('./MediaBubbles', () => ({ MediaBubbles: class {} }));
vi.mock('./MediaControls', () => ({
  MediaControls: class {
    show(): void {}
    async listDevices(): Promise<void> {}
  },
}));
vi.mock('./ClassroomStage', () => ({ ClassroomStage: class {} }));
const hidden = vi.fn();
vi.mock('./mediaDebugHandle', () => ({ exposeMediaDebugHandle: () => hidden }));

const { MediaController } = await import('./MediaController');
const { MediaBubbles } = await import('./MediaBubbles');
const { ClassroomStage } = await import('./ClassroomStage');
Object.assign(MediaBubbles.prototype, noDom);
Object.assign(ClassroomStage.prototype, noDom);

/** Enough of an AudioContext for the mixer: nodes that connect and hold a value. */
function fakeAudio(): AudioContext {
  const node = () => {
    const n = {
      gain: { value: 0, setTargetAtTime() {}, cancelScheduledValues() {} },
      pan: { value: 0, setTargetAtTime() {} },
      fftSize: 0,
      connect: (next: unknown) => next ?? n,
      disconnect() {},
      getByteTimeDomainData(a: Uint8Array) {
        a.fill(128);
      },
    };
    return n;
  };
  return {
    currentTime: 0,
    destination: node(),
    createGain: node,
    createStereoPanner: node,
    createAnalyser: node,
    createMediaStreamSource: node,
  } as unknown as AudioContext;
}

// Two people two tiles apart in an open room: well within linking range.
const map = gridMap(['##########', '#........#', '#........#', '#........#', '##########'], {
  spawns: [
    { x: 40, y: 40 },
    { x: 72, y: 40 },
  ],
});

let campus: InProcessCampus;
let clock: ManualClientClock;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
  vi.stubGlobal(
    'Audio',
    class {
      muted = false;
      srcObject: unknown = null;
      play = async (): Promise<void> => {};
    },
  );
  let arrivals = 0;
  campus = new InProcessCampus(map, { world: { pickSpawn: () => arrivals++ % 2 } });
  clock = new ManualClientClock();
  meshes.length = 0;
  hidden.mockClear();
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

async function person(
  name: string,
): Promise<{ page: TestPage; media: InstanceType<typeof MediaController> }> {
  const page = await joinInProcess(campus, clock, name);
  const media: InstanceType<typeof MediaController> = new MediaController({
    connection: page.connection,
    roster: page.store.people,
    selfId: () => page.store.self.userId,
    selfName: () => page.store.self.name,
    positions: () => page.store.positionsNow(),
    classroomAt: (p) => map.areaAt(p)?.id,
    audio: fakeAudio(),
    notify: () => {},
    clock,
  });
  feedStore(page.connection, page.store, () => void media.rejoined());
  const starting = media.start();
  await advanceBoth(campus, clock, 0);
  await starting;
  return { page, media };
}

describe('MediaController on the in-process campus', () => {
  it('registers with the server, and the caller of a near pair places one call to the other', async () => {
    const ada = await person('Ada');
    const bo = await person('Bo');
    for (let i = 0; i < 10; i++) await advanceBoth(campus, clock, 100);
    const [adaMesh, boMesh] = meshes;
    expect(adaMesh?.options.peerId).toBeTruthy();
    expect(boMesh?.options.peerId).toBeTruthy();
    // Each sees the other registered for media, and exactly one of them calls (isCaller decides), once.
    expect(ada.page.store.people.get(bo.page.store.self.userId)?.media?.peerId).toBe(boMesh?.options.peerId);
    expect(bo.page.store.people.get(ada.page.store.self.userId)?.media?.peerId).toBe(adaMesh?.options.peerId);
    const placed = [
      ...(adaMesh?.calls.map((to) => ({ from: adaMesh.options.peerId, to })) ?? []),
      ...(boMesh?.calls.map((to) => ({ from: boMesh.options.peerId, to })) ?? []),
    ];
    expect(placed).toHaveLength(1);
    expect([placed[0]?.from, placed[0]?.to].sort()).toEqual(
      [adaMesh?.options.peerId, boMesh?.options.peerId].sort(),
    );
    ada.media.dispose();
    bo.media.dispose();
  });

  it('dispose stops the frame loop and the ICE refresh, hangs up, destroys the mesh and takes the debug handle down', async () => {
    const ada = await person('Ada');
    await person('Bo');
    await advanceBoth(campus, clock, 500);
    const adaMesh = meshes[0]!;
    const pendingBefore = clock.pending();
    expect(clock.frameCallbacks()).toBe(2);
    ada.media.dispose();
    expect(adaMesh.destroyed).toBe(true);
    expect(hidden).toHaveBeenCalledTimes(1);
    expect(clock.frameCallbacks()).toBe(1);
    // Ada's ICE refresh timer is gone with her; Bo's is still there.
    expect(clock.pending()).toBeLessThan(pendingBefore);
    const callsBefore = adaMesh.calls.length;
    for (let i = 0; i < 50; i++) await advanceBoth(campus, clock, 200);
    expect(adaMesh.calls.length).toBe(callsBefore);
  });
});
