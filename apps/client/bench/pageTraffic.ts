import type { BrowserContext, Page } from 'playwright-core';
import { Person, type launchChromium } from '../e2e/harness';

/** How long traffic is counted for one figure. */
export const MEASURE_MS = 5000;

/** Every RTCPeerConnection a page makes, so its traffic can be read whatever library made it. */
export async function trackPeerConnections(context: BrowserContext): Promise<void> {
  // tsx compiles with esbuild's keepNames, whose `__name` helper then appears in functions sent to the page.
  await context.addInitScript('globalThis.__name = (fn) => fn;');
  await context.addInitScript(() => {
    const pcs: RTCPeerConnection[] = [];
    const Original = window.RTCPeerConnection;
    window.RTCPeerConnection = class extends Original {
      constructor(config?: RTCConfiguration) {
        super(config);
        pcs.push(this);
      }
    };
    (window as unknown as { benchPcs: RTCPeerConnection[] }).benchPcs = pcs;
  });
}

/**
 * Makes a context's pages draw at most `fps` frames a second, by pacing requestAnimationFrame. Every page here draws
 * the campus with software WebGL in one shared GPU process, which takes most of a core for three pages at full
 * rate; where only the media is measured, the pages need not be drawn smoothly. Walking and media keep their own
 * clocks, so they are not slowed.
 */
export async function drawAtMost(context: BrowserContext, fps: number): Promise<void> {
  await context.addInitScript((interval: number) => {
    const raf = window.requestAnimationFrame.bind(window);
    // Every callback of one frame gets the same time: a frame that is let through is let through for all of them.
    let shown = -Infinity;
    window.requestAnimationFrame = (callback) =>
      raf(function paced(time) {
        if (time !== shown && time - shown < interval - 1) return void raf(paced);
        shown = time;
        callback(time);
      });
  }, 1000 / fps);
}

export interface Traffic {
  /** Bytes sent per open RTCPeerConnection (by its index in the page's list, which only grows). */
  sent: Record<number, number>;
  /** When each connection's figures were taken, on the page's clock (the stats' own timestamp, ms). */
  at: Record<number, number>;
  /** Bytes received per inbound stream (ssrc and connection), to count the streams that flow. */
  inbound: Record<string, number>;
}

export function traffic(page: Page): Promise<Traffic> {
  return page.evaluate(async () => {
    const pcs = (window as unknown as { benchPcs: RTCPeerConnection[] }).benchPcs;
    const sent: Record<number, number> = {};
    const at: Record<number, number> = {};
    const inbound: Record<string, number> = {};
    for (const [i, pc] of pcs.entries()) {
      if (pc.connectionState === 'closed') continue;
      const report = await pc.getStats();
      report.forEach(
        (s: {
          type: string;
          timestamp: number;
          bytesSent?: number;
          bytesReceived?: number;
          ssrc?: number;
          kind?: string;
        }) => {
          if (s.type === 'outbound-rtp') {
            sent[i] = (sent[i] ?? 0) + (s.bytesSent ?? 0);
            at[i] = s.timestamp;
          }
          if (s.type === 'inbound-rtp') inbound[`${i}:${s.kind}:${s.ssrc}`] = s.bytesReceived ?? 0;
        },
      );
    }
    return { sent, at, inbound };
  });
}

/**
 * Upstream kbit/s and the inbound streams that carried media over MEASURE_MS. Upstream sums what each connection
 * open at the end sent meanwhile (all of it for one opened meanwhile), so a call closing or placed again on a busy
 * machine does not take its earlier bytes out of the sum.
 */
export async function measure(page: Page): Promise<{ upKbps: number; streams: number }> {
  const before = await traffic(page);
  await new Promise((r) => setTimeout(r, MEASURE_MS));
  const after = await traffic(page);
  const streams = Object.entries(after.inbound).filter(([k, v]) => v > (before.inbound[k] ?? 0)).length;
  let sent = 0;
  for (const [i, bytes] of Object.entries(after.sent))
    sent += Math.max(0, bytes - (before.sent[Number(i)] ?? 0));
  // Over the time that passed on the page between its two readings: a busy page reads its figures seconds late, and
  // dividing by the 5 s this process waited would count those seconds' bytes as if sent in 5.
  const spans = Object.keys(after.at)
    .map(Number)
    .filter((i) => before.at[i] !== undefined)
    .map((i) => after.at[i]! - before.at[i]!);
  const spanMs = spans.length > 0 ? spans.reduce((a, b) => a + b, 0) / spans.length : MEASURE_MS;
  return { upKbps: (sent * 8) / spanMs, streams };
}

/** A person in their own browser context whose page's RTCPeerConnections are tracked, with media ready. */
export async function joinPerson(
  browser: Awaited<ReturnType<typeof launchChromium>>,
  url: string,
  name: string,
  /** The people not measured get a small window: two cores cannot draw many large ones. */
  small = false,
  /** Draw at most this many frames a second (see `drawAtMost`). */
  fps?: number,
): Promise<Person> {
  const person = await Person.join(browser, url, name, 'sky', {
    prepare: async (context) => {
      await trackPeerConnections(context);
      if (fps) await drawAtMost(context, fps);
    },
    ...(small ? { viewport: { width: 480, height: 320 } } : {}),
  });
  await person.page.waitForFunction(
    () => (window as unknown as { campusMedia?: { ready(): boolean } }).campusMedia?.ready(),
    null,
    { timeout: 60_000 },
  );
  return person;
}
