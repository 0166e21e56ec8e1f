// Walking by pointing and on a phone (issue 14, items 1 and 2) in real Chromium: a phone user taps a spot and walks
// there round what is in the way, sending one move per start, turn and stop; someone on a laptop sees the same walk; a
// key press ends a walk; the touch stick walks; the chat works as a bottom sheet on a phone held upright.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Point } from '@campus/protocol';
import type { StateServer } from '@campus/state-server';
import { findPath } from '@campus/world';
import { Person, launchChromium, startCampus, until } from './harness';

let browser: Browser;
let server: StateServer;
let url: string;
const people: Person[] = [];
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

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
  ({ server, url } = await startCampus({ spawnOrder: [0, 1] }).then(async (campus) => {
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

  it('the touch stick appears under the thumb and walks that way: one move to start, one to stop, and no tap', async () => {
    const [ada, bo] = people as [Person, Person];
    const map = server.room.map;
    const before = await selfOf(bo);
    // The way with the most open floor ahead of Bo.
    const ways = [
      ['right', 1, 0],
      ['left', -1, 0],
      ['down', 0, 1],
      ['up', 0, -1],
    ] as const;
    const open = ([, dx, dy]: (typeof ways)[number]): number => {
      let n = 0;
      const c = Math.floor(before.at.x / 16);
      const r = Math.floor(before.at.y / 16);
      while (n < 8 && !map.isBlockedTile(c + dx * (n + 1), r + dy * (n + 1))) n++;
      return n;
    };
    const best = [...ways].sort((a, b) => open(b) - open(a))[0]!;
    expect(open(best), `open floor ahead of Bo at ${JSON.stringify(before.at)}`).toBeGreaterThanOrEqual(3);
    const [, dx, dy] = best;
    const cdp = await bo.page.context().newCDPSession(bo.page);
    const thumb = { x: 195, y: 560 };
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', x: number, y: number) =>
      cdp.send('Input.dispatchTouchEvent', {
        type,
        touchPoints: type === 'touchEnd' ? [] : [{ x, y, id: 1 }],
      });
    await touch('touchStart', thumb.x, thumb.y);
    for (const k of [0.25, 0.5, 0.75, 1])
      await touch('touchMove', thumb.x + dx * 40 * k, thumb.y + dy * 40 * k);
    await until(
      () => selfOf(bo),
      (s) => s.moving,
      5000,
    );
    const stick = await bo.page.locator('#stick').boundingBox();
    expect(stick && Math.abs(stick.x + stick.width / 2 - thumb.x) <= 2).toBe(true);
    await bo.page.waitForTimeout(400);
    await touch('touchEnd', 0, 0);
    const stopped = await until(
      () => selfOf(bo),
      (s) => !s.moving,
      5000,
    );
    expect(await bo.page.isHidden('#stick')).toBe(true);
    const moved = { x: stopped.at.x - before.at.x, y: stopped.at.y - before.at.y };
    expect(dx ? Math.sign(moved.x) : Math.sign(moved.y)).toBe(dx || dy);
    expect(dx ? moved.y : moved.x).toBe(0);
    expect(stopped.sent - before.sent).toBe(2);
    expect(stopped.plan).toBe(0); // letting go was no tap: no walk to where the thumb was
    await until(
      () => seenBy(ada, before.id),
      (p) => near(p, stopped.at, 1),
      10_000,
    );
    // Steered out and back to where the thumb landed before lifting: the avatar stops, and the lift is still no tap.
    await touch('touchStart', thumb.x, thumb.y);
    for (const k of [0.5, 1]) await touch('touchMove', thumb.x + dx * 40 * k, thumb.y + dy * 40 * k);
    await until(
      () => selfOf(bo),
      (s) => s.moving,
      5000,
    );
    await touch('touchMove', thumb.x, thumb.y);
    await until(
      () => selfOf(bo),
      (s) => !s.moving,
      5000,
    );
    await touch('touchEnd', 0, 0);
    await bo.page.waitForTimeout(300);
    const after = await selfOf(bo);
    expect(after.plan).toBe(0);
    expect(after.moving).toBe(false);
  });

  it('on a phone held upright, the chat is a sheet from the bottom that opens, sends and closes by touch', async () => {
    const [, bo] = people as [Person, Person];
    const tap = async (selector: string): Promise<void> => {
      const box = (await bo.page.locator(selector).boundingBox())!;
      await bo.page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
    };
    // Nothing runs off the side of the screen.
    expect(await bo.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // The zoom buttons, by thumb: a step in, and back.
    const zoom = (): Promise<number> =>
      bo.page.evaluate(() => (window as unknown as { campusDebug: { zoom(): number } }).campusDebug.zoom());
    const usual = await zoom();
    await tap('#zoom-in');
    await until(zoom, (z) => z === usual + 1);
    await tap('#zoom-out');
    await until(zoom, (z) => z === usual);
    await tap('#chat-toggle');
    await bo.page.locator('#chat').waitFor({ state: 'visible' });
    const sheet = (await bo.page.locator('#chat').boundingBox())!;
    expect(sheet.x).toBe(0);
    expect(sheet.width).toBe(390);
    expect(sheet.y + sheet.height).toBeCloseTo(844, 0);
    // The top of the campus stays in view, and the view moves up so the avatar stands in it, clear of the sheet.
    expect(sheet.y).toBeGreaterThanOrEqual(844 * 0.4 - 1);
    const { at } = await selfOf(bo);
    await until(
      () => pageOf(bo, at),
      (p) => p.y > 60 && p.y < sheet.y - 40,
      5000,
    );
    // The message box is where a thumb reaches it, and nothing lies over it.
    const input = (await bo.page.locator('#chat-input').boundingBox())!;
    expect(input.height).toBeGreaterThanOrEqual(44);
    expect(
      await bo.page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.id, {
        x: input.x + input.width / 2,
        y: input.y + input.height / 2,
      }),
    ).toBe('chat-input');
    await bo.page.keyboard.type('Hello from my phone');
    await tap('#chat-form button[type="submit"]');
    await until(
      () => bo.conversation(),
      (log) => log.some((m) => m.text === 'Hello from my phone'),
    );
    // What a phone user sees (docs/accessibility.md, README).
    const dir = process.env.UPDATE_SCREENSHOT ? join(repoRoot, 'docs') : join(repoRoot, 'test-results');
    mkdirSync(dir, { recursive: true });
    await bo.page.screenshot({ path: join(dir, 'phone.png') });
    await tap('#chat-close');
    await bo.page.locator('#chat').waitFor({ state: 'hidden' });
    expect(await bo.page.isVisible('#chat-toggle')).toBe(true);
    // With the sheet gone, the avatar is back in the middle of the screen.
    await until(
      () => pageOf(bo, at),
      (p) => Math.abs(p.y - 844 / 2) < 24,
      5000,
    );
  });

  it('a double click on someone in the people list walks up to them', async () => {
    const [ada, bo] = people as [Person, Person];
    const boAt = (await selfOf(bo)).at;
    const boId = (await selfOf(bo)).id;
    await ada.openChat('People');
    await ada.page.dblclick(`#chat-people li[data-user-id="${boId}"] .who`);
    await until(
      () => selfOf(ada),
      (s) => s.plan > 0,
      5000,
    );
    const arrived = await until(
      () => selfOf(ada),
      (s) => s.plan === 0 && !s.moving,
      30_000,
    );
    // Beside Bo, a step short, not on top of him.
    const gap = Math.hypot(arrived.at.x - boAt.x, arrived.at.y - boAt.y);
    expect(gap).toBeGreaterThan(4);
    expect(gap).toBeLessThanOrEqual(24);
  });

  it('on a tablet on its side, the chat keeps to the side and the avatar stays in view beside it', async () => {
    const cy = await Person.join(browser, url, 'Cy', 'moss', {
      viewport: { width: 1180, height: 820 },
      device: { hasTouch: true, isMobile: true, deviceScaleFactor: 2 },
    });
    try {
      const box = (await cy.page.locator('#chat-toggle').boundingBox())!;
      await cy.page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
      await cy.page.locator('#chat').waitFor({ state: 'visible' });
      const chat = (await cy.page.locator('#chat').boundingBox())!;
      expect(chat.width).toBeLessThanOrEqual(1180 * 0.4);
      expect(chat.x + chat.width).toBeGreaterThan(1180 - 20);
      const me = await pageOf(cy, (await selfOf(cy)).at);
      expect(me.x).toBeLessThan(chat.x - 16);
      expect(await cy.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1180);
      // Thumb-sized controls, clear of the chat beside them.
      const mic = (await cy.page.locator('#mic-toggle').boundingBox())!;
      expect(mic.height).toBeGreaterThanOrEqual(40);
      const controls = (await cy.page.locator('#media-controls').boundingBox())!;
      expect(controls.x + controls.width).toBeLessThanOrEqual(chat.x);
    } finally {
      await cy.close();
    }
  });
});
