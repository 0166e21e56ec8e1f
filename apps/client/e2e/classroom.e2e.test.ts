import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { StateServer } from '@campus/state-server';
import { Person, launchChromium, startCampus, until } from './harness';

let browser: Browser;
let server: StateServer;
const people: Person[] = [];

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const media = (p: Person) => p.media();

interface ScreenView {
  sharing: boolean;
  screens: string[];
  receivers: string[];
  stage: string | undefined;
  bar: boolean;
}
/** What this person's screen shows of screen sharing: their own share, the shares they receive, the stage. */
const screens = (p: Person): Promise<ScreenView> =>
  p.page.evaluate(() => {
    const m = (
      window as unknown as {
        campusMedia: { sharing(): boolean; screens(): string[]; screenReceivers(): string[] };
      }
    ).campusMedia;
    const stage = document.getElementById('stage')!;
    return {
      sharing: m.sharing(),
      screens: m.screens(),
      receivers: m.screenReceivers(),
      stage: stage.hidden ? undefined : (document.getElementById('stage-caption')!.textContent ?? ''),
      bar: !document.getElementById('share-bar')!.hidden,
    };
  });
const screenFrames = (p: Person, userId: string): Promise<number> =>
  p.page.evaluate(
    (id) =>
      (
        window as unknown as {
          campusMedia: { screenStats(id: string): Promise<{ videoFramesDecoded: number } | undefined> };
        }
      ).campusMedia
        .screenStats(id)
        .then((s) => s?.videoFramesDecoded ?? 0),
    userId,
  );

// Room 101: tiles x 5–18, y 5–13, its door a two-tile gap at x 11–12 in the south wall; the hallway runs along y 16–19.
const HALL_Y = 17 * 16 + 8;
const DOOR_X = 12 * 16;
const ROOM_BOTTOM = 14 * 16;

beforeAll(async () => {
  // Spawns 1, 0, 2 and 5 line the courtyard path; Room 101 is made to hold three (the mesh cap) for this test.
  ({ server } = await startCampus({ spawnOrder: [1, 0, 2, 5], meshCap: 3 }).then(async (campus) => {
    browser = await launchChromium();
    for (const [name, look] of [
      ['Ada', 'sky'],
      ['Bo', 'rose'],
      ['Cy', 'moss'],
      ['Dee', 'sun'],
    ] as const) {
      const person = await Person.join(browser, campus.url, name, look);
      await person.page.waitForFunction(() =>
        (window as unknown as { campusMedia?: { ready(): boolean } }).campusMedia?.ready(),
      );
      people.push(person);
    }
    return campus;
  }));
});
afterAll(async () => {
  for (const p of people) await p.close().catch(() => {});
  await browser?.close();
  await server?.close();
});

describe('a classroom without LiveKit', () => {
  it('three who walk into Room 101 each receive the other two’s audio and video', async () => {
    const [ada, bo, cy] = people as [Person, Person, Person, Person];
    await Promise.all([
      ada.walk([{ y: HALL_Y }, { x: DOOR_X }, { y: 10 * 16 + 8 }, { x: 7 * 16 + 8 }]),
      bo.walk([{ y: HALL_Y }, { x: DOOR_X }, { y: 10 * 16 + 8 }, { x: 16 * 16 + 8 }]),
      cy.walk([{ y: HALL_Y }, { x: DOOR_X }, { y: 12 * 16 + 8 }]),
    ]);
    const ids = await Promise.all([ada, bo, cy].map(async (p) => (await p.view()).userId));
    for (const [i, p] of [ada, bo, cy].entries()) {
      const others = ids.filter((_, j) => j !== i);
      await until(
        () => media(p),
        (m) => m.classroom === 'room-101' && others.every((id) => m.connected.includes(id)),
        20_000,
      );
      for (const id of others) await p.receivesLiveMedia(id);
    }
    expect(server.classrooms.membersOf('room-101').sort()).toEqual([...ids].sort());
  });

  it('one shares their screen and the other two see it large', async () => {
    const [ada, bo, cy] = people as [Person, Person, Person, Person];
    const cyId = (await cy.view()).userId;
    await cy.page.click('#screen-toggle');
    await until(
      () => screens(cy),
      (s) => s.sharing && s.bar && s.receivers.length === 2,
      15_000,
    );
    for (const p of [ada, bo]) {
      await until(
        () => screens(p),
        (s) => s.screens.includes(cyId) && s.stage === 'Cy is sharing their screen',
        15_000,
      );
      const first = await until(
        () => screenFrames(p, cyId),
        (n) => n > 0,
        15_000,
      );
      await new Promise((r) => setTimeout(r, 1000));
      expect(await screenFrames(p, cyId)).toBeGreaterThan(first!);
    }
    expect(server.room.mediaOf(cyId)?.screen).toBe(true);
    // What a student sees: the shared screen on stage, the room's grid below it (docs/classroom.png).
    const dir = process.env.UPDATE_SCREENSHOT ? join(repoRoot, 'docs') : join(repoRoot, 'test-results');
    mkdirSync(dir, { recursive: true });
    await ada.page.screenshot({ path: join(dir, 'classroom.png') });
  });

  it('a fourth cannot get through the door of a room that holds three', async () => {
    const dee = people[3]!;
    const rest = await dee.walk([{ y: HALL_Y }, { x: DOOR_X }, { y: 10 * 16 + 8 }]);
    expect(rest.y).toBeGreaterThanOrEqual(ROOM_BOTTOM);
    expect((await media(dee)).classroom).toBeUndefined();
    expect(server.classrooms.membersOf('room-101')).toHaveLength(3);
  });

  it('one who walks out is dropped from the room’s media within a second, and their screen share ends', async () => {
    const [ada, bo, cy] = people as [Person, Person, Person, Person];
    const cyId = (await cy.view()).userId;
    // Each page times, on its own clock, when Cy is out of the room on its screen and when it lets go of Cy's media.
    for (const p of [ada, bo, cy]) await p.watchParting(cyId, { belowY: ROOM_BOTTOM }, 'classroom');
    await cy.page.keyboard.down('ArrowDown');
    await until(
      () => cy.view(),
      (v) => v.self.y >= ROOM_BOTTOM,
      5000,
    );
    await cy.page.keyboard.up('ArrowDown');
    for (const p of [ada, bo, cy]) expect(await p.parted()).toBeLessThan(1000);
    for (const p of [ada, bo]) expect((await media(p)).connected).not.toContain(cyId);
    expect((await media(cy)).classroom).toBeUndefined();
    // Cy was sharing: the share ends for Cy and leaves the others' stage.
    await until(
      () => screens(cy),
      (s) => !s.sharing && !s.bar,
      2000,
    );
    for (const p of [ada, bo]) {
      await until(
        () => screens(p),
        (s) => s.stage === undefined && !s.screens.includes(cyId),
        5000,
      );
    }
    expect(server.room.mediaOf(cyId)?.screen).toBe(false);
  });
});
