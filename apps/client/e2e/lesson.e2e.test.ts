// The four-person lesson of issue 13 (docs/teaching.md), in real Chromium: a locked door and a knock, mute all, a
// raised hand and the floor, the stage, and the register. Each step is logged with its time, since a step that
// stalls on a busy machine is otherwise hard to place.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { StateServer } from '@campus/state-server';
import { MemoryRoleStore, freshTeacherToken } from '@campus/state-server/testing';
import { Person, launchChromium, startCampus, until } from './harness';
import { audioFlow, growth, loudestOver, recordPeerConnections } from './rtcStats';

let browser: Browser;
let server: StateServer;
let url: string;
const store = new MemoryRoleStore();
const people: Person[] = [];
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

// Room 102: px x 400–624, y 80–224, its door a two-tile gap in the south wall either side of x 512.
const DOOR_X = 32 * 16;
const ROOM_BOTTOM = 14 * 16;
const ROW = (ty: number) => ty * 16 + 8;

const ids = new Map<Person, string>();
const idOf = (p: Person): string => ids.get(p)!;
/** How loud `from` gets in `p`'s mixer over two seconds, 0–1 (the fake microphone beeps about once a second). */
const heardFrom = (p: Person, from: Person) => loudestOver(p.page, idOf(from), 2000);
/** Energy of what `p`'s microphone hands its encoders over two seconds. */
const sentBy = (p: Person) => growth(async () => (await audioFlow(p.page)).energySent, 2000);

/**
 * Opens the campus for one person. Four pages drawing the campus and coding video share two cores here: all but Bo
 * (whom the teacher stages) turn their camera off and the students get a smaller window, so no page stalls for
 * seconds mid-walk. Their voices, which the lesson is about, are untouched.
 */
async function arrive(
  name: string,
  look: 'plum' | 'sky' | 'rose' | 'moss',
  { query = '', camera = false, viewport = { width: 960, height: 540 } } = {},
): Promise<Person> {
  const person = await Person.join(browser, `${url}${query}`, name, look, {
    prepare: recordPeerConnections,
    viewport,
  });
  await person.page.waitForFunction(() =>
    (window as unknown as { campusMedia?: { ready(): boolean } }).campusMedia?.ready(),
  );
  if (!camera) {
    await person.page.click('#cam-toggle');
    await until(
      () => person.page.getAttribute('#cam-toggle', 'aria-pressed'),
      (pressed) => pressed === 'false',
    );
  }
  people.push(person);
  ids.set(person, (await person.view()).userId);
  return person;
}

/** Waits until `p` is in Room 102's media with each of `others`. */
async function inRoomWith(p: Person, others: Person[]): Promise<void> {
  await until(
    () => p.media(),
    (m) => m.classroom === 'room-102' && others.every((o) => m.connected.includes(idOf(o))),
    20_000,
  ).catch(async (err: unknown) => {
    const members = server.classrooms.membersOf('room-102');
    const names = members.map((id) => people.find((o) => idOf(o) === id)?.name ?? id);
    const told = await p.page.textContent('#toast');
    const at = (await p.view()).self;
    throw new Error(
      `${p.name} is not in Room 102's media with ${others.map((o) => o.name).join(', ')} (members: ${names.join(', ')}; at ${JSON.stringify(at)}; last told "${told}")`,
      { cause: err },
    );
  });
}

beforeAll(async () => {
  browser = await launchChromium();
  ({ server, url } = await startCampus({ teaching: { store } }));
}, 60_000);
afterAll(async () => {
  for (const p of people) await p.close().catch(() => {});
  await server?.close();
  await browser?.close();
});

const t0 = Date.now();
const step = (what: string) => console.log(`[lesson ${((Date.now() - t0) / 1000).toFixed(1)} s] ${what}…`);

describe('a lesson in Room 102, four people in Chromium', () => {
  it('the teacher locks the door, admits a knock, mutes all, gives the floor, stages a student and downloads the register', async () => {
    const startedAt = Date.now();
    const token = await freshTeacherToken(store, 'Ms. Rivera', startedAt);
    const rivera = await arrive('Rivera', 'plum', {
      query: `?teacher=${token}`,
      viewport: { width: 1280, height: 720 },
    });
    const ada = await arrive('Ada', 'sky');
    const bo = await arrive('Bo', 'rose', { camera: true });
    const cy = await arrive('Cy', 'moss');
    await until(
      () => rivera.page.textContent('#hud-role'),
      (t) => t === 'Teacher · Ms. Rivera',
    );

    step('the teacher and two students walk into Room 102');
    // The teacher and two students walk into Room 102; the teacher's arrival starts the lesson.
    const map = server.room.map;
    await Promise.all([
      rivera.walkTo(map, { x: 472, y: ROW(7) }),
      ada.walkTo(map, { x: 440, y: ROW(10) }),
      bo.walkTo(map, { x: 590, y: ROW(10) }),
    ]);
    await inRoomWith(rivera, [ada, bo]);
    await inRoomWith(ada, [rivera, bo]);
    await inRoomWith(bo, [rivera, ada]);
    await rivera.page.locator('#lesson-lock').waitFor({ state: 'visible', timeout: 10_000 });

    step('the door locks and Cy knocks');
    // The door locks; Cy, late, is stopped at it like at a full room, and knocks.
    await rivera.page.click('#lesson-lock');
    await until(
      () => rivera.page.getAttribute('#lesson-lock', 'aria-pressed'),
      (v) => v === 'true',
    );
    await cy.walkTo(map, { x: DOOR_X, y: ROW(12) });
    // Refused at the door, the avatar is put back outside.
    await until(
      async () => (await cy.view()).self.y,
      (y) => y >= ROOM_BOTTOM,
    );
    expect((await cy.media()).classroom).toBeUndefined();
    await cy.page.locator('#lesson-knock').waitFor({ state: 'visible', timeout: 10_000 });
    await cy.page.click('#lesson-knock');
    const admit = rivera.page.locator(`[data-admit="${idOf(cy)}"]`);
    await admit.waitFor({ state: 'visible', timeout: 10_000 });
    await admit.click();
    step('Cy, admitted, walks in');
    // Admitted, Cy walks in; the door stays locked for anyone else.
    await until(
      async () => (await cy.walkTo(map, { x: DOOR_X, y: ROW(10) })).y,
      (y) => y < ROOM_BOTTOM,
      15_000,
    );
    await inRoomWith(cy, [rivera, ada, bo]);
    expect(server.classrooms.membersOf('room-102')).toHaveLength(4);

    step('mute all');
    // Mute all, not letting them unmute: each student's outbound audio stops, and nobody hears them.
    for (const student of [ada, bo, cy]) expect(await sentBy(student)).toBeGreaterThan(0);
    expect(await heardFrom(bo, ada)).toBeGreaterThan(0.05);
    if (await rivera.page.isChecked('#lesson-allow-unmute')) await rivera.page.click('#lesson-allow-unmute');
    await rivera.page.click('#lesson-mute-all');
    for (const student of [ada, bo, cy]) {
      await until(
        () => sentBy(student),
        (energy) => energy === 0,
        10_000,
      );
    }
    expect(await heardFrom(rivera, ada)).toBeLessThan(0.01);
    expect(await sentBy(rivera)).toBeGreaterThan(0); // the teacher still speaks
    step('a muted student tries to unmute');
    // A student who tries to unmute is told to raise a hand.
    await ada.page.keyboard.press('KeyM');
    await until(
      () => ada.page.textContent('#toast'),
      (t) => /raise your hand/i.test(t ?? ''),
    );
    expect(await sentBy(ada)).toBe(0);

    step('Ada raises her hand and gets the floor');
    // Ada raises her hand and sees her place; the teacher gives her the floor, and her voice reaches the room again.
    await ada.page.keyboard.press('KeyH');
    await until(
      () => ada.page.textContent('#lesson-queue-place'),
      (t) => /1st/.test(t ?? ''),
    );
    const floor = rivera.page.locator(`[data-floor="${idOf(ada)}"]`);
    await floor.waitFor({ state: 'visible', timeout: 10_000 });
    await floor.click();
    await until(
      () => heardFrom(bo, ada),
      (level) => level > 0.05,
      15_000,
    );
    expect(await heardFrom(cy, ada)).toBeGreaterThan(0.05);
    expect(await sentBy(bo)).toBe(0); // the others stay muted

    step('the teacher stages Bo');
    // The teacher stages Bo: the others see him large, above the grid.
    await rivera.page.locator(`[data-stage="${idOf(bo)}"]`).click();
    for (const p of [ada, cy]) {
      await until(
        () => p.page.getAttribute('#stage', 'data-stage-user'),
        (v) => v === idOf(bo),
      );
      const box = await p.page.locator('#stage').boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(p.page.viewportSize()!.width * 0.3);
      expect(await p.page.isVisible('#stage')).toBe(true);
    }

    step('screenshots');
    // What the teacher and a student see (docs/teaching.md).
    const dir = process.env.UPDATE_SCREENSHOT ? join(repoRoot, 'docs') : join(repoRoot, 'test-results');
    mkdirSync(dir, { recursive: true });
    await rivera.page.screenshot({ path: join(dir, 'teaching-teacher.png') });
    await ada.page.screenshot({ path: join(dir, 'teaching-student.png') });

    step('the register');
    // The register lists the three students with times that make sense.
    await rivera.page.locator('#lesson-register:enabled').waitFor({ timeout: 10_000 });
    const [download] = await Promise.all([
      rivera.page.waitForEvent('download', { timeout: 30_000 }),
      rivera.page.click('#lesson-register'),
    ]).catch(async (err: unknown) => {
      const told = await rivera.page.textContent('#toast');
      throw new Error(
        `no register was saved (last told "${told}"; page errors ${rivera.errors.join('; ')})`,
        {
          cause: err,
        },
      );
    });
    const csv = readFileSync((await download.path())!, 'utf8');
    const rows = csv.trim().split(/\r?\n/).slice(1);
    for (const student of [ada, bo, cy]) {
      const row = rows.find((r) => r.split(',')[1] === idOf(student));
      expect(row, `${student.name} is on the register:\n${csv}`).toBeDefined();
      const [name, , from, to] = row!.split(',');
      expect(name).toBe(student.name);
      expect(Date.parse(from!)).toBeGreaterThanOrEqual(startedAt - 1000);
      expect(Date.parse(from!)).toBeLessThanOrEqual(Date.now());
      expect(to).toBe(''); // still in the room
    }
    for (const p of people) expect(p.errors).toEqual([]);
  }, 600_000);
});
