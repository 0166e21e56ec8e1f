import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { distance } from '@campus/world';
import type { StateServer } from '@campus/state-server';
import { Person, launchChromium, startCampus, until } from './harness';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..');

let server: StateServer;
let url: string;
let browser: Browser;
const people: Person[] = [];

beforeAll(async () => {
  ({ server, url } = await startCampus());
  browser = await launchChromium();
});

afterAll(async () => {
  for (const p of people.splice(0)) await p.close();
  await browser?.close();
  await server?.close();
});

describe('two people on the campus', () => {
  it('both join, A walks with the keyboard, and B sees A come to rest where A sees itself', async () => {
    const ada = await Person.join(browser, url, 'Ada', 'sky');
    people.push(ada);
    const bo = await Person.join(browser, url, 'Bo', 'rose');
    people.push(bo);

    const adaId = (await ada.view()).userId;
    const boId = (await bo.view()).userId;
    await until(
      () => bo.view(),
      (v) => v.remoteIds.includes(adaId),
    );
    await until(
      () => ada.view(),
      (v) => v.remoteIds.includes(boId),
    );

    const before = (await ada.view()).self;
    await ada.hold('ArrowRight', 600);
    await ada.hold('KeyS', 400);

    // A's own screen: the avatar has walked and stopped.
    const rest = await ada.restingPosition();
    expect(distance(before, rest)).toBeGreaterThan(20);

    // B's screen: A comes to rest within 2 px of where A's own client shows it.
    const seen = await until(
      () => bo.seen(adaId),
      (p) => p !== undefined && distance(p, rest) < 2,
      3000,
    );
    expect(distance(seen!, rest)).toBeLessThan(2);

    // Edge-triggered: a start, a turn (or a stop and a start, if the keys changed in different frames) and a stop;
    // not a stream of updates.
    const sent = (await ada.view()).movesSent;
    expect(sent).toBeGreaterThanOrEqual(3);
    expect(sent).toBeLessThanOrEqual(4);
    expect([...ada.errors, ...bo.errors]).toEqual([]);
  });

  it('someone who closes the tab disappears from the others', async () => {
    const cy = await Person.join(browser, url, 'Cy', 'moss');
    const dee = await Person.join(browser, url, 'Dee', 'sun');
    people.push(dee);
    const cyId = (await cy.view()).userId;
    await until(
      () => dee.view(),
      (v) => v.remoteIds.includes(cyId),
    );
    await cy.close();
    await until(
      () => dee.view(),
      (v) => !v.remoteIds.includes(cyId),
    );
  });

  it('a look at the campus for the README', async () => {
    const [first] = people;
    await expect.poll(() => first!.page.textContent('#hud-population')).toBe('3 here');
    const dir = process.env.UPDATE_SCREENSHOT ? join(repoRoot, 'docs') : join(repoRoot, 'test-results');
    mkdirSync(dir, { recursive: true });
    await first!.page.waitForTimeout(300);
    await first!.page.screenshot({ path: join(dir, 'screenshot.png') });
  });

  it('the join screen remembers the name and look this browser used', async () => {
    const [ada] = people;
    await ada!.page.reload();
    await ada!.page.locator('#join-name').waitFor({ state: 'visible' });
    expect(await ada!.page.inputValue('#join-name')).toBe('Ada');
    expect(await ada!.page.getAttribute('.look[data-look="sky"]', 'aria-checked')).toBe('true');
    expect(await ada!.page.getAttribute('.look[data-look="rose"]', 'aria-checked')).toBe('false');
    await ada!.page.click('#join-submit');
    await ada!.page.waitForFunction(() => 'campusDebug' in window);
  });
});
