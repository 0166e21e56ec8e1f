import { describe, expect, it } from 'vitest';
import { MessageError } from '@campus/protocol';
import { forgetTeacherLink, roleBadge, takeTeacherLink, teacherLinkOutcome } from './teacherLink';

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => void items.set(k, v),
    removeItem: (k) => void items.delete(k),
    clear: () => items.clear(),
    key: (i) => [...items.keys()][i] ?? null,
    get length() {
      return items.size;
    },
  };
}

describe('teacher links in the page', () => {
  it('takes the token out of the address, keeps it until claimed, and leaves other parameters', () => {
    const storage = memoryStorage();
    const replaced: string[] = [];
    const history = {
      replaceState: (_d: unknown, _t: string, url?: string | URL | null) => replaced.push(String(url)),
    };
    const token = takeTeacherLink(
      { href: 'https://campus.example/?ice=relay&teacher=t1.a.b' },
      history,
      storage,
    );
    expect(token).toBe('t1.a.b');
    expect(replaced).toEqual(['https://campus.example/?ice=relay']);
    // Reloaded before it could be claimed: still there, from storage.
    expect(takeTeacherLink({ href: 'https://campus.example/?ice=relay' }, history, storage)).toBe('t1.a.b');
    forgetTeacherLink(storage);
    expect(takeTeacherLink({ href: 'https://campus.example/' }, history, storage)).toBeUndefined();
    expect(replaced).toHaveLength(1);
  });

  it('says what came of the claim, and keeps the link only when the server could not be asked', () => {
    expect(teacherLinkOutcome({ ok: true, role: 'teacher', name: 'Ms. Rivera' })).toEqual({
      text: 'You teach here now, Ms. Rivera. This browser keeps the role.',
      keep: false,
    });
    expect(teacherLinkOutcome(undefined).keep).toBe(true);
    const used = teacherLinkOutcome({
      ok: false,
      error: { code: MessageError.TEACHER_LINK_USED, reason: 'TEACHER_LINK_USED', message: '' },
    });
    expect(used).toEqual({ text: expect.stringContaining('another browser') as string, keep: false });
    expect(roleBadge({ role: 'teacher', name: 'Ms. Rivera' })).toBe('Teacher · Ms. Rivera');
    expect(roleBadge(undefined)).toBeUndefined();
  });
});
