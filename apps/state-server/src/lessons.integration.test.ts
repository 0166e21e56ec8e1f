import { afterEach, describe, expect, it } from 'vitest';
import {
  MessageError,
  type LessonReply,
  type LessonTeach,
  type LessonView,
  type RegisterReply,
  type RoomEnterReply,
} from '@campus/protocol';
import { MemoryRoleStore } from './teaching/RoleStore';
import { freshTeacherToken } from './testing/teacherTokens';
import { oneRoomMap, onTile } from './testing/oneRoomMap';
import {
  eventually,
  joinedClient,
  nextEvent,
  walkEast,
  recordEvents,
  startTestServer,
  type JoinOptions,
  type TestClient,
} from './testing/testServer';

const mapJson = oneRoomMap(8);
const INSIDE = onTile(14, 3);
const AT_DOOR = onTile(9, 3);

const enter = (socket: TestClient): Promise<RoomEnterReply> =>
  socket.timeout(5000).emitWithAck('room:enter', { roomId: 'room-1' });
const teach = (socket: TestClient, action: LessonTeach): Promise<LessonReply> =>
  socket.timeout(5000).emitWithAck('lesson:teach', action);
const codeOf = (reply: { ok: boolean; error?: { code: number } }): number | undefined =>
  reply.ok ? undefined : reply.error?.code;

describe('lessons on a real server', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function campus() {
    const store = new MemoryRoleStore();
    const started = await startTestServer(mapJson, { teaching: { store } });
    cleanups.push(started.close);
    const visitor = async (name: string, options: JoinOptions = {}) => {
      const joined = await joinedClient(started.url, name, options);
      cleanups.push(() => void joined.socket.disconnect());
      return joined;
    };
    const teacher = async (name: string, options: JoinOptions = {}) => {
      const joined = await visitor(name, options);
      const token = await freshTeacherToken(store, name);
      const claimed = await joined.socket.timeout(5000).emitWithAck('role:claim', { token });
      expect(claimed.ok).toBe(true);
      return joined;
    };
    return { ...started, visitor, teacher };
  }

  it('runs a lesson: a locked door, a knock, mute-all, a hand, the floor, the stage and the register', async () => {
    const { visitor, teacher } = await campus();
    const rivera = await teacher('Ms. Rivera', { resume: INSIDE });
    const ada = await visitor('Ada', { resume: INSIDE });
    const bo = await visitor('Bo', { resume: INSIDE });
    for (const p of [rivera, ada, bo]) {
      await p.socket.timeout(5000).emitWithAck('media:register', undefined);
      p.socket.emit('media:state', { mic: true, cam: true });
    }
    expect(await enter(rivera.socket)).toMatchObject({ ok: true, lesson: { active: true } });
    expect(await enter(ada.socket)).toMatchObject({ ok: true });
    expect(await enter(bo.socket)).toMatchObject({ ok: true });

    // A student cannot act as the teacher, see the register or announce.
    expect(codeOf(await teach(ada.socket, { action: 'lock', roomId: 'room-1', locked: true }))).toBe(
      MessageError.NOT_A_TEACHER,
    );
    expect(codeOf(await ada.socket.timeout(5000).emitWithAck('lesson:register', { roomId: 'room-1' }))).toBe(
      MessageError.NOT_A_TEACHER,
    );
    expect(codeOf(await ada.socket.timeout(5000).emitWithAck('announce', { text: 'hi' }))).toBe(
      MessageError.NOT_A_TEACHER,
    );
    // Nor can anyone name themselves a teacher in a payload.
    expect(
      codeOf(
        await teach(ada.socket, { action: 'lock', roomId: 'room-1', locked: true, as: 'teacher' } as never),
      ),
    ).toBe(MessageError.INVALID_PAYLOAD);

    // The door locks: Cy, arriving late, is refused and knocks; the teacher sees it and lets Cy in.
    expect(await teach(rivera.socket, { action: 'lock', roomId: 'room-1', locked: true })).toMatchObject({
      ok: true,
      lesson: { locked: true },
    });
    const cy = await visitor('Cy', { resume: AT_DOOR });
    const riveraHears = recordEvents(rivera.socket, ['lesson:state']);
    const knocked = await cy.socket.timeout(5000).emitWithAck('lesson:knock', { roomId: 'room-1' });
    expect(knocked).toMatchObject({ ok: true, lesson: { locked: true, knocking: [{ name: 'Cy' }] } });
    await eventually(() =>
      expect((riveraHears.at(-1)?.payload as LessonView | undefined)?.knocking.map((k) => k.name)).toEqual([
        'Cy',
      ]),
    );
    const admitted = nextEvent(cy.socket, 'lesson:notice');
    await teach(rivera.socket, { action: 'admit', roomId: 'room-1', userId: cy.reply.userId });
    expect(await admitted).toEqual({ roomId: 'room-1', kind: 'admitted' });
    await walkEast(cy.socket, AT_DOOR.position, 900);
    expect(await enter(cy.socket)).toMatchObject({ ok: true });

    // Mute all, without letting them unmute: the others see the students' microphones go off; a student's try to
    // turn theirs back on is refused.
    const boSees = recordEvents(bo.socket, ['user:media']);
    const muted = nextEvent(ada.socket, 'lesson:notice');
    await teach(rivera.socket, { action: 'mute-all', roomId: 'room-1', allowUnmute: false });
    expect(await muted).toEqual({ roomId: 'room-1', kind: 'muted', locked: true });
    await eventually(() =>
      expect(
        boSees.some(
          (e) =>
            JSON.stringify(e.payload).includes(ada.reply.userId) &&
            JSON.stringify(e.payload).includes('"mic":false'),
        ),
      ).toBe(true),
    );
    const refused = nextEvent(ada.socket, 'protocol:error');
    ada.socket.emit('media:state', { mic: true, cam: true });
    expect(await refused).toMatchObject({ code: MessageError.MIC_LOCKED, event: 'media:state' });

    // A hand goes up; Ada sees her place; the teacher gives her the floor and she may speak again.
    const raised = await ada.socket
      .timeout(5000)
      .emitWithAck('lesson:hand', { roomId: 'room-1', raised: true });
    expect(raised).toMatchObject({ ok: true, lesson: { hands: [ada.reply.userId] } });
    const floor = nextEvent(ada.socket, 'lesson:notice');
    await teach(rivera.socket, { action: 'floor', roomId: 'room-1', userId: ada.reply.userId });
    expect(await floor).toEqual({ roomId: 'room-1', kind: 'floor' });
    const boSeesAda = recordEvents(bo.socket, ['user:media']);
    ada.socket.emit('media:state', { mic: true, cam: true });
    await eventually(() => expect(JSON.stringify(boSeesAda.at(-1)?.payload)).toContain('"mic":true'));

    // The stage.
    const staged = await teach(rivera.socket, { action: 'stage', roomId: 'room-1', userId: bo.reply.userId });
    expect(staged).toMatchObject({ ok: true, lesson: { stage: bo.reply.userId } });

    // The register: everyone who was in, with plausible times.
    const register: RegisterReply = await rivera.socket
      .timeout(5000)
      .emitWithAck('lesson:register', { roomId: 'room-1' });
    if (!register.ok) throw new Error(register.error.reason);
    expect(register.rows.map((r) => r.name).sort()).toEqual(['Ada', 'Bo', 'Cy', 'Ms. Rivera']);
    for (const row of register.rows) {
      expect(row.to).toBeUndefined();
      expect(Math.abs(Date.now() - row.from)).toBeLessThan(30_000);
    }
    expect(register.csv.split('\r\n')[0]).toBe('name,user id,from,to,minutes');
  });

  it('keeps a removed student out for the rest of the lesson, across a reconnect, and lets them in after it ends', async () => {
    const { visitor, teacher } = await campus();
    const rivera = await teacher('Ms. Rivera', { resume: INSIDE });
    const bo = await visitor('Bo', { resume: INSIDE });
    await enter(rivera.socket);
    await enter(bo.socket);
    const removed = nextEvent(bo.socket, 'lesson:notice');
    const putOutside = nextEvent(bo.socket, 'self:position');
    await teach(rivera.socket, { action: 'remove', roomId: 'room-1', userId: bo.reply.userId });
    expect(await removed).toEqual({ roomId: 'room-1', kind: 'removed' });
    // Put outside the door; walking back in, he is refused.
    const outside = (await putOutside).position;
    await walkEast(bo.socket, outside, 300);
    expect(codeOf(await enter(bo.socket))).toBe(MessageError.REMOVED_FROM_LESSON);
    // Another tab of the same browser, after the first one closed: it takes over where the server put him.
    bo.socket.disconnect();
    const again = await visitor('Bo', { secret: bo.secret, resume: INSIDE });
    await walkEast(again.socket, outside, 300);
    expect(codeOf(await enter(again.socket))).toBe(MessageError.REMOVED_FROM_LESSON);
    expect(codeOf(await teach(rivera.socket, { action: 'end', roomId: 'room-1' }))).toBeUndefined();
    await walkEast(again.socket, outside, 300);
    expect(await enter(again.socket)).toMatchObject({ ok: true, lesson: { active: false } });
  });

  it('announces to everyone on the campus, in or out of a room, and refuses a flood', async () => {
    const { visitor, teacher } = await campus();
    const rivera = await teacher('Ms. Rivera');
    const someone = await visitor('Someone', { resume: onTile(3, 3) });
    const heard = nextEvent(someone.socket, 'announcement');
    const sent = await rivera.socket.timeout(5000).emitWithAck('announce', { text: '  Assembly at noon  ' });
    expect(sent.ok).toBe(true);
    expect(await heard).toMatchObject({ fromName: 'Ms. Rivera', text: 'Assembly at noon' });
    expect(codeOf(await rivera.socket.timeout(5000).emitWithAck('announce', { text: '' }))).toBe(
      MessageError.INVALID_PAYLOAD,
    );
    await rivera.socket.timeout(5000).emitWithAck('announce', { text: 'Second' });
    expect(codeOf(await rivera.socket.timeout(5000).emitWithAck('announce', { text: 'Third' }))).toBe(
      MessageError.RATE_LIMITED,
    );
  });
});
