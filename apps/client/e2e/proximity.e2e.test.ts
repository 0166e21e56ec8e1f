import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DEFAULT_PROXIMITY, distance } from '@campus/world';
import type { StateServer } from '@campus/state-server';
import { Person, launchChromium, startCampus, until } from './harness';

let browser: Browser;
let server: StateServer;
let url: string;
const people: Person[] = [];

const media = (p: Person) => p.media();
const stats = (p: Person, userId: string) => p.linkStats(userId);

beforeAll(async () => {
  // Ada at spawn 2 (424, 376), Bo at spawn 1 (280, 376) on the same path 144 px to her left; Cy far east at spawn 7.
  ({ server, url } = await startCampus({ spawnOrder: [2, 1, 7] }));
  browser = await launchChromium();
  for (const [name, look] of [
    ['Ada', 'sky'],
    ['Bo', 'rose'],
    ['Cy', 'moss'],
  ] as const) {
    const person = await Person.join(browser, url, name, look);
    await person.page.waitForFunction(() =>
      (window as unknown as { campusMedia?: { ready(): boolean } }).campusMedia?.ready(),
    );
    people.push(person);
  }
});
afterAll(async () => {
  for (const p of people) await p.close().catch(() => {});
  await browser?.close();
  await server?.close();
});

describe('proximity voice and video', () => {
  it('links the two who walk together, with live audio and video both ways, and not the one far away', async () => {
    const [ada, bo, cy] = people as [Person, Person, Person];
    const ids = {
      ada: (await ada.view()).userId,
      bo: (await bo.view()).userId,
      cy: (await cy.view()).userId,
    };
    expect((await media(ada)).links).toEqual([]);

    await ada.hold('ArrowLeft', 1000); // 80 px closer: 64 px apart, inside the 80 px enter radius
    await until(
      () => media(ada),
      (m) => m.connected.includes(ids.bo),
      15_000,
    );
    await until(
      () => media(bo),
      (m) => m.connected.includes(ids.ada),
      15_000,
    );
    await ada.receivesLiveMedia(ids.bo);
    await bo.receivesLiveMedia(ids.ada);
    expect(await ada.page.locator(`.bubble[data-user-id="${ids.bo}"] .name`).textContent()).toBe('Bo');

    const far = await media(cy);
    expect(far.links).toEqual([]);
    expect(far.connected).toEqual([]);
    expect(await stats(ada, ids.cy)).toBeUndefined();
  });

  it('closes the link within a second of walking out of range', async () => {
    const [ada, bo] = people as [Person, Person, Person];
    const boId = (await bo.view()).userId;
    const adaId = (await ada.view()).userId;
    // Each page times when the other passes the exit radius on its own screen and when it drops the link.
    await ada.watchParting(boId, DEFAULT_PROXIMITY.exitRadius, 'links');
    await bo.watchParting(adaId, DEFAULT_PROXIMITY.exitRadius, 'links');
    await ada.page.keyboard.down('ArrowRight');
    const boAt = (await bo.view()).self;
    await until(
      () => ada.view(),
      (v) => distance(v.self, boAt) > DEFAULT_PROXIMITY.exitRadius + 16,
      5000,
    );
    await ada.page.keyboard.up('ArrowRight');
    // Both sides have dropped the link within a second, and no more of Ada's voice reaches Bo.
    expect(await ada.parted()).toBeLessThan(1000);
    expect(await bo.parted()).toBeLessThan(1000);
    await new Promise((r) => setTimeout(r, 300)); // packets already on their way
    const heard = (await stats(bo, adaId))?.audioBytesReceived ?? 0;
    await new Promise((r) => setTimeout(r, 1000));
    expect((await stats(bo, adaId))?.audioBytesReceived ?? 0).toBeLessThanOrEqual(heard + 200);
  });

  it('refuses a direct call from someone far away', async () => {
    const [ada, , cy] = people as [Person, Person, Person];
    const adaId = (await ada.view()).userId;
    const before = (await media(ada)).refusedCalls;
    await cy.page.evaluate(
      (id) =>
        (window as unknown as { campusMedia: { callDirect(id: string): void } }).campusMedia.callDirect(id),
      adaId,
    );
    await until(
      () => media(ada),
      (m) => m.refusedCalls === before + 1,
      5000,
    );
    await new Promise((r) => setTimeout(r, 1500));
    const cyId = (await cy.view()).userId;
    expect((await media(ada)).connected).not.toContain(cyId);
    expect((await media(cy)).connected).toEqual([]);
    const cyStats = await stats(cy, adaId);
    expect(cyStats?.audioBytesReceived ?? 0).toBe(0);
  });
});
