/**
 * `npm run bench:media`: how long from one person walking into another's enter radius until the first remote audio
 * is decoded, in real Chromium with fake devices, over the one-process server on 127.0.0.1. Runs TRIALS walk-ins and
 * writes the median to docs/benchmarks.md.
 */
import { Person, launchChromium, startCampus, until } from '../e2e/harness';
import { quantile, writeSection } from './report';

const TRIALS = Number(process.env.TRIALS ?? 12);

interface Timing {
  userId: string;
  enteredAt: number;
  linkedAt?: number;
  firstAudioAt?: number;
}

const timings = (p: Person): Promise<Timing[]> =>
  p.page.evaluate(() =>
    (window as unknown as { campusMedia: { timings(): Timing[] } }).campusMedia.timings(),
  );
const links = (p: Person): Promise<string[]> =>
  p.page.evaluate(() => (window as unknown as { campusMedia: { links(): string[] } }).campusMedia.links());

/** Holds a key until the walker's own screen puts her at a distance from `target` that satisfies `done`. */
async function walkUntil(
  p: Person,
  key: string,
  target: { x: number; y: number },
  done: (d: number) => boolean,
): Promise<void> {
  await p.page.keyboard.down(key);
  try {
    await until(
      async () => {
        const { self } = await p.view();
        return Math.hypot(self.x - target.x, self.y - target.y);
      },
      done,
      5000,
    );
  } finally {
    await p.page.keyboard.up(key);
  }
}

async function main(): Promise<void> {
  // Ada starts 144 px east of Bo on the same path; walking west for a second brings her to 64 px (enter radius 80).
  const { server, url } = await startCampus({ spawnOrder: [2, 1] });
  const browser = await launchChromium();
  try {
    const ada = await Person.join(browser, url, 'Ada', 'sky');
    const bo = await Person.join(browser, url, 'Bo', 'rose');
    for (const p of [ada, bo]) {
      await p.page.waitForFunction(() =>
        (window as unknown as { campusMedia?: { ready(): boolean } }).campusMedia?.ready(),
      );
    }
    const boId = (await bo.view()).userId;
    const boAt = (await bo.view()).self;
    const toFirstAudio: number[] = [];
    const toLink: number[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      await walkUntil(ada, 'ArrowLeft', boAt, (d) => d < 64);
      const t = await until(
        async () => (await timings(ada)).find((x) => x.userId === boId),
        (x) => x?.firstAudioAt !== undefined,
        15_000,
      );
      toFirstAudio.push(t!.firstAudioAt! - t!.enteredAt);
      toLink.push((t!.linkedAt ?? t!.enteredAt) - t!.enteredAt);
      // Back out, clear of the exit radius, to the same place each time so trials do not drift.
      await walkUntil(ada, 'ArrowRight', boAt, (d) => d > 140);
      await until(
        () => links(ada),
        (l) => l.length === 0,
        5000,
      );
      await until(
        () => links(bo),
        (l) => l.length === 0,
        5000,
      );
      await new Promise((r) => setTimeout(r, 300));
      process.stdout.write(`trial ${trial + 1}/${TRIALS}: ${Math.round(toFirstAudio.at(-1)!)} ms\n`);
    }
    const sorted = [...toFirstAudio].sort((a, b) => a - b);
    const median = quantile(sorted, 0.5);
    const linkMedian = quantile(
      [...toLink].sort((a, b) => a - b),
      0.5,
    );
    const row = (label: string, v: number): string => `| ${label} | ${Math.round(v)} ms |`;
    const section = [
      '<!-- bench:media -->',
      '## Proximity media: walking into range → first decoded remote audio',
      '',
      'Command: `npm run bench:media` (builds the client; real Chromium with fake camera and microphone; two browser',
      'contexts; the one-process server on 127.0.0.1; PeerJS mesh, no TURN). Each trial, one person walks into the',
      "other's 80 px enter radius; the time runs from the moment their own client sees the distance drop below the",
      'radius to the first audio samples decoded from the other (`getStats`, inbound-rtp `totalSamplesReceived`).',
      `It includes the ${100} ms link debounce. Calls are set up silently while people are within 160 px and carry`,
      'media only once linked, so the measured time is the debounce plus the first packets, not signaling, ICE and DTLS.',
      `${TRIALS} trials, ${new Date().toISOString().slice(0, 10)}, on this 2-core machine.`,
      '',
      '| statistic | time |',
      '| --- | --- |',
      row('median', median),
      row('p90', quantile(sorted, 0.9)),
      row('fastest', sorted[0]!),
      row('slowest', sorted.at(-1)!),
      row('median to link decided (debounce)', linkMedian),
      '',
      `Target: median under 500 ms — ${median < 500 ? 'met' : 'NOT met'}.`,
      '<!-- /bench:media -->',
    ].join('\n');
    writeSection('bench:media', section);
    console.log(
      `\nmedian ${Math.round(median)} ms over ${TRIALS} trials (target < 500 ms); written to docs/benchmarks.md`,
    );
    if (median >= 500) process.exitCode = 1;
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
// PeerJS's signaling server never stops its timers, so the process would not end by itself once everything is closed.
process.exit(process.exitCode ?? 0);
