// Watching together (issue 16, docs/watching.md) in real Chromium: a film from the media library on Room 101's
// screen, played, paused, sought, joined late and knocked off its stride, with every browser's film measured against
// the shared position at each step.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { screenPositionAt } from '@campus/protocol';
import type { StateServer } from '@campus/state-server';
import { FILM, allInStep, filmLibrary, putFilmOn, readFilm } from './film';
import { Person, launchChromium, startCampus, until } from './harness';

let browser: Browser;
let server: StateServer;
let url: string;
const people: Person[] = [];
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

// Room 101: tiles x 5–18, y 5–13, its door a two-tile gap at x 11–12 in the south wall.
const DOOR_X = 12 * 16;
/** One frame of the test film (25 fps). */
const FRAME = 1 / 25;

async function arrive(name: string, look: 'sky' | 'rose' | 'moss' | 'sun'): Promise<Person> {
  const person = await Person.join(browser, url, name, look, { viewport: { width: 1024, height: 600 } });
  await person.page.waitForFunction(() =>
    (window as unknown as { campusMedia?: { ready(): boolean } }).campusMedia?.ready(),
  );
  // Four pages drawing the campus, coding video and playing a film share two cores: cameras off.
  await person.page.click('#cam-toggle');
  people.push(person);
  return person;
}

async function walkIn(p: Person, x: number, y: number): Promise<void> {
  await p.walkTo(server.room.map, { x, y });
  await until(
    () => p.media(),
    (m) => m.classroom === 'room-101',
    20_000,
  );
}

const pages = (): Page[] => people.map((p) => p.page);
const version = async (p: Person): Promise<number> => (await readFilm(p.page)).state?.version ?? 0;

beforeAll(async () => {
  // Long enough to be still playing at the last test on a slow machine (the third test seeks to 60 s).
  const mediaDir = await filmLibrary(240);
  const campus = await startCampus({ spawnOrder: [1, 0, 2, 5], mediaDir });
  ({ server, url } = campus);
  browser = await launchChromium();
  for (const [name, look] of [
    ['Ada', 'sky'],
    ['Bo', 'rose'],
    ['Cy', 'moss'],
  ] as const)
    await arrive(name, look);
}, 120_000);
afterAll(async () => {
  for (const p of people) await p.close().catch(() => {});
  await browser?.close();
  await server?.close();
});

describe('watching a film together in a room', () => {
  it('puts a film on Room 101’s screen and plays it in step in all three browsers', async () => {
    const [ada, bo, cy] = people as [Person, Person, Person];
    await Promise.all([
      walkIn(ada, 7 * 16 + 8, 10 * 16 + 8),
      walkIn(bo, 16 * 16 + 8, 10 * 16 + 8),
      walkIn(cy, DOOR_X, 12 * 16 + 8),
    ]);
    const loaded = await putFilmOn(ada.page);
    for (const p of people) {
      await until(
        () =>
          p.page.evaluate(
            () =>
              !document.getElementById('film-bar')!.hidden &&
              document.getElementById('film-title')!.textContent,
          ),
        (title) => title === FILM,
        15_000,
      );
    }
    // Nobody's film moves on its own click: Ada presses play, and it starts when the server's answer comes back.
    await ada.page.click('#film-play');
    await allInStep(pages(), loaded + 1, 0.15, 20_000);
    await new Promise((r) => setTimeout(r, 1500));
    // Still in step 1.5 s on: a page a busy machine jolted is back within 150 ms by itself (steady-state spread is
    // what bench:media measures).
    for (const r of await allInStep(pages(), loaded + 1, 0.15, 5000)) expect(r.state?.playing).toBe(true);
    // Each page's own badge agrees (it goes by the page's estimate of the server's clock).
    for (const p of people) {
      await until(
        () => p.page.textContent('#film-sync'),
        (text) => text === 'In sync',
        10_000,
      );
    }
    mkdirSync(join(repoRoot, 'docs'), { recursive: true });
    await cy.page.screenshot({ path: join(repoRoot, 'docs', 'watching.png') });
  });

  it('pauses on the same frame for everyone, wherever the pause was pressed', async () => {
    const [, bo] = people as [Person, Person, Person];
    const before = await version(bo);
    await bo.page.click('#film-play');
    const readings = await Promise.all(
      pages().map((page) =>
        until(
          () => readFilm(page),
          (r) => (r.state?.version ?? 0) > before && r.paused && Math.abs(r.error) < FRAME / 2,
          10_000,
        ),
      ),
    );
    const times = readings.map((r) => r.currentTime);
    expect(Math.max(...times) - Math.min(...times)).toBeLessThanOrEqual(FRAME);
    expect(readings[0]!.state?.playing).toBe(false);
  });

  it('seeks everyone to the same point, and plays on from there together', async () => {
    const [, , cy] = people as [Person, Person, Person];
    const before = await version(cy);
    await cy.page.evaluate(() => {
      const seek = document.getElementById('film-seek') as HTMLInputElement;
      seek.value = '60';
      seek.dispatchEvent(new Event('input'));
      seek.dispatchEvent(new Event('change'));
    });
    const paused = await Promise.all(
      pages().map((page) =>
        until(
          () => readFilm(page),
          (r) => (r.state?.version ?? 0) > before && r.paused && Math.abs(r.currentTime - 60) < FRAME / 2,
          10_000,
        ),
      ),
    );
    expect(paused.every((r) => r.state?.position === 60)).toBe(true);
    await cy.page.click('#film-play');
    await allInStep(pages(), before + 2, 0.15, 15_000);
    await new Promise((r) => setTimeout(r, 1000));
    await allInStep(pages(), before + 2, 0.15, 5000);
  });

  it('starts a latecomer at the shared point', async () => {
    const dee = await arrive('Dee', 'sun');
    await walkIn(dee, 10 * 16 + 8, 8 * 16 + 8);
    const current = await version(people[0]!);
    await allInStep([dee.page], current, 0.15, 20_000);
    // A fourth page coming up (drawing the campus, decoding the film) can jolt the other three on two cores: each of
    // them, too, is back within 150 ms of the shared point by itself.
    await allInStep(pages(), current, 0.15, 10_000);
  });

  it('a browser knocked off its stride, its CPU and network throttled, rejoins the shared position within 2 s', async () => {
    const [, , cy] = people as [Person, Person, Person];
    const cdp = await cy.page.context().newCDPSession(cy.page);
    await cdp.send('Network.enable');
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 6 });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 400,
      downloadThroughput: 40_000,
      uploadThroughput: 40_000,
    });
    // A stutter: the film falls 5 s behind, and what it needs next must come over the slow link. How far behind it
    // fell is read in the same step (a page that catches up fast has done so before the next reading).
    const knocked = await cy.page.evaluate(() => {
      const film = document.getElementById('stage-film') as HTMLVideoElement;
      film.currentTime = Math.max(0, film.currentTime - 5);
      return { currentTime: film.currentTime, wallAt: Date.now() };
    });
    const { state } = await readFilm(cy.page);
    // (A seek the film refused would leave it where it was, and this far below the 0.5 s the test asks of it.)
    let worst = Math.abs(knocked.currentTime - screenPositionAt(state!, knocked.wallAt));
    const others = pages().filter((page) => page !== cy.page);
    const othersOff: number[][] = others.map(() => []);
    for (let i = 0; i < 20; i++) {
      worst = Math.max(worst, Math.abs((await readFilm(cy.page)).error));
      const readings = await Promise.all(others.map((page) => readFilm(page)));
      readings.forEach((r, k) => othersOff[k]!.push(Math.abs(r.error)));
      await new Promise((r) => setTimeout(r, 150));
    }
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    const released = Date.now();
    await until(
      () => readFilm(cy.page),
      (r) => Math.abs(r.error) <= 0.15,
      2000,
    );
    const rejoinedMs = Date.now() - released;
    console.log(
      `throttled browser: worst drift ${worst.toFixed(2)} s, back in step ${rejoinedMs} ms after release`,
    );
    expect(worst).toBeGreaterThan(0.5);
    expect(rejoinedMs).toBeLessThanOrEqual(2000);
    // The others went on in step all along: each within 150 ms at most of the 20 readings while Cy was throttled (a
    // median, so one reading jolted by the busy machine does not decide it), and in step now.
    for (const off of othersOff) expect([...off].sort((a, b) => a - b)[10]).toBeLessThan(0.15);
    await allInStep(others, 0, 0.15, 5000);
  });
});
