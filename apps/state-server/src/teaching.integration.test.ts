import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MessageError, type RoleClaimReply } from '@campus/protocol';
import { FileRoleStore, MemoryRoleStore, type RoleStore } from './teaching/RoleStore';
import { newLinkId, signTeacherLink } from './teaching/teacherLinks';
import { oneRoomMap } from './testing/oneRoomMap';
import { connectClient, joinedClient, startTestServer, type TestClient } from './testing/testServer';

const mapJson = oneRoomMap(4);
const DAY = 86_400_000;

async function teacherLink(store: RoleStore, name: string, id = newLinkId()): Promise<string> {
  return signTeacherLink(await store.secret(), {
    id,
    name,
    issuedAt: Date.now(),
    expiresAt: Date.now() + DAY,
  });
}

const claim = (socket: TestClient, token: string): Promise<RoleClaimReply> =>
  socket.timeout(5000).emitWithAck('role:claim', { token });

describe('teacher links on a real server', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function server(store?: RoleStore) {
    const started = await startTestServer(mapJson, store ? { teaching: { store } } : {});
    cleanups.push(started.close);
    return started;
  }
  async function visitor(url: string, name: string, secret?: string) {
    const joined = await joinedClient(url, name, secret ? { secret } : {});
    cleanups.push(() => void joined.socket.disconnect());
    return joined;
  }

  it('binds the role to the browser that opens the link, which is a teacher again after a reconnect', async () => {
    const store = new MemoryRoleStore();
    const { url } = await server(store);
    const rivera = await visitor(url, 'Rivera');
    expect(rivera.reply.role).toBeUndefined();
    const token = await teacherLink(store, 'Ms. Rivera');
    expect(await claim(rivera.socket, token)).toEqual({ ok: true, role: 'teacher', name: 'Ms. Rivera' });
    rivera.socket.disconnect();
    const back = await visitor(url, 'Rivera', rivera.secret);
    expect(back.reply.role).toEqual({ role: 'teacher', name: 'Ms. Rivera' });
  });

  it('refuses, with a code, a replayed, forged or revoked link and any payload that names a role', async () => {
    const store = new MemoryRoleStore();
    const { url } = await server(store);
    const rivera = await visitor(url, 'Rivera');
    const student = await visitor(url, 'Student');
    const id = newLinkId();
    const token = await teacherLink(store, 'Ms. Rivera', id);
    await claim(rivera.socket, token);
    const refused = async (reply: Promise<RoleClaimReply>): Promise<number | undefined> => {
      const r = await reply;
      return r.ok ? undefined : r.error.code;
    };
    expect(await refused(claim(student.socket, token))).toBe(MessageError.TEACHER_LINK_USED);
    const forged = signTeacherLink('a-secret-the-campus-never-had-32chars', {
      id: newLinkId(),
      name: 'Student',
      issuedAt: Date.now(),
      expiresAt: Date.now() + DAY,
    });
    expect(await refused(claim(student.socket, forged))).toBe(MessageError.TEACHER_LINK_INVALID);
    expect(await refused(claim(student.socket, 'teacher'))).toBe(MessageError.TEACHER_LINK_INVALID);
    // A role is never a payload: a join that claims one is refused by its schema.
    const sneaky = connectClient(url);
    cleanups.push(() => void sneaky.disconnect());
    const join = await sneaky.timeout(5000).emitWithAck('join', {
      name: 'Sneaky',
      appearance: { look: 'sky' },
      role: 'teacher',
    } as never);
    expect(join.ok ? undefined : join.error.code).toBe(MessageError.INVALID_PAYLOAD);
    await store.revoke(id);
    rivera.socket.disconnect();
    expect((await visitor(url, 'Rivera', rivera.secret)).reply.role).toBeUndefined();
  });

  it('keeps who teaches in DATA_DIR across a restart of the server', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'campus-data-')), 'data');
    const first = await startTestServer(mapJson, { teaching: { store: new FileRoleStore(dir) } });
    const rivera = await joinedClient(first.url, 'Rivera');
    await claim(rivera.socket, await teacherLink(new FileRoleStore(dir), 'Ms. Rivera'));
    rivera.socket.disconnect();
    await first.close();
    const second = await server(new FileRoleStore(dir));
    expect((await visitor(second.url, 'Rivera', rivera.secret)).reply.role).toEqual({
      role: 'teacher',
      name: 'Ms. Rivera',
    });
  });

  it('without teacher links set up, says so and is otherwise the campus as before', async () => {
    const { url } = await server();
    const someone = await visitor(url, 'Someone');
    expect(someone.reply.role).toBeUndefined();
    const reply = await claim(someone.socket, 't1.abc.def');
    expect(reply.ok ? undefined : reply.error.code).toBe(MessageError.NO_TEACHER_LINKS);
  });
});
