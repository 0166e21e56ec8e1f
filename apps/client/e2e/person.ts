/**
 * One person in the end-to-end tests: their own browser context and page, joined into the campus, with what they can
 * do (walk, chat, reload) and what the tests read from their page (the campus view, media, link stats, partings).
 */
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import type { AvatarLook, Point } from '@campus/protocol';
import { WALK_SPEED, findPath, type WorldMap } from '@campus/world';
import { until } from './until';

/** The read-only view the world scene puts on `window.campusDebug`. */
export interface CampusView {
  userId: string;
  self: Point;
  remoteIds: string[];
  movesSent: number;
  area: string | undefined;
}

/** The read-only view the media controller puts on `window.campusMedia`. */
export interface MediaView {
  links: string[];
  connected: string[];
  refusedCalls: number;
  classroom: string | undefined;
}

/** One link's receiving side, from `getStats()`. */
export interface LinkStats {
  audioBytesReceived: number;
  /** The received audio's total energy (mesh links only). */
  audioEnergy?: number;
  videoFramesDecoded: number;
  relayed: boolean;
}

/** One person: their own browser context and page, joined into the campus. */
export class Person {
  /** Uncaught errors on the page since it opened. */
  readonly errors: string[] = [];

  private constructor(
    readonly name: string,
    readonly context: BrowserContext,
    public page: Page,
    private readonly url: string,
  ) {
    this.watch(page);
  }

  static async join(
    browser: Browser,
    url: string,
    name: string,
    look: AvatarLook,
    options: {
      /** Runs on the new context before the page opens (e.g. an init script). */
      prepare?: (context: BrowserContext) => Promise<void>;
      /** A smaller window draws less: benchmarks with many people give most of them a small one. */
      viewport?: { width: number; height: number };
      /** A phone or tablet: touch, a mobile viewport. */
      device?: Pick<BrowserContextOptions, 'hasTouch' | 'isMobile' | 'deviceScaleFactor'>;
    } = {},
  ): Promise<Person> {
    const viewport = options.viewport ?? { width: 1280, height: 720 };
    const context = await browser.newContext({ viewport, ...options.device });
    await options.prepare?.(context);
    const person = new Person(name, context, await context.newPage(), url);
    await person.page.goto(url, { timeout: 60_000 });
    await person.enter(name, look);
    return person;
  }

  /** Closes the tab but keeps the browser profile (localStorage), as when someone closes the campus and comes back. */
  async closeTab(): Promise<void> {
    await this.page.close();
  }

  /** Opens the campus again in this browser and enters with the remembered name and look. */
  async reopen(): Promise<void> {
    if (!this.page.isClosed()) await this.page.close();
    this.page = await this.context.newPage();
    this.watch(this.page);
    await this.page.goto(this.url);
    await this.enter();
  }

  /** Reloads the page and enters again with the remembered name and look. */
  async reload(): Promise<void> {
    await this.page.reload();
    await this.enter();
  }

  /** Fills the join form (or keeps what it remembers) and waits until the world is shown. */
  private async enter(name?: string, look?: AvatarLook): Promise<void> {
    await this.page.locator('#join-name').waitFor({ state: 'visible', timeout: 30_000 });
    if (name !== undefined) await this.page.fill('#join-name', name);
    if (look !== undefined) await this.page.click(`.look[data-look="${look}"]`);
    await this.page.click('#join-submit');
    await this.page
      .waitForFunction(
        () => (window as unknown as { campusDebug?: unknown }).campusDebug !== undefined,
        null,
        { timeout: 30_000 },
      )
      .catch((err: unknown) => {
        throw new Error(
          `${this.name} never entered the world (page errors: ${this.errors.join('; ') || 'none'})`,
          { cause: err },
        );
      });
  }

  private watch(page: Page): void {
    page.on('pageerror', (err) => this.errors.push(err.message));
  }

  /** Opens the chat panel and the tab with this label (Nearby, People, a person's name, a room's name). */
  async openChat(tab = 'Nearby'): Promise<void> {
    if (await this.page.isVisible('#chat-toggle')) await this.page.click('#chat-toggle');
    await this.page.locator('.chat-tab', { hasText: tab }).first().click();
  }

  /** Types a message in the open conversation and sends it with Enter. */
  async say(text: string): Promise<void> {
    await this.page.fill('#chat-input', text);
    await this.page.press('#chat-input', 'Enter');
  }

  /** The open conversation as the person reads it: author, text and, for their own, the delivery note. */
  conversation(): Promise<Array<{ who: string; text: string; meta: string }>> {
    return this.page.$$eval('#chat-log .msg', (nodes) =>
      nodes.map((n) => ({
        who: n.querySelector('.who')?.textContent ?? '',
        text: n.querySelector('.text')?.textContent ?? '',
        meta: n.querySelector('.meta')?.textContent ?? '',
      })),
    );
  }

  /** The unread count on a conversation's tab in the open chat panel (0 when none is shown or no such tab). */
  async tabUnread(label: string): Promise<number> {
    const badge = this.page.locator('.chat-tab', { hasText: label }).locator('.badge');
    return (await badge.count()) === 0 ? 0 : Number(await badge.first().textContent());
  }

  /** The unread count on the chat button (0 when none is shown). */
  async unreadBadge(): Promise<number> {
    if (!(await this.page.isVisible('#chat-unread'))) return 0;
    return Number(await this.page.textContent('#chat-unread'));
  }

  view(): Promise<CampusView> {
    return this.page.evaluate(() => {
      type Debug = {
        userId(): string;
        selfPosition(): Point;
        remoteIds(): string[];
        movesSent(): number;
        area(): string | undefined;
      };
      const d = (window as unknown as { campusDebug: Debug }).campusDebug;
      return {
        userId: d.userId(),
        self: d.selfPosition(),
        remoteIds: d.remoteIds(),
        movesSent: d.movesSent(),
        area: d.area(),
      };
    });
  }

  /** Where this person's screen shows another user, or undefined if it does not show them. */
  seen(userId: string): Promise<Point | undefined> {
    return this.page.evaluate(
      (id) =>
        (
          window as unknown as { campusDebug: { remotePosition(id: string): Point | undefined } }
        ).campusDebug.remotePosition(id),
      userId,
    );
  }

  /** Who this person is linked and connected with, as their media controller sees it. */
  media(): Promise<MediaView> {
    return this.page.evaluate(() => {
      type Media = {
        links(): string[];
        connected(): string[];
        refusedCalls(): number;
        classroom(): string | undefined;
      };
      const m = (window as unknown as { campusMedia: Media }).campusMedia;
      return {
        links: m.links(),
        connected: m.connected(),
        refusedCalls: m.refusedCalls(),
        classroom: m.classroom(),
      };
    });
  }

  /** What this person's browser receives from another user, or undefined without a call. */
  linkStats(userId: string): Promise<LinkStats | undefined> {
    return this.page.evaluate(
      (id) =>
        (
          window as unknown as { campusMedia: { stats(id: string): Promise<LinkStats | undefined> } }
        ).campusMedia.stats(id),
      userId,
    );
  }

  /** Resolves once audio bytes and decoded video frames from `userId` keep growing here. */
  async receivesLiveMedia(userId: string): Promise<void> {
    const first = await until(
      () => this.linkStats(userId),
      (s) => !!s && s.audioBytesReceived > 0 && s.videoFramesDecoded > 0,
      15_000,
    );
    await new Promise((r) => setTimeout(r, 1000));
    const later = await this.linkStats(userId);
    if (
      !later ||
      later.audioBytesReceived <= first!.audioBytesReceived ||
      later.videoFramesDecoded <= first!.videoFramesDecoded
    ) {
      throw new Error(`media from ${userId} to ${this.name} stopped: ${JSON.stringify({ first, later })}`);
    }
  }

  /**
   * Starts timing, frame by frame on this page's own clock, the moment `other` (as this screen shows them) is out —
   * farther than `out.radius`, or below `out.belowY` (walked out of a room) — and the moment this page lets go of them:
   * no longer in `list` (its proximity links, whom it receives through the SFU, or its classroom's connected people).
   * With `other` set to this page's own user id and `list` 'classroom', it times leaving the room's media itself.
   * Read the two with `parted()`; timed in the page, the figure does not depend on how busy the test driver is.
   */
  watchParting(
    other: string,
    out: number | { belowY: number },
    list: 'links' | 'sfu' | 'classroom',
  ): Promise<void> {
    return this.page.evaluate(
      ({ other, out, list }) => {
        type Debug = {
          userId(): string;
          selfPosition(): { x: number; y: number };
          remotePosition(id: string): { x: number; y: number } | undefined;
        };
        type Media = {
          links(): string[];
          connected(): string[];
          classroom(): string | undefined;
          nearby(): { receiving: string[] };
        };
        const w = window as unknown as {
          campusDebug: Debug;
          campusMedia: Media;
          parted?: { held: boolean; out?: number; gone?: number };
        };
        const isSelf = other === w.campusDebug.userId();
        const isOut = (): boolean => {
          const self = w.campusDebug.selfPosition();
          const them = isSelf ? self : w.campusDebug.remotePosition(other);
          if (!them) return true;
          return typeof out === 'number'
            ? Math.hypot(them.x - self.x, them.y - self.y) > out
            : them.y >= out.belowY;
        };
        const holds = (): boolean => {
          const m = w.campusMedia;
          if (list === 'links') return m.links().includes(other);
          if (list === 'sfu') return m.nearby().receiving.includes(other);
          return isSelf ? m.classroom() !== undefined : m.connected().includes(other);
        };
        // A page that never held them has nothing to let go of: parted() refuses to time that.
        const record: { held: boolean; out?: number; gone?: number } = { held: holds() };
        w.parted = record;
        const frame = (): void => {
          const now = performance.now();
          if (record.out === undefined && isOut()) record.out = now;
          if (record.out !== undefined && !holds()) record.gone = now;
          if (record.gone === undefined) requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      },
      { other, out, list },
    );
  }

  /** How long (ms) after `other` was out this page let go of them, once it has (see watchParting). */
  async parted(): Promise<number> {
    const t = await until(
      () =>
        this.page.evaluate(
          () => (window as unknown as { parted?: { held: boolean; out?: number; gone?: number } }).parted,
        ),
      (t) => t?.gone !== undefined,
      5000,
    );
    if (!t!.held)
      throw new Error(`${this.name} was not holding the one it was asked to time the parting from`);
    console.log(`${this.name} let go ${Math.round(t!.gone! - t!.out!)} ms after the parting`);
    return t!.gone! - t!.out!;
  }

  /** Where this person's own screen shows them once their avatar has stopped moving. */
  async restingPosition(): Promise<Point> {
    const [settled] = await until(
      async () => {
        const before = (await this.view()).self;
        await new Promise((r) => setTimeout(r, 100));
        return [before, (await this.view()).self] as const;
      },
      ([a, b]) => a.x === b.x && a.y === b.y,
    );
    return settled;
  }

  /**
   * Walks a path of straight legs with the arrow keys: each leg presses one key and lets it go when the avatar, at
   * walking speed, reaches the leg's target (a wall or a shut door may stop it sooner). Keys are pressed in the page,
   * each event dated with the time it stands for, and the next waits for the frame that takes it in: a stroke starts
   * and stops at the key's time, so a page too busy to draw, or a late timer, does not move where the avatar stops.
   */
  async walk(legs: ReadonlyArray<{ x: number } | { y: number }>): Promise<Point> {
    await this.page.evaluate(
      async ({ path, speed }) => {
        type Debug = {
          selfPosition(): { x: number; y: number };
          selfStroke(): { isMoving: boolean; startedAt: number; frames: number };
        };
        const debug = (window as unknown as { campusDebug: Debug }).campusDebug;
        const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
        /** Sends a key event dated `at` and waits for the frame that takes it in: the avatar's stroke then. */
        const key = async (type: 'keydown' | 'keyup', code: string, at: number) => {
          const event = new KeyboardEvent(type, { code, key: code, bubbles: true });
          Object.defineProperty(event, 'timeStamp', { value: at });
          const frames = debug.selfStroke().frames;
          window.dispatchEvent(event);
          while (debug.selfStroke().frames === frames) await sleep(5);
          return debug.selfStroke();
        };
        for (const leg of path) {
          const axis = 'x' in leg ? 'x' : 'y';
          const target = 'x' in leg ? leg.x : leg.y;
          // A page that stalled for seconds stops where it was as far back as the client dates a stop, past the
          // target: it walks back the rest, as a person would.
          for (let attempt = 0; attempt < 4; attempt++) {
            const start = debug.selfPosition()[axis];
            if (Math.abs(target - start) < 0.5) break;
            const sign = target > start ? 1 : -1;
            const code =
              axis === 'x' ? (sign > 0 ? 'ArrowRight' : 'ArrowLeft') : sign > 0 ? 'ArrowDown' : 'ArrowUp';
            // Against a wall or a closed door the avatar only turns, without walking. A page that took the key in
            // late starts the stroke a little after the key went down: the key comes up as long after that.
            const stroke = await key('keydown', code, performance.now());
            // Let go at once of a key that only turned the avatar: left down, it would take over again later.
            if (!stroke.isMoving) await key('keyup', code, performance.now());
            if (!stroke.isMoving) break;
            const releaseAt = stroke.startedAt + (Math.abs(target - start) / speed) * 1000;
            await sleep(releaseAt - performance.now());
            await key('keyup', code, releaseAt);
            if (Math.abs(debug.selfPosition()[axis] - start) < 0.5) break; // blocked
          }
        }
      },
      { path: legs, speed: WALK_SPEED },
    );
    return this.restingPosition();
  }

  /**
   * Walks to `target` by the shortest way the map allows (the path finder's legs, walked with the arrow keys as in
   * `walk`); stops early where something the map does not know of (a locked door) holds the avatar back.
   */
  async walkTo(map: WorldMap, target: Point): Promise<Point> {
    const path = findPath(map, (await this.view()).self, target);
    if (!path) throw new Error(`${this.name} has no way to ${JSON.stringify(target)}`);
    let from = (await this.view()).self;
    const legs = path.map((p) => {
      const leg = p.x !== from.x ? { x: p.x } : { y: p.y };
      from = p;
      return leg;
    });
    return this.walk(legs);
  }

  /** Holds a key down for about `ms`, as a person would. */
  async hold(key: string, ms: number): Promise<void> {
    await this.page.keyboard.down(key);
    await this.page.waitForTimeout(ms);
    await this.page.keyboard.up(key);
  }

  /** Closes this person's whole browser profile. */
  close(): Promise<void> {
    return this.context.close();
  }
}
