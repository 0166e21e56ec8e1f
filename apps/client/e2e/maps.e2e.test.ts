import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { OFFICE, writeTestMap } from '@campus/test-maps';
import type { StateServer } from '@campus/state-server';
import { Person, launchChromium, startCampus, until } from './harness';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..');

let server: StateServer;
let url: string;
let browser: Browser;
const people: Person[] = [];
/** Every /world/ request the page made that did not succeed. */
const failed: string[] = [];

beforeAll(async () => {
  // A map as another tool's author saves it: external .tsx tilesets, zlib and gzip layers in nested groups, a hidden
  // start layer, tile-object furniture (a table from a .tx template), a meeting zone of class "area".
  const { mapFile } = writeTestMap('office', mkdtempSync(join(tmpdir(), 'campus-e2e-office-')));
  ({ server, url } = await startCampus({ mapFile, spawnOrder: [0] }));
  browser = await launchChromium();
});

afterAll(async () => {
  for (const p of people.splice(0)) await p.close();
  await browser?.close();
  await server?.close();
});

describe('a map made for another tool, as it is', () => {
  it('draws, and a person starts on its start tile, is stopped by the table, and walks into the zone’s classroom', async () => {
    const ada = await Person.join(browser, url, 'Ada', 'sky');
    people.push(ada);
    ada.page.on('response', (res) => {
      if (res.url().includes('/world/') && !res.ok()) failed.push(`${res.status()} ${res.url()}`);
    });
    const [sx, sy] = OFFICE.spawnTile;
    expect((await ada.view()).self).toEqual({ x: sx * 16 + 8, y: sy * 16 + 8 });

    // Walking right along row 9: the table's collision shape starts at x = 98, in tile column 6, so the body
    // (5 px either side of the feet) stops at the edge of that column, long before the wall at column 11.
    const atTable = await ada.walk([{ x: 170 }]);
    expect(atTable.y).toBe(sy * 16 + 8);
    expect(atTable.x).toBeGreaterThan(OFFICE.table.column * 16 - 5 - 1.5);
    expect(atTable.x).toBeLessThanOrEqual(OFFICE.table.column * 16 - 5);

    // Up into the door's rows (6 and 7: feet between y 102 and 128; aimed low, as a late key-up overshoots upwards),
    // through it and into the Quiet Room, which is a zone with a jitsiRoom property.
    const atDoor = await ada.walk([{ y: (OFFICE.doorRows[1]! + 1) * 16 - 4 }]);
    expect(atDoor.y).toBeGreaterThanOrEqual(OFFICE.doorRows[0]! * 16 + 6);
    await ada.walk([{ x: 260 }]);
    await until(
      () => ada.view(),
      (v) => v.area === OFFICE.room.id,
    );
    expect(await ada.page.textContent('#hud-area')).toContain('Quiet Room');
    expect(ada.errors).toEqual([]);
    expect(failed).toEqual([]);

    const dir = process.env.UPDATE_SCREENSHOT ? join(repoRoot, 'docs') : join(repoRoot, 'test-results');
    mkdirSync(dir, { recursive: true });
    await ada.page.screenshot({ path: join(dir, 'office-map.png') });
  });
});
