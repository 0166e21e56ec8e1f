import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  MessageError,
  screenPositionAt,
  type ClientPayload,
  type ScreenReply,
  type ScreenState,
} from '@campus/protocol';
import { MemoryRoleStore } from './teaching/RoleStore';
import { oneRoomMap, onTile } from './testing/oneRoomMap';
import { freshTeacherToken } from './testing/teacherTokens';
import {
  eventually,
  joinedClient,
  recordEvents,
  startTestServer,
  walkEast,
  type JoinOptions,
  type TestClient,
} from './testing/testServer';

const mapJson = oneRoomMap(8);
const INSIDE = onTile(14, 3);
const roomId = 'room-1';

const enter = (socket: TestClient) => socket.timeout(5000).emitWithAck('room:enter', { roomId });
const command = (socket: TestClient, payload: ClientPayload<'screen:command'>): Promise<ScreenReply> =>
  socket.timeout(5000).emitWithAck('screen:command', payload);
const codeOf = (reply: { ok: boolean; error?: { code: number } }): number | undefined =>
  reply.ok ? undefined : reply.error?.code;
const screenOf = (reply: ScreenReply): ScreenState => {
  if (!reply.ok) throw new Error(`refused: ${reply.error.reason} ${reply.error.message}`);
  return reply.screen;
};

describe("a room's screen on a real server", () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function campus() {
    const mediaDir = await mkdtemp(join(tmpdir(), 'campus-media-'));
    await writeFile(join(mediaDir, 'film.webm'), Buffer.alloc(1024, 1));
    const store = new MemoryRoleStore();
    const started = await startTestServer(mapJson, { mediaDir, teaching: { store } });
    cleanups.push(started.close);
    const visitor = async (name: string, options: JoinOptions = { resume: INSIDE }) => {
      const joined = await joinedClient(started.url, name, options);
      cleanups.push(() => void joined.socket.disconnect());
      return joined;
    };
    const teacher = async (name: string) => {
      const joined = await visitor(name);
      const token = await freshTeacherToken(store, name);
      expect(await joined.socket.timeout(5000).emitWithAck('role:claim', { token })).toMatchObject({
        ok: true,
      });
      return joined;
    };
    return { ...started, visitor, teacher };
  }

  it('plays in step for every member: each command is stamped, applied and sent to all, the sender included', async () => {
    const { visitor } = await campus();
    const [ada, bo, cy] = await Promise.all([visitor('Ada'), visitor('Bo'), visitor('Cy')]);
    for (const p of [ada, bo, cy])
      expect(await enter(p.socket)).toMatchObject({ ok: true, screen: { version: 0 } });
    const heard = [ada, bo, cy].map((p) => recordEvents(p.socket, ['screen:state']));

    const loaded = screenOf(
      await command(ada.socket, {
        action: 'load',
        roomId,
        source: { kind: 'library', name: 'film.webm' },
        duration: 90,
      }),
    );
    expect(loaded).toMatchObject({
      version: 1,
      playing: false,
      position: 0,
      duration: 90,
      source: { kind: 'library', name: 'film.webm', url: '/media/film.webm', title: 'film.webm' },
      by: { userId: ada.reply.userId, name: 'Ada', action: 'load' },
    });
    const before = Date.now();
    const played = screenOf(await command(bo.socket, { action: 'play', roomId, basedOn: 1 }));
    expect(played).toMatchObject({ version: 2, playing: true });
    // Stamped with the server's clock on receipt.
    expect(played.at).toBeGreaterThanOrEqual(before - 5);
    expect(played.at).toBeLessThanOrEqual(Date.now() + 5);
    await eventually(() => {
      for (const log of heard) expect(log.map((e) => (e.payload as ScreenState).version)).toEqual([1, 2]);
    });
    // Everyone holds the very same state, so the same shared position.
    for (const log of heard) expect(log.at(-1)?.payload).toEqual(played);

    await new Promise((r) => setTimeout(r, 300));
    const paused = screenOf(await command(cy.socket, { action: 'pause', roomId, basedOn: 2 }));
    expect(paused.playing).toBe(false);
    expect(paused.position).toBeCloseTo((paused.at - played.at) / 1000, 3);
    const sought = screenOf(await command(ada.socket, { action: 'seek', roomId, basedOn: 3, position: 750 }));
    expect(sought).toMatchObject({ position: 90, playing: false });

    // A latecomer gets the screen with the room.
    const dee = await visitor('Dee');
    expect(await enter(dee.socket)).toMatchObject({ ok: true, screen: { version: 4, position: 90 } });
  });

  it('refuses a stale command, an empty screen, outsiders and films it cannot show, each with its code', async () => {
    const { visitor } = await campus();
    const ada = await visitor('Ada');
    const outsider = await visitor('Out', { resume: onTile(2, 3) });
    await enter(ada.socket);
    expect(codeOf(await command(ada.socket, { action: 'play', roomId, basedOn: 0 }))).toBe(
      MessageError.SCREEN_EMPTY,
    );
    const refusedSources = [
      { kind: 'library', name: 'missing.webm' },
      { kind: 'library', name: '../package.json' },
      { kind: 'library', name: '%2e%2e%2fpackage.json' },
      { kind: 'link', url: 'https://example.org/page.html' },
      { kind: 'link', url: 'javascript:alert(1)//x.mp4' },
      { kind: 'link', url: 'file:///etc/passwd.webm' },
      { kind: 'link', url: 'https://user:pw@example.org/a.webm' },
      { kind: 'link', url: 'not a link' },
    ] as const;
    for (const source of refusedSources) {
      const reply = await command(ada.socket, { action: 'load', roomId, source });
      expect(codeOf(reply), JSON.stringify(source)).toBe(MessageError.SCREEN_SOURCE_REFUSED);
    }
    const link = screenOf(
      await command(ada.socket, {
        action: 'load',
        roomId,
        source: { kind: 'link', url: 'https://example.org/v/talk.mp4?x=1#t=3' },
      }),
    );
    expect(link.source).toEqual({
      kind: 'link',
      url: 'https://example.org/v/talk.mp4?x=1',
      title: 'talk.mp4',
    });
    expect(link.duration).toBeUndefined();
    screenOf(await command(ada.socket, { action: 'play', roomId, basedOn: link.version }));
    // Made from the version before the play: someone else got there first.
    expect(codeOf(await command(ada.socket, { action: 'pause', roomId, basedOn: link.version }))).toBe(
      MessageError.SCREEN_STALE,
    );
    expect(codeOf(await command(outsider.socket, { action: 'clear', roomId }))).toBe(
      MessageError.NOT_A_MEMBER,
    );
    // By shape: a rate out of range, a negative position, a made-up action.
    for (const bad of [
      { action: 'rate', roomId, basedOn: 2, rate: 16 },
      { action: 'seek', roomId, basedOn: 2, position: -1 },
      { action: 'eject', roomId },
    ]) {
      const reply = (await ada.socket
        .timeout(5000)
        .emitWithAck('screen:command', bad as never)) as ScreenReply;
      expect(codeOf(reply)).toBe(MessageError.INVALID_PAYLOAD);
    }
  });

  it('lets only the teacher run the screen while a lesson runs', async () => {
    const { visitor, teacher } = await campus();
    const rivera = await teacher('Ms. Rivera');
    const ada = await visitor('Ada');
    expect(await enter(rivera.socket)).toMatchObject({ ok: true, lesson: { active: true } });
    await enter(ada.socket);
    const load = { action: 'load', roomId, source: { kind: 'library', name: 'film.webm' } } as const;
    expect(codeOf(await command(ada.socket, load))).toBe(MessageError.NOT_A_TEACHER);
    const loaded = screenOf(await command(rivera.socket, load));
    expect(codeOf(await command(ada.socket, { action: 'play', roomId, basedOn: loaded.version }))).toBe(
      MessageError.NOT_A_TEACHER,
    );
    screenOf(await command(rivera.socket, { action: 'play', roomId, basedOn: loaded.version }));
  });

  it('pauses the film where it was when the last member walks out', async () => {
    const { visitor } = await campus();
    const ada = await visitor('Ada');
    await enter(ada.socket);
    const loaded = screenOf(
      await command(ada.socket, { action: 'load', roomId, source: { kind: 'library', name: 'film.webm' } }),
    );
    const played = screenOf(await command(ada.socket, { action: 'play', roomId, basedOn: loaded.version }));
    await new Promise((r) => setTimeout(r, 600));
    const left = Date.now();
    ada.socket.emit('room:leave', { roomId });
    await walkEast(ada.socket, INSIDE.position, 50);
    // Minutes later the film still stands where she left it, for the next people in.
    const reply = await enter(ada.socket);
    expect(reply).toMatchObject({ ok: true, screen: { playing: false, version: played.version + 1 } });
    if (!reply.ok || !reply.screen) throw new Error('no screen');
    const stoodAt = screenPositionAt(reply.screen, Date.now() + 600_000);
    expect(stoodAt).toBeGreaterThan((left - played.at) / 1000 - 0.05);
    expect(stoodAt).toBeLessThan((Date.now() - played.at) / 1000 + 0.05);
  });
});
