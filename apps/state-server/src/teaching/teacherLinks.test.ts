import { describe, expect, it } from 'vitest';
import { MessageError } from '@campus/protocol';
import { RoomError } from '../RoomError';
import { newLinkId, signTeacherLink, verifyTeacherLink, type TeacherLink } from './teacherLinks';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const link: TeacherLink = { id: newLinkId(), name: 'Ms. Rivera', issuedAt: 1000, expiresAt: 10_000 };

function refusal(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof RoomError ? err.code : -1;
  }
  return undefined;
}

describe('teacher links', () => {
  it('verifies a link this campus signed, until it expires', () => {
    const token = signTeacherLink(SECRET, link);
    expect(verifyTeacherLink(SECRET, token, 5000)).toEqual(link);
    expect(refusal(() => verifyTeacherLink(SECRET, token, 10_000))).toBe(MessageError.TEACHER_LINK_EXPIRED);
  });

  it('refuses a link signed with another secret, or edited after signing', () => {
    const token = signTeacherLink(SECRET, link);
    expect(refusal(() => verifyTeacherLink('another-secret-of-thirty-two-characters!', token, 5000))).toBe(
      MessageError.TEACHER_LINK_INVALID,
    );
    const [version, , signature] = token.split('.');
    // The same signature on a payload that gives itself ten more years.
    const longer = Buffer.from(JSON.stringify({ ...link, expiresAt: 10_000 + 3e11 })).toString('base64url');
    expect(refusal(() => verifyTeacherLink(SECRET, `${version}.${longer}.${signature}`, 5000))).toBe(
      MessageError.TEACHER_LINK_INVALID,
    );
  });

  it('refuses anything that is not a link, with the same code and without throwing anything else', () => {
    const token = signTeacherLink(SECRET, link);
    for (const bad of [
      '',
      't1',
      't1..',
      't2' + token.slice(2),
      `${token}.x`,
      token.slice(0, -3),
      '💥.💥.💥',
    ]) {
      expect(
        refusal(() => verifyTeacherLink(SECRET, bad, 5000)),
        bad,
      ).toBe(MessageError.TEACHER_LINK_INVALID);
    }
    // Signed, but not a link's payload.
    const payload = Buffer.from('{"id":"x"}').toString('base64url');
    const forgedShape = signTeacherLink(SECRET, link).replace(/^t1\.[^.]+/, `t1.${payload}`);
    expect(refusal(() => verifyTeacherLink(SECRET, forgedShape, 5000))).toBe(
      MessageError.TEACHER_LINK_INVALID,
    );
  });
});

describe('newLinkId', () => {
  it('never starts with a dash or an underscore, which `--revoke <id>` would read as an option', () => {
    // Of 4,000 base64url ids about 125 would start with one of the two.
    const ids = Array.from({ length: 4000 }, () => newLinkId());
    expect(ids.filter((id) => /^[-_]/.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 50)) expect(id).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{15}$/);
  });
});
