// A crowd on screen draws the names of the 40 people nearest you (apps/client/src/world/labelBudget.ts): 45 visitors
// join around one person in Chromium, 40 of them on the same spot and 5 a few steps away.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { StateServer } from '@campus/state-server';
import { joinedClient } from '@campus/state-server/testing';
import { Person, launchChromium, startCampus, until } from './harness';

const NEAR = 40;
const FAR = 5;

let server: StateServer;
let url: string;
let browser: Browser;
let ada: Person | undefined;
const bots: Array<Awaited<ReturnType<typeof joinedClient>>> = [];

beforeAll(async () => {
  // Spawns of the campus, in tiles: 2 at (26, 23), 3 at (32, 19), six tiles east and four north of it, in view.
  ({ server, url } = await startCampus({ spawnOrder: [2, ...Array(NEAR).fill(2), ...Array(FAR).fill(3)] }));
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  for (const bot of bots) bot.socket.disconnect();
  await ada?.close();
  await browser?.close();
  await server?.close();
});

const named = (p: Person): Promise<string[]> =>
  p.page.evaluate(() => (window as unknown as { campusDebug: { named(): string[] } }).campusDebug.named());

describe('a crowd around you', () => {
  it('draws the names of the 40 nearest, and everyone’s once no more than 40 are in view', async () => {
    ada = await Person.join(browser, url, 'Ada', 'sky');
    for (let i = 0; i < NEAR + FAR; i++)
      bots.push(await joinedClient(url, `Visitor ${i + 1}`, { look: 'moss' }));
    const near = bots.slice(0, NEAR).map((b) => b.reply.userId);
    const far = bots.slice(NEAR).map((b) => b.reply.userId);
    await until(
      async () => (await ada!.view()).remoteIds.length,
      (n) => n === NEAR + FAR,
      20_000,
    );
    const crowded = await until(
      () => named(ada!),
      (ids) => ids.length === NEAR,
      5000,
    );
    expect(crowded.sort()).toEqual([...near].sort());

    // Five of those on her spot leave: 40 are left in view, and all of them are named, the five farther off too.
    for (const bot of bots.slice(0, FAR)) bot.socket.disconnect();
    const fewer = await until(
      () => named(ada!),
      (ids) => ids.length === NEAR && far.every((id) => ids.includes(id)),
      15_000,
    );
    expect(fewer.sort()).toEqual([...near.slice(FAR), ...far].sort());
  });
});
