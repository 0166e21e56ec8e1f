import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { AvatarLook, Point } from '@campus/protocol';
import {
  DEFAULT_CLIENT_DIR,
  DEFAULT_MAP_FILE,
  createStateServer,
  silentLogger,
  type StateServer,
} from '@campus/state-server';

/** Debian's Chromium unless CHROMIUM_PATH says otherwise; tests never download a browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--auto-select-desktop-capture-source=Entire screen',
  // Rendering runs on a timer-driven loop; keep background pages from being throttled.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

/**
 * The one-process server as the README starts it: built client, campus map, Socket.IO and PeerJS on one port.
 * Newcomers spawn round-robin from the courtyard's third spawn on, so runs are repeatable and people start near each other.
 */
export async function startCampus(): Promise<{ server: StateServer; url: string }> {
  if (!existsSync(DEFAULT_CLIENT_DIR))
    throw new Error(`no built client at ${DEFAULT_CLIENT_DIR}: run npm run build first`);
  let next = 2;
  const server = await createStateServer({
    mapFile: DEFAULT_MAP_FILE,
    clientDir: DEFAULT_CLIENT_DIR,
    logger: silentLogger,
    room: { pickSpawn: (count) => next++ % count },
  });
  const port = await server.listen(0);
  return { server, url: `http://127.0.0.1:${port}/` };
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(`Chromium not found at ${CHROMIUM_PATH} (apt-get install -y chromium)`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS, headless: true });
}

/** The read-only view the world scene puts on `window.campusDebug`. */
export interface CampusView {
  userId: string;
  self: Point;
  remoteIds: string[];
  movesSent: number;
  area: string | undefined;
}

/** One person: their own browser context and page, joined into the campus. */
export class Person {
  private constructor(
    readonly name: string,
    readonly context: BrowserContext,
    readonly page: Page,
    /** Uncaught errors on the page since it opened. */
    readonly errors: string[],
  ) {}

  static async join(browser: Browser, url: string, name: string, look: AvatarLook): Promise<Person> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(url);
    await page.locator('#join-name').waitFor({ state: 'visible', timeout: 30_000 });
    await page.fill('#join-name', name);
    await page.click(`.look[data-look="${look}"]`);
    await page.click('#join-submit');
    await page
      .waitForFunction(
        () => (window as unknown as { campusDebug?: unknown }).campusDebug !== undefined,
        null,
        {
          timeout: 30_000,
        },
      )
      .catch((err: unknown) => {
        throw new Error(`${name} never entered the world (page errors: ${errors.join('; ') || 'none'})`, {
          cause: err,
        });
      });
    return new Person(name, context, page, errors);
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

  /** Holds a key down for about `ms`, as a person would. */
  async hold(key: string, ms: number): Promise<void> {
    await this.page.keyboard.down(key);
    await this.page.waitForTimeout(ms);
    await this.page.keyboard.up(key);
  }

  close(): Promise<void> {
    return this.context.close();
  }
}

/** Polls `probe` until `accept` holds, or fails with the last value after `ms`. */
export async function until<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  ms = 10_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  let last = await probe();
  while (!accept(last)) {
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${ms} ms; last value ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
    last = await probe();
  }
  return last;
}
