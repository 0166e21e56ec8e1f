// Walking by pointing (issue 14, item 1) in real Chromium: a phone user taps a spot and walks there round what is in
// the way, sending one move per start, turn and stop; someone on a laptop sees the same walk; a key press ends a walk.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Point } from '@campus/protocol';
import type { StateServer } from '@campus/state-server';
import { findPath } from '@campus/world';
import { Person, launchChromium, startCampus, until } from './harness';

let browser: Browser;
let server: StateServer;
const people: Person[] = [];

interface Pointing {
  selfPosition(): Point;
  selfStroke(): { isMoving: boolean };
  remotePosition(id: string): Point | undefined;
  userId(): string;
  movesSent(): number;
  walkPlan(): number;
  pageOf(p: Point): { x: number; y: number };
}
/** What a person's page says of their own avatar: where, walking or not, moves sent, the walk under way. */
const selfOf = (p: Person) =>
  p.page.evaluate(() => {
    const d = (window as unknown as { campusDebug: Pointing }).campusDebug;
    return {
      at: d.selfPosition(),
      moving: d.selfStroke().isMoving,
      sent: d.movesSent(),
      plan: d.walkPlan(),
      id: d.userId(),
    };
  });
const pageOf = (p: Person, point: Point) =>
  p.page.evaluate((pt) => (window as unknown as { campusDebug: Pointing }).campusDebug.pageOf(pt), point);
const seenBy = (p: Person, id: string) =>
  p.page.evaluate(
    (who) => (window as unknown as { campusDebug: Pointing }).campusDebug.remotePosition(who),
    id,
  );

const near = (a: Point | undefined, b: Point, px = 2): boolean =>
  !!a && Math.abs(a.x - b.x) <= px && Math.abs(a.y - b.y) <= px;

beforeAll(async () => {
  ({ server } = await startCampus({ spawnOrder: [0, 1] }).then(async (campus) => {
    browser = await launchChromium();
    people.push(
      await Person.join(browser, campus.url, 'Ada', 'sky', { viewport: { width: 1024, height: 600 } }),
      await Person.join(browser, campus.url, 'Bo', 'rose', {
        viewport: { width: 390, height: 844 },
        device: { hasTouch: true, isMobile: true, deviceScaleFactor: 2 },
      }),
    );
    return campus;
  }));
}, 120_000);
afterAll(async () => {
  for (const p of people) await p.close().catch(() => {});
  await browser?.close();
  await server?.close();
});

describe('walking by pointing', () => {
  it('a phone user taps a spot on the campus and walks there round what is in the way, seen the same by someone else', async () => {
    const [ada, bo] = people as [Person, Person];
    const map = server.room.map;
    const before = await selfOf(bo);
    const from = before.at;
    // The farthest spot Bo's screen shows (clear of the bars at its top and bottom) that takes at least one turn.
    let target: Point | undefined;
    let tapAt = { x: 0, y: 0 };
    for (const [dx, dy] of [
      [6, -8],
      [5, -6],
      [4, -6],
      [5, 6],
      [4, -4],
      [3, -3],
      [3, 3],
      [2, -2],
    ] as const) {
      const spot = { x: from.x + dx * 16, y: from.y + dy * 16 };
      const at = await pageOf(bo, spot);
      const corners = findPath(map, from, spot);
      if (at.x < 20 || at.x > 370 || at.y < 80 || at.y > 700 || !corners || corners.length < 2) continue;
      if (!near(corners.at(-1), spot, 0.5)) continue;
      target = spot;
      tapAt = at;
      break;
    }
    if (!target) throw new Error(`no spot with a turn on Bo's screen around ${JSON.stringify(from)}`);
    await bo.page.touchscreen.tap(tapAt.x, tapAt.y);
    const { plan } = await until(
      () => selfOf(bo),
      (s) => s.plan > 0,
      5000,
    );
    const arrived = await until(
      () => selfOf(bo),
      // Where the finger landed: within a quarter tile of the spot (the camera follows the avatar, easing).
      (s) => !s.moving && near(s.at, target, 4),
      30_000,
    );
    // One message per start, turn and stop: the path's turns plus two.
    const turns = plan - 2;
    expect(turns).toBeGreaterThanOrEqual(1);
    expect(arrived.sent - before.sent).toBe(turns + 2);
    // Ada's browser and the server hold Bo where his own does.
    await until(
      () => seenBy(ada, before.id),
      (p) => near(p, arrived.at, 1),
      10_000,
    );
    expect(near(server.room.positionOf(before.id)?.position, arrived.at, 1)).toBe(true);
  });

  it('a click walks on a laptop, and a walk key ends the walk at once', async () => {
    const [ada] = people as [Person, Person];
    const from = (await selfOf(ada)).at;
    const target = { x: from.x + 12 * 16, y: from.y };
    const clickAt = await pageOf(ada, target);
    await ada.page.mouse.click(clickAt.x, clickAt.y);
    await until(
      () => selfOf(ada),
      (s) => s.plan > 0,
      5000,
    );
    await ada.page.waitForTimeout(400);
    await ada.page.keyboard.down('ArrowDown');
    await ada.page.waitForTimeout(150);
    await ada.page.keyboard.up('ArrowDown');
    const { at: stoppedAt } = await until(
      () => selfOf(ada),
      (s) => s.plan === 0 && !s.moving,
      5000,
    );
    // Stopped short of the target, a little below the line it walked along.
    expect(stoppedAt.x).toBeLessThan(target.x - 16);
    expect(stoppedAt.y).toBeGreaterThan(from.y);
  });
});
