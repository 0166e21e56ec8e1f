import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MessageError } from '@campus/protocol';
import { ManualClock } from '../testing/fakes';
import { RoomError } from '../RoomError';
import { Roles } from './Roles';
import { FileRoleStore, MemoryRoleStore, type RoleStore } from './RoleStore';
import { newLinkId, signTeacherLink } from './teacherLinks';

const DAY = 86_400_000;

async function linkFor(store: RoleStore, name: string, now: number, id = newLinkId()): Promise<string> {
  return signTeacherLink(await store.secret(), { id, name, issuedAt: now, expiresAt: now + 30 * DAY });
}

async function codeOf(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    await promise;
  } catch (err) {
    return err instanceof RoomError ? err.code : -1;
  }
  return undefined;
}

describe('Roles', () => {
  it('gives the role to the first visitor who claims a link, for good, and to nobody after', async () => {
    const clock = new ManualClock(1_000_000);
    const store = new MemoryRoleStore();
    const roles = new Roles(store, clock);
    const token = await linkFor(store, 'Ms. Rivera', clock.now());
    expect(await roles.roleOf('rivera')).toBeUndefined();
    expect(await roles.claim('rivera', token)).toEqual({ role: 'teacher', name: 'Ms. Rivera' });
    // Opening her link again (another tab, a bookmark) is fine; someone replaying it is not.
    expect(await roles.claim('rivera', token)).toEqual({ role: 'teacher', name: 'Ms. Rivera' });
    expect(await codeOf(roles.claim('student', token))).toBe(MessageError.TEACHER_LINK_USED);
    expect(await roles.roleOf('student')).toBeUndefined();
    expect(await roles.requireTeacher('rivera')).toEqual({ role: 'teacher', name: 'Ms. Rivera' });
    expect(await codeOf(roles.requireTeacher('student'))).toBe(MessageError.NOT_A_TEACHER);
    // Still hers long after the link could no longer be claimed.
    clock.advance(365 * DAY);
    expect(await roles.roleOf('rivera')).toEqual({ role: 'teacher', name: 'Ms. Rivera' });
  });

  it('refuses an expired, forged or revoked link, and a revoked role is gone at once', async () => {
    const clock = new ManualClock(1_000_000);
    const store = new MemoryRoleStore();
    const roles = new Roles(store, clock);
    const late = await linkFor(store, 'Late', clock.now());
    clock.advance(31 * DAY);
    expect(await codeOf(roles.claim('late', late))).toBe(MessageError.TEACHER_LINK_EXPIRED);
    const forged = signTeacherLink('not-the-campus-secret-but-long-enough!!', {
      id: newLinkId(),
      name: 'Me',
      issuedAt: clock.now(),
      expiresAt: clock.now() + DAY,
    });
    expect(await codeOf(roles.claim('mallory', forged))).toBe(MessageError.TEACHER_LINK_INVALID);
    const id = newLinkId();
    const token = await linkFor(store, 'Mr. Okafor', clock.now(), id);
    await roles.claim('okafor', token);
    await store.revoke(id);
    expect(await roles.roleOf('okafor')).toBeUndefined();
    expect(await codeOf(roles.claim('okafor', token))).toBe(MessageError.TEACHER_LINK_REVOKED);
    // A link revoked before anyone claimed it cannot be claimed either.
    const unused = newLinkId();
    const never = await linkFor(store, 'Unused', clock.now(), unused);
    await store.revoke(unused);
    expect(await codeOf(roles.claim('someone', never))).toBe(MessageError.TEACHER_LINK_REVOKED);
  });

  it('uses the configured secret when there is one, so links made with it hold on any node', async () => {
    const clock = new ManualClock(1_000_000);
    const configured = 'configured-teacher-secret-thirty-two+';
    const roles = new Roles(new MemoryRoleStore(), clock, configured);
    const token = signTeacherLink(configured, {
      id: newLinkId(),
      name: 'Ms. Rivera',
      issuedAt: clock.now(),
      expiresAt: clock.now() + DAY,
    });
    expect(await roles.claim('rivera', token)).toEqual({ role: 'teacher', name: 'Ms. Rivera' });
  });
});

describe('FileRoleStore', () => {
  it('keeps the secret and who teaches across restarts, and sees a revocation made by another process', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'campus-roles-')), 'data');
    const clock = new ManualClock(1_000_000);
    const first = new FileRoleStore(dir);
    const id = newLinkId();
    const token = await linkFor(first, 'Ms. Rivera', clock.now(), id);
    await new Roles(first, clock).claim('rivera', token);
    // The server restarts: a new store on the same folder.
    const restarted = new Roles(new FileRoleStore(dir), clock);
    expect(await restarted.roleOf('rivera')).toEqual({ role: 'teacher', name: 'Ms. Rivera' });
    expect(await new FileRoleStore(dir).secret()).toBe(await first.secret());
    // The admin's command revokes it while the server runs.
    await new FileRoleStore(dir).revoke(id);
    expect(await restarted.roleOf('rivera')).toBeUndefined();
    expect(await new FileRoleStore(dir).list()).toEqual([
      expect.objectContaining({ linkId: id, userId: 'rivera', name: 'Ms. Rivera', revoked: true }),
    ]);
  });
});
