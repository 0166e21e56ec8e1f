import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { StateServer } from '@campus/state-server';
import { MemoryRoleStore, freshTeacherToken } from '@campus/state-server/testing';
import { Person, launchChromium, startCampus, until } from './harness';

let browser: Browser;
let server: StateServer;
let url: string;
const store = new MemoryRoleStore();
const people: Person[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  ({ server, url } = await startCampus({ teaching: { store } }));
});
afterAll(async () => {
  for (const p of people) await p.close().catch(() => {});
  await server?.close();
  await browser?.close();
});

const badge = (p: Person): Promise<string | undefined> =>
  p.page.evaluate(() => {
    const role = document.getElementById('hud-role');
    return role && !role.hidden ? (role.textContent ?? '') : undefined;
  });
const toast = (p: Person): Promise<string> =>
  p.page.evaluate(() => document.getElementById('toast')?.textContent ?? '');

describe('a teacher link', () => {
  it('makes the browser that opens it a teacher, keeps it across a reload, and is no one else’s', async () => {
    const token = await freshTeacherToken(store, 'Ms. Rivera');
    const rivera = await Person.join(browser, `${url}?teacher=${token}`, 'Rivera', 'plum');
    people.push(rivera);
    await until(
      () => badge(rivera),
      (b) => b === 'Teacher · Ms. Rivera',
    );
    expect(await toast(rivera)).toContain('You teach here now, Ms. Rivera');
    // The token left the address at once: a bookmark or a shared address does not carry it.
    expect(rivera.page.url()).not.toContain('teacher=');
    await rivera.reload();
    await until(
      () => badge(rivera),
      (b) => b === 'Teacher · Ms. Rivera',
    );

    // A student who got hold of the link opens it in their own browser: told so, and no teacher.
    const student = await Person.join(browser, `${url}?teacher=${token}`, 'Student', 'sky');
    people.push(student);
    await until(
      () => toast(student),
      (t) => t.includes('already opened in another browser'),
    );
    expect(await badge(student)).toBeUndefined();
  });
});
