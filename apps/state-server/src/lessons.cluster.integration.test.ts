import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageError, type LessonView, type RoomEnterReply } from '@campus/protocol';
import { adminTeacherToken, clusterMissing, startCluster, type Cluster } from './testing/clusterHarness';
import { oneRoomMap, onTile } from './testing/oneRoomMap';
import { eventually, nextEvent, recordEvents, type TestClient } from './testing/testServer';

const missing = clusterMissing();
if (missing) console.warn(`Skipping the cluster lesson tests: ${missing}`);

const enter = (socket: TestClient): Promise<RoomEnterReply> =>
  socket.timeout(8000).emitWithAck('room:enter', { roomId: 'room-1' });
const codeOf = (reply: { ok: boolean; error?: { code: number } }): number | undefined =>
  reply.ok ? undefined : reply.error?.code;

describe.skipIf(missing)("a lesson and a room's screen across two state nodes sharing Redis", () => {
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await startCluster(oneRoomMap(6), ['node-a', 'node-b']);
  }, 60_000);
  afterAll(async () => {
    await cluster?.close();
  });

  it("holds a room's screen played on one node for members on the other, a latecomer's included", async () => {
    const [a, b] = cluster.nodes as [Cluster['nodes'][0], Cluster['nodes'][0]];
    const bo = await cluster.join(a, 'Bo', { resume: onTile(12, 3) });
    const dee = await cluster.join(b, 'Dee', { resume: onTile(15, 3) });
    await eventually(() => expect(b.hosts(dee.reply.userId)).toBe(true));
    expect(await enter(bo.socket)).toMatchObject({ ok: true });
    expect(await enter(dee.socket)).toMatchObject({ ok: true });
    const deeHears = recordEvents(dee.socket, ['screen:state']);
    const film = { kind: 'link', url: 'https://example.org/films/talk.webm' } as const;
    const loaded = await bo.socket
      .timeout(8000)
      .emitWithAck('screen:command', { action: 'load', roomId: 'room-1', source: film, duration: 60 });
    if (!loaded.ok) throw new Error(loaded.error.message);
    const played = await bo.socket
      .timeout(8000)
      .emitWithAck('screen:command', { action: 'play', roomId: 'room-1', basedOn: loaded.screen.version });
    if (!played.ok) throw new Error(played.error.message);
    // Dee, on the other node, hears the very same state the sender got back.
    await eventually(() => expect(deeHears.at(-1)?.payload).toEqual(played.screen), 5000);
    // A command made on B from what B knows goes through; one from an old version is refused there too.
    const stale = await dee.socket
      .timeout(8000)
      .emitWithAck('screen:command', { action: 'pause', roomId: 'room-1', basedOn: loaded.screen.version });
    expect(codeOf(stale)).toBe(MessageError.SCREEN_STALE);
    const cy = await cluster.join(b, 'Cy', { resume: onTile(16, 4) });
    expect(await enter(cy.socket)).toMatchObject({ ok: true, screen: played.screen });
    for (const p of [bo, dee, cy]) p.socket.disconnect();
  });

  it('holds a lock, the hand queue and mute-all made on one node for students on the other', async () => {
    const [a, b] = cluster.nodes as [Cluster['nodes'][0], Cluster['nodes'][0]];
    const { token } = await adminTeacherToken(cluster.redis.url, 'Ms. Rivera');
    const rivera = await cluster.join(a, 'Rivera', { resume: onTile(12, 2) });
    expect(await rivera.socket.timeout(8000).emitWithAck('role:claim', { token })).toMatchObject({
      ok: true,
    });
    const ada = await cluster.join(b, 'Ada', { resume: onTile(15, 2) });
    const cy = await cluster.join(b, 'Cy', { resume: onTile(16, 5) });
    await eventually(() => expect(b.hosts(ada.reply.userId) && b.hosts(cy.reply.userId)).toBe(true));
    await ada.socket.timeout(8000).emitWithAck('media:register', undefined);
    ada.socket.emit('media:state', { mic: true, cam: false });

    expect(await enter(rivera.socket)).toMatchObject({ ok: true, lesson: { active: true } });
    expect(await enter(ada.socket)).toMatchObject({ ok: true });
    // The lock is made on node A; once node B has heard of it (Ada, in the room, is told), Cy is refused there.
    const adaHears = recordEvents(ada.socket, ['lesson:state']);
    const locked = await rivera.socket.timeout(8000).emitWithAck('lesson:teach', {
      action: 'lock',
      roomId: 'room-1',
      locked: true,
    });
    expect(locked).toMatchObject({ ok: true, lesson: { locked: true } });
    await eventually(
      () => expect((adaHears.at(-1)?.payload as LessonView | undefined)?.locked).toBe(true),
      5000,
    );
    expect(codeOf(await enter(cy.socket))).toBe(MessageError.ROOM_LOCKED);

    // Ada raises her hand on B; the teacher on A sees the queue.
    const riveraHears = recordEvents(rivera.socket, ['lesson:state']);
    const hand = await ada.socket
      .timeout(8000)
      .emitWithAck('lesson:hand', { roomId: 'room-1', raised: true });
    expect(hand).toMatchObject({ ok: true, lesson: { hands: [ada.reply.userId] } });
    await eventually(
      () =>
        expect((riveraHears.at(-1)?.payload as LessonView | undefined)?.hands).toEqual([ada.reply.userId]),
      5000,
    );

    // Mute-all on A: Ada's node turns her microphone off, tells her, and refuses it back on.
    const riveraSees = recordEvents(rivera.socket, ['user:media']);
    const muted = nextEvent(ada.socket, 'lesson:notice', 5000);
    await rivera.socket
      .timeout(8000)
      .emitWithAck('lesson:teach', { action: 'mute-all', roomId: 'room-1', allowUnmute: false });
    expect(await muted).toEqual({ roomId: 'room-1', kind: 'muted', locked: true });
    await eventually(
      () =>
        expect(
          riveraSees.some(
            (e) => (e.payload as { userId: string; media: { mic: boolean } | null }).media?.mic === false,
          ),
        ).toBe(true),
      5000,
    );
    const refused = nextEvent(ada.socket, 'protocol:error', 5000);
    ada.socket.emit('media:state', { mic: true, cam: false });
    expect(await refused).toMatchObject({ code: MessageError.MIC_LOCKED });
    for (const p of [rivera, ada, cy]) p.socket.disconnect();
  });
});
