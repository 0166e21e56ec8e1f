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

export interface Traffic {
  sent: number;
  /** Bytes received per inbound stream (ssrc and connection), to count the streams that flow. */
  inbound: Record<string, number>;
}

export function traffic(page: Page): Promise<Traffic> {
  return page.evaluate(async () => {
    const pcs = (window as unknown as { benchPcs: RTCPeerConnection[] }).benchPcs;
    let sent = 0;
    const inbound: Record<string, number> = {};
    for (const [i, pc] of pcs.entries()) {
      if (pc.connectionState === 'closed') continue;
      const report = await pc.getStats();
      report.forEach(
        (s: { type: string; bytesSent?: number; bytesReceived?: number; ssrc?: number; kind?: string }) => {
          if (s.type === 'outbound-rtp') sent += s.bytesSent ?? 0;
          if (s.type === 'inbound-rtp') inbound[`${i}:${s.kind}:${s.ssrc}`] = s.bytesReceived ?? 0;
        },
      );
    }
    return { sent, inbound };
  });
}

/** Upstream kbit/s and the inbound streams that carried media over MEASURE_MS. */
export async function measure(page: Page): Promise<{ upKbps: number; streams: number }> {
  const before = await traffic(page);
  await new Promise((r) => setTimeout(r, MEASURE_MS));
  const after = await traffic(page);
  const streams = Object.entries(after.inbound).filter(([k, v]) => v > (before.inbound[k] ?? 0)).length;
  return { upKbps: ((after.sent - before.sent) * 8) / MEASURE_MS, streams };
}

/** A person in their own browser context whose page's RTCPeerConnections are tracked, with media ready. */
export async function joinPerson(
  browser: Awaited<ReturnType<typeof launchChromium>>,
  url: string,
  name: string,
  /** The people not measured get a small window: two cores cannot draw many large ones. */
  small = false,
): Promise<Person> {
  const person = await Person.join(browser, url, name, 'sky', {
    prepare: trackPeerConnections,
    ...(small ? { viewport: { width: 480, height: 320 } } : {}),
  });
  await person.page.waitForFunction(
    () => (window as unknown as { campusMedia?: { ready(): boolean } }).campusMedia?.ready(),
    null,
    { timeout: 60_000 },
  );
  return person;
}
