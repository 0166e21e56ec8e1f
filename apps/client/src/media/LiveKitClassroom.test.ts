import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ManualClientClock } from '../testing/ManualClientClock';

// The browser's MediaStream, reduced to what the classroom reads: the tracks it was made from.
class FakeMediaStream {
  constructor(private readonly tracks: Array<{ kind: string }> = []) {}
  getTracks() {
    return this.tracks;
  }
  getAudioTracks() {
    return this.tracks.filter((t) => t.kind === 'audio');
  }
  getVideoTracks() {
    return this.tracks.filter((t) => t.kind === 'video');
  }
}
vi.stubGlobal('MediaStream', FakeMediaStream);

const rooms: FakeRoom[] = [];
class FakePublication {
  muted = false;
  constructor(readonly source: string) {}
  mute() {
    this.muted = true;
    return Promise.resolve(undefined);
  }
  unmute() {
    this.muted = false;
    return Promise.resolve(undefined);
  }
}
class FakeRoom extends EventEmitter {
  connectedWith: [string, string] | undefined;
  readonly published: FakePublication[] = [];
  readonly unpublished: unknown[] = [];
  disconnected = false;
  /** Sources the SFU does not let us publish now (a lesson's mute withdraws the microphone). */
  readonly refused = new Set<string>();
  readonly localParticipant = {
    publishTrack: (_track: unknown, options: { source: string }) => {
      if (this.refused.has(options.source)) return Promise.reject(new Error('insufficient permissions'));
      const publication = new FakePublication(options.source);
      this.published.push(publication);
      return Promise.resolve(publication);
    },
    unpublishTrack: (track: unknown) => {
      this.unpublished.push(track);
      return Promise.resolve(undefined);
    },
  };
  constructor() {
    super();
    rooms.push(this);
  }
  /** When set, connecting neither succeeds nor fails (a restarted SFU that never answers). */
  hang = false;
  connect(url: string, token: string) {
    this.connectedWith = [url, token];
    return this.hang ? new Promise<void>(() => {}) : Promise.resolve();
  }
  disconnect() {
    this.disconnected = true;
    this.emit('disconnected');
    return Promise.resolve();
  }
}

vi.mock('livekit-client', () => ({
  Room: FakeRoom,
  RemoteAudioTrack: class {},
  RemoteVideoTrack: class {},
  RoomEvent: {
    TrackSubscribed: 'trackSubscribed',
    TrackUnsubscribed: 'trackUnsubscribed',
    ParticipantDisconnected: 'participantDisconnected',
    Disconnected: 'disconnected',
    SignalReconnecting: 'signalReconnecting',
    Reconnecting: 'reconnecting',
    Reconnected: 'reconnected',
    LocalTrackUnpublished: 'localTrackUnpublished',
    ParticipantPermissionsChanged: 'participantPermissionsChanged',
  },
  Track: {
    Source: {
      Camera: 'camera',
      Microphone: 'microphone',
      ScreenShare: 'screen_share',
      ScreenShareAudio: 'screen_share_audio',
    },
    Kind: { Audio: 'audio', Video: 'video' },
  },
}));

const { JOIN_DEADLINE_MS, LiveKitClassroom } = await import('./LiveKitClassroom');

const track = (kind: 'audio' | 'video', source: string) => ({ kind, source, mediaStreamTrack: { kind } });
const participant = (identity: string) => ({ identity });

function setup(clock = new ManualClientClock()) {
  const people = new Map<string, number | undefined>();
  const screens = new Map<string, boolean>();
  let drops = 0;
  const interruptions: string[] = [];
  const classroom = new LiveKitClassroom(
    {
      person: (id, stream) => people.set(id, stream?.getTracks().length),
      screen: (id, stream) => screens.set(id, !!stream),
      disconnected: () => drops++,
      reconnecting: () => interruptions.push('reconnecting'),
      reconnected: () => interruptions.push('reconnected'),
    },
    clock,
  );
  return { classroom, clock, room: rooms.at(-1)!, people, screens, drops: () => drops, interruptions };
}

const local = new FakeMediaStream([{ kind: 'audio' }, { kind: 'video' }]) as unknown as MediaStream;
const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

beforeEach(() => {
  rooms.length = 0;
});

describe('LiveKitClassroom', () => {
  it('fails a join that neither finishes nor fails within the deadline, so the room tries again', async () => {
    const { classroom, clock, room } = setup();
    room.hang = true;
    const joining = classroom.join({ url: 'wss://sfu.test', token: 'tok' }, local, {
      mic: true,
      cam: true,
    });
    const outcome = joining.then(
      () => 'joined',
      (err: unknown) => String(err),
    );
    clock.advance(JOIN_DEADLINE_MS - 1);
    await flush();
    expect(await Promise.race([outcome, Promise.resolve('pending')])).toBe('pending');
    clock.advance(1);
    expect(await outcome).toContain('joining the SFU took over 20 s');
  });

  it('fails a join when the SFU closes the connection before it is done', async () => {
    const { classroom, room } = setup();
    room.hang = true;
    const joining = classroom.join({ url: 'wss://sfu.test', token: 'tok' }, local, { mic: true, cam: true });
    room.emit('disconnected');
    await expect(joining).rejects.toThrow('closed the connection while we joined');
    // Once joined, a disconnect is no longer the join's business.
    room.hang = false;
    await classroom.join({ url: 'wss://sfu.test', token: 'tok' }, local, { mic: true, cam: true });
    expect(room.listenerCount('disconnected')).toBe(1); // the classroom's own
  });

  it('connects with the server-minted token and publishes microphone and camera, muted as the toggles say', async () => {
    const { classroom, room } = setup();
    await classroom.join({ url: 'wss://sfu.test', token: 'tok' }, local, { mic: true, cam: false });
    expect(room.connectedWith).toEqual(['wss://sfu.test', 'tok']);
    expect(room.published.map((p) => [p.source, p.muted])).toEqual([
      ['microphone', false],
      ['camera', true],
    ]);
    await classroom.setSending({ mic: false, cam: true });
    expect(room.published.map((p) => p.muted)).toEqual([true, false]);
  });

  it("gathers a member's microphone and camera into one stream, and lets go of it track by track", () => {
    const { room, people } = setup();
    const ada = participant('ada');
    const mic = track('audio', 'microphone');
    const cam = track('video', 'camera');
    room.emit('trackSubscribed', mic, {}, ada);
    expect(people.get('ada')).toBe(1);
    room.emit('trackSubscribed', cam, {}, ada);
    expect(people.get('ada')).toBe(2);
    room.emit('trackUnsubscribed', mic, {}, ada);
    expect(people.get('ada')).toBe(1);
    room.emit('trackUnsubscribed', cam, {}, ada);
    expect(people.get('ada')).toBeUndefined();
  });

  it('keeps a screen share apart from the camera, and drops everything of someone who leaves', () => {
    const { room, people, screens } = setup();
    const bo = participant('bo');
    room.emit('trackSubscribed', track('video', 'camera'), {}, bo);
    room.emit('trackSubscribed', track('video', 'screen_share'), {}, bo);
    expect(people.get('bo')).toBe(1);
    expect(screens.get('bo')).toBe(true);
    room.emit('participantDisconnected', bo);
    expect(people.get('bo')).toBeUndefined();
    expect(screens.get('bo')).toBe(false);
  });

  it('publishes a screen share as such and takes it down when asked', async () => {
    const { classroom, room } = setup();
    await classroom.join({ url: 'wss://sfu.test', token: 'tok' }, local, { mic: true, cam: true });
    const screenTrack = { kind: 'video' };
    await classroom.shareScreen(new FakeMediaStream([screenTrack]) as unknown as MediaStream);
    expect(room.published.at(-1)?.source).toBe('screen_share');
    await classroom.stopScreen();
    expect(room.unpublished).toEqual([screenTrack]);
  });

  it('reports an interrupted connection and its resumption', () => {
    const { room, interruptions } = setup();
    room.emit('signalReconnecting');
    room.emit('reconnected');
    room.emit('reconnecting');
    room.emit('reconnected');
    expect(interruptions).toEqual(['reconnecting', 'reconnected', 'reconnecting', 'reconnected']);
  });

  it("publishes the microphone again, muted as the toggle says, when a lesson's mute is lifted", async () => {
    const { classroom, room } = setup();
    await classroom.join({ url: 'wss://sfu.test', token: 'tok' }, local, { mic: true, cam: true });
    const [mic] = room.published;
    // The teacher mutes the room: the SFU withdraws the permission and takes the track back.
    room.refused.add('microphone');
    room.emit('localTrackUnpublished', mic, room.localParticipant);
    room.emit('participantPermissionsChanged', undefined, room.localParticipant);
    await flush();
    expect(room.published).toHaveLength(2);
    // Meanwhile the student's toggle went off; the floor lets them speak again.
    await classroom.setSending({ mic: false, cam: true });
    room.refused.delete('microphone');
    room.emit('participantPermissionsChanged', undefined, room.localParticipant);
    await flush();
    expect(room.published.map((p) => [p.source, p.muted])).toEqual([
      ['microphone', false],
      ['camera', false],
      ['microphone', true],
    ]);
    // Told twice, it is published once.
    room.emit('participantPermissionsChanged', undefined, room.localParticipant);
    await flush();
    expect(room.published).toHaveLength(3);
  });

  it('joins with camera only when the token does not allow a microphone (a muted lesson)', async () => {
    const { classroom, room } = setup();
    room.refused.add('microphone');
    await classroom.join({ url: 'wss://sfu.test', token: 'tok' }, local, { mic: false, cam: true });
    expect(room.published.map((p) => p.source)).toEqual(['camera']);
  });

  it('reports a connection lost without leaving, but not its own leaving', async () => {
    const { classroom, room, drops } = setup();
    room.emit('disconnected');
    expect(drops()).toBe(1);
    await classroom.leave();
    expect(room.disconnected).toBe(true);
    expect(drops()).toBe(1);
  });
});
