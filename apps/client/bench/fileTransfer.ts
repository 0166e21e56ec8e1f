/**
 * `npm run bench:media` (file part): how fast a file goes between two browsers on loopback, and how much a teacher
 * uploads when a room of three takes her file. Real Chromium, the one-process server; files offered and accepted
 * through the chat's cards as people do. Throughput is the receiver's own time from its first chunk to its last
 * (offer, hashing and the final check are not in it), median of RUNS transfers of 20 MiB. Writes its section of
 * docs/benchmarks.md.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { accept, acceptInRoom, generated, offerToRoom, one, save, sendTo, sha256 } from '../e2e/files';
import { Person, launchChromium, startCampus, until } from '../e2e/harness';
import { publishSection, quantile } from './report';
import { ROOM_101, walkIn } from './roomPeople';

const MB = 1024 * 1024;
const RUNS = Number(process.env.FILE_RUNS ?? 5);
const SIZE = 20 * MB;
const ROOM_SIZE = 12 * MB;
/** Targets from issue 17. */
const THROUGHPUT_TARGET = 20;
const UPLOAD_TARGET = 1.5;

const small = {
  viewport: { width: 1280, height: 720 },
  // tsx compiles with esbuild's keepNames, whose `__name` helper then appears in functions sent to the page.
  prepare: async (context: BrowserContext) => {
    await context.addInitScript('globalThis.__name = (fn) => fn;');
  },
};

async function camerasOff(people: Person[]): Promise<void> {
  for (const p of people) await p.page.evaluate(() => document.getElementById('cam-toggle')?.click());
}

async function pairRuns(url: string, browser: Browser): Promise<number[]> {
  const bo = await Person.join(browser, url, 'Bo', 'rose', small);
  const ada = await Person.join(browser, url, 'Ada', 'sky', small);
  const rates: number[] = [];
  try {
    await camerasOff([bo, ada]);
    const adaId = (await ada.view()).userId;
    await until(
      () => bo.view(),
      (v) => v.remoteIds.includes(adaId),
    );
    for (let run = 0; run < RUNS; run++) {
      const name = `run${run}.bin`;
      const bytes = generated(SIZE, 100 + run);
      await sendTo(bo, ada, name, bytes);
      await accept(ada, 'Bo', name);
      const done = await until(
        () => one(ada, name),
        (t) => t?.state === 'ready' || t?.state === 'failed',
        120_000,
      );
      if (done?.state !== 'ready') throw new Error(`run ${run}: ${JSON.stringify(done)}`);
      if (sha256(await save(ada, name)) !== sha256(bytes))
        throw new Error(`run ${run}: the saved file differs`);
      const { firstChunkAt, lastChunkAt } = done.timing ?? {};
      const seconds = ((lastChunkAt ?? 0) - (firstChunkAt ?? 0)) / 1000;
      rates.push(SIZE / MB / seconds);
      console.log(`run ${run}: ${(SIZE / MB / seconds).toFixed(1)} MB/s`);
    }
  } finally {
    await bo.close();
    await ada.close();
  }
  return rates;
}

async function roomOffer(url: string, browser: Browser): Promise<number> {
  const people: Person[] = [];
  try {
    for (const [i, name] of ['Teacher', 'S1', 'S2', 'S3'].entries()) {
      const p = await Person.join(browser, url, name, 'sky', small);
      people.push(p);
      await walkIn(p, [...ROOM_101.path, { x: ROOM_101.seats(i * 3).x }], ROOM_101.id);
    }
    await camerasOff(people);
    const [teacher, ...students] = people as [Person, ...Person[]];
    const bytes = generated(ROOM_SIZE, 7);
    await offerToRoom(teacher, 'Room 101', 'slides.bin', bytes);
    await acceptInRoom(students, 'Room 101', 'Teacher', 'slides.bin');
    for (const s of students)
      if (sha256(await save(s, 'slides.bin')) !== sha256(bytes)) throw new Error('differs');
    return (await one(teacher, 'slides.bin'))!.sentBytes / bytes.length;
  } finally {
    for (const p of people) await p.close();
  }
}

async function main(): Promise<void> {
  const { server, url } = await startCampus({ spawnOrder: [1, 2] });
  const browser = await launchChromium();
  try {
    const rates = (await pairRuns(url, browser)).sort((a, b) => a - b);
    const copies = await roomOffer(url, browser);
    const median = quantile(rates, 0.5);
    const section = [
      '<!-- files -->',
      '## Files: browser to browser',
      '',
      '`npm run bench:media` (its file part alone: `npm run build:test && npx tsx apps/client/bench/fileTransfer.ts`).',
      `Two campus pages on this machine (cameras off), ${RUNS} transfers of ${SIZE / MB} MiB offered and accepted`,
      'through the chat cards; throughput is the receiver’s time from its first chunk to its last. Then a teacher',
      `offers ${ROOM_SIZE / MB} MiB to Room 101 and three students take it at once; her upload is counted in copies.`,
      'Every file saved was compared with the original (SHA-256).',
      '',
      '| Measure | Result | Target |',
      '| --- | --- | --- |',
      `| Throughput, median of ${RUNS} (MB/s) | ${median.toFixed(1)} (runs: ${rates.map((r) => r.toFixed(1)).join(', ')}) | ≥ ${THROUGHPUT_TARGET} ${median >= THROUGHPUT_TARGET ? '(met)' : '(**not met**)'} |`,
      `| Teacher’s upload, room of three (copies) | ${copies.toFixed(2)} | ≤ ${UPLOAD_TARGET} ${copies <= UPLOAD_TARGET ? '(met)' : '(**not met**)'} |`,
      '<!-- /files -->',
    ].join('\n');
    publishSection('files', section);
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
