import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { distance } from '@campus/world';
import { Person, freePort, launchChromium, spawnCampus, until } from './harness';

let browser: Browser;
let server: Awaited<ReturnType<typeof spawnCampus>> | undefined;
const people: Person[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  for (const p of people) await p.close().catch(() => {});
  await browser?.close();
  await server?.kill();
});

describe('when the server goes away', () => {
  it('killing and restarting the server brings both people back where they stood, without a reload', async () => {
    const port = await freePort();
    server = await spawnCampus(port);
    const ada = await Person.join(browser, server.url, 'Ada', 'sky');
    const bo = await Person.join(browser, server.url, 'Bo', 'rose');
    people.push(ada, bo);
    const adaId = (await ada.view()).userId;
    const boId = (await bo.view()).userId;
    await until(
      () => bo.view(),
      (v) => v.remoteIds.includes(adaId),
    );

    await ada.hold('ArrowDown', 500);
    const adaBefore = await ada.restingPosition();
    const boBefore = (await bo.view()).self;
    // A mark on each page: if the page reloads, it is gone.
    for (const p of people)
      await p.page.evaluate(() => ((window as unknown as { stayed?: boolean }).stayed = true));

    await server.kill(); // SIGKILL: the clients get no goodbye
    await until(
      () => ada.page.isVisible('#banner'),
      (shown) => shown,
    );
    expect(await ada.page.textContent('#banner')).toMatch(/Reconnecting/);
    server = await spawnCampus(port);

    // Both come back on their own, at their places, and see each other there.
    await until(
      () => ada.page.isVisible('#banner'),
      (shown) => !shown,
      30_000,
    );
    await until(
      () => bo.page.isVisible('#banner'),
      (shown) => !shown,
      30_000,
    );
    await until(
      () => ada.view(),
      (v) => v.remoteIds.includes(boId),
      15_000,
    );
    await until(
      () => bo.view(),
      (v) => v.remoteIds.includes(adaId),
      15_000,
    );
    expect(distance((await ada.view()).self, adaBefore)).toBeLessThan(1);
    expect(distance((await bo.view()).self, boBefore)).toBeLessThan(1);
    const adaSeenByBo = await until(
      () => bo.seen(adaId),
      (p) => p !== undefined && distance(p, adaBefore) < 2,
    );
    expect(distance(adaSeenByBo!, adaBefore)).toBeLessThan(2);
    for (const p of people) {
      expect(await p.page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    }
    expect([...ada.errors, ...bo.errors]).toEqual([]);
  });
});
