import { describe, expect, it, vi } from 'vitest';
import type { LiveKitAccess } from '@campus/protocol';
import type { Membership } from '../classroom/ClassroomController';
import type { CampusConnection } from '../net/CampusConnection';
import { ManualClientClock } from '../testing/ManualClientClock';
import type { Roster } from '../world/Roster';
import type { ClassroomMediaEvent } from './ClassroomMediaContext';
import type { LiveKitHooks } from './LiveKitClassroom';
import type { LocalMedia } from './LocalMedia';
import { SFU_INTERRUPTION_GRACE_MS, sfuRetryDelay } from './mediaPolicy';

/** Stands in for the LiveKit connection: its join finishes or fails when the test says. */
class FakeSfu {
  static made: FakeSfu[] = [];
  joined = false;
  left = false;
  private settle: { resolve(): void; reject(err: Error): void } | undefined;
  constructor(readonly hooks: LiveKitHooks) {
    FakeSfu.made.push(this);
  }
  join(): Promise<void> {
    return new Promise((resolve, reject) => (this.settle = { resolve, reject }));
  }
  finish(): void {
    this.joined = true;
    this.settle?.resolve();
  }
  fail(): void {
    this.settle?.reject(new Error('could not connect'));
  }
  leave(): Promise<void> {
    this.left = true;
    return Promise.resolve();
  }
  shareScreen(): Promise<void> {
    return Promise.resolve();
  }
  stopScreen(): Promise<void> {
    return Promise.resolve();
  }
}

vi.mock('./LiveKitClassroom', () => ({ LiveKitClassroom: FakeSfu }));
// The stage is the page's video elements: nothing of it is looked at here.
vi.mock('./ClassroomStage', () => ({
  ClassroomStage: class {
    show(): void {}
    showSharing(): void {}
    showPerson(): void {}
  },
}));

const { ClassroomMedia } = await import('./ClassroomMedia');

const access: LiveKitAccess = { url: 'wss://sfu.test', token: 'first' };
const membership: Membership = {
  roomId: 'room-101',
  name: 'Room 101',
  members: ['me', 'bo'],
  mode: 'livekit',
  meshCap: 8,
  livekit: access,
};
/** Lets promises and the dynamic import of the LiveKit module settle (the test's clock does not move). */
const flush = async (): Promise<void> => {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};

function classroom() {
  FakeSfu.made = [];
  const clock = new ManualClientClock();
  const reported: ClassroomMediaEvent[] = [];
  const tokens: string[] = [];
  let member: Membership | undefined = membership;
  const connection = {
    request: (event: string, payload: { roomId: string }) => {
      tokens.push(`${event} ${payload.roomId}`);
      return Promise.resolve({ ok: true, livekit: { url: access.url, token: 'fresh' } });
    },
  } as unknown as CampusConnection;
  const media = new ClassroomMedia({
    connection,
    roster: { get: () => undefined, byPeerId: () => undefined } as unknown as Roster,
    clock,
    selfId: () => 'me',
    membership: () => member,
    local: () => ({ stream: {}, micOn: true, camOn: false }) as unknown as LocalMedia,
    mesh: () => undefined,
    streamOf: () => undefined,
    report: (event) => reported.push(event),
  });
  const sfu = (): FakeSfu => FakeSfu.made.at(-1)!;
  const notices = (): string[] => reported.flatMap((e) => (e.kind === 'notice' ? [e.text] : []));
  return { media, clock, reported, tokens, sfu, notices, walkOut: () => (member = undefined) };
}

describe('ClassroomMedia on a LiveKit room', () => {
  it('holds what the SFU delivers while joining, then ends the direct calls and hands it on', async () => {
    const { media, reported, sfu } = classroom();
    media.changed(membership, false);
    await flush();
    const stream = {} as MediaStream;
    sfu().hooks.person('bo', stream);
    expect(media.sfuState).toBe('connecting');
    expect(reported).toEqual([]);
    sfu().finish();
    await flush();
    expect(media.sfuState).toBe('live');
    expect(media.onSfu).toBe(true);
    expect(reported).toEqual([{ kind: 'calls-end' }, { kind: 'person', userId: 'bo', stream }]);
  });

  it('falls back to direct calls when the SFU cannot be reached, and goes back with a fresh token', async () => {
    const { media, clock, tokens, sfu, notices, reported } = classroom();
    media.changed(membership, false);
    await flush();
    sfu().fail();
    await flush();
    expect(media.sfuState).toBe('fallback');
    expect(media.onSfu).toBe(false);
    expect(media.note).toMatch(/unreachable/);
    expect(notices()).toEqual([
      "Could not reach the classroom's media server: calling the others directly (up to 8 people) until it is back.",
    ]);
    clock.advance(sfuRetryDelay(1) - 1);
    await flush();
    expect(tokens).toEqual([]);
    clock.advance(1);
    await flush();
    expect(tokens).toEqual(['room:token room-101']);
    expect(FakeSfu.made).toHaveLength(2);
    reported.length = 0;
    sfu().finish();
    await flush();
    expect(media.sfuState).toBe('live');
    expect(reported).toEqual([
      { kind: 'calls-end' },
      {
        kind: 'notice',
        text: "The classroom's media server is back: the room's media goes through it again.",
      },
    ]);
  });

  it('rides out an interruption shorter than the grace, and falls back after a longer one', async () => {
    const { media, clock, sfu, notices } = classroom();
    media.changed(membership, false);
    await flush();
    sfu().finish();
    await flush();
    sfu().hooks.reconnecting();
    clock.advance(SFU_INTERRUPTION_GRACE_MS - 1);
    sfu().hooks.reconnected();
    clock.advance(SFU_INTERRUPTION_GRACE_MS);
    expect(media.sfuState).toBe('live');
    sfu().hooks.reconnecting();
    clock.advance(SFU_INTERRUPTION_GRACE_MS);
    expect(media.sfuState).toBe('fallback');
    expect(sfu().left).toBe(true);
    expect(notices()).toEqual([
      "Lost the connection to the classroom's media server: calling the others directly (up to 8 people) until it is back.",
    ]);
  });

  it('leaves the SFU and stops trying once the person walks out', async () => {
    const { media, clock, tokens, sfu, walkOut, reported } = classroom();
    media.changed(membership, false);
    await flush();
    sfu().fail();
    await flush();
    walkOut();
    media.changed(undefined, true);
    clock.advance(60_000);
    await flush();
    expect(media.sfuState).toBe('none');
    expect(tokens).toEqual([]);
    reported.length = 0;
    // Out of the room, a live SFU is left too, and what came through it goes.
    const again = classroom();
    again.media.changed(membership, false);
    await flush();
    again.sfu().finish();
    await flush();
    again.reported.length = 0;
    again.walkOut();
    again.media.changed(undefined, true);
    expect(again.sfu().left).toBe(true);
    expect(again.reported).toEqual([{ kind: 'calls-end' }]);
  });
});
