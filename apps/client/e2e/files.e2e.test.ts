import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { StateServer } from '@campus/state-server';
import { accept, acceptInRoom, generated, offerToRoom, one, save, sendTo, sha256 } from './files';
import { ROOM_101, walkIn } from '../bench/roomPeople';
import { Person, launchChromium, startCampus, until } from './harness';

const MB = 1024 * 1024;
const CHUNK = 128 * 1024;

describe('sharing files, browser to browser', () => {
  let browser: Browser;
  let server: StateServer;
  let url: string;
  const people: Person[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    ({ server, url } = await startCampus());
  });
  afterEach(async () => {
    for (const p of people.splice(0)) await p.close().catch(() => {});
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function pair(): Promise<[Person, Person]> {
    const bo = await Person.join(browser, url, 'Bo', 'rose');
    const ada = await Person.join(browser, url, 'Ada', 'sky');
    people.push(bo, ada);
    const adaId = (await ada.view()).userId;
    await until(
      () => bo.view(),
      (v) => v.remoteIds.includes(adaId),
    );
    return [bo, ada];
  }

  it('Bo sends Ada 20 MB: she accepts, watches it come, and saves exactly his bytes', async () => {
    const [bo, ada] = await pair();
    const bytes = generated(20 * MB, 1);
    await sendTo(bo, ada, 'notes.bin', bytes);
    await accept(ada, 'Bo', 'notes.bin');
    // While it comes, her card shows a bar and how much of how much.
    await until(
      () => ada.page.locator('.file-card', { hasText: 'notes.bin' }).innerText(),
      (text) => /of 21 MB/.test(text) || /matches the hash/.test(text),
      30_000,
    );
    const saved = await save(ada, 'notes.bin');
    expect(saved.length).toBe(bytes.length);
    expect(sha256(saved)).toBe(sha256(bytes));
    // Every chunk went once, and never through the server (it only ever saw the offer).
    const sent = (await one(bo, 'notes.bin'))!.sentBytes;
    expect(sent).toBe(bytes.length);
    const boCard = await bo.page.locator('.file-card', { hasText: 'notes.bin' }).innerText();
    expect(boCard).toContain('You offered notes.bin (21 MB) to Ada');
    expect(bo.errors).toEqual([]);
    expect(ada.errors).toEqual([]);
  });

  it('a chunk Bo’s browser damages is refused and fetched again; the file still matches', async () => {
    const [bo, ada] = await pair();
    const bytes = generated(3 * MB, 2);
    await bo.page.evaluate(() =>
      (window as unknown as { campusFiles: { damage(i: number, times: number): void } }).campusFiles.damage(
        5,
        1,
      ),
    );
    await sendTo(bo, ada, 'damaged.bin', bytes);
    await accept(ada, 'Bo', 'damaged.bin');
    const saved = await save(ada, 'damaged.bin');
    expect(sha256(saved)).toBe(sha256(bytes));
    // Chunk 5 went twice: once damaged (refused on arrival), once whole.
    expect((await one(bo, 'damaged.bin'))!.sentBytes).toBe(bytes.length + CHUNK);
  });

  it('Ada’s connection drops halfway: once back, the transfer goes on from where it stopped', async () => {
    const [bo, ada] = await pair();
    const bytes = generated(20 * MB, 3);
    await sendTo(bo, ada, 'lecture.bin', bytes);
    await accept(ada, 'Bo', 'lecture.bin');
    const half = await until(
      () => one(ada, 'lecture.bin'),
      (t) => (t?.receivedBytes ?? 0) >= 0.3 * bytes.length || t?.state === 'ready',
      60_000,
    );
    expect(half?.state).toBe('receiving');
    await ada.page.evaluate(() =>
      (window as unknown as { campusFiles: { cut(ms: number): void } }).campusFiles.cut(3000),
    );
    const cutAt = (await one(ada, 'lecture.bin'))!.receivedBytes!;
    expect(cutAt).toBeLessThan(bytes.length);
    const saved = await save(ada, 'lecture.bin');
    expect(sha256(saved)).toBe(sha256(bytes));
    // Not started over: Bo sent each chunk once, and at most what was in flight when it dropped (32 chunks) again.
    const chunksSent = (await one(bo, 'lecture.bin'))!.sentBytes / CHUNK;
    console.log(
      `cut at ${(cutAt / MB).toFixed(1)} MB: Bo sent ${chunksSent} chunks of ${bytes.length / CHUNK}`,
    );
    expect(chunksSent).toBeLessThanOrEqual(bytes.length / CHUNK + 32);
  });

  // Four campus pages walk into the room first, on two cores.
  it(
    'the teacher offers slides to Room 101: all three take them, her upload under three copies',
    { timeout: 240_000 },
    async () => {
      const teacher = await Person.join(browser, url, 'Ms Rivera', 'plum');
      const students = [
        await Person.join(browser, url, 'Ada', 'sky'),
        await Person.join(browser, url, 'Bo', 'rose'),
        await Person.join(browser, url, 'Cy', 'moss'),
      ];
      people.push(teacher, ...students);
      for (const [i, p] of [teacher, ...students].entries())
        await walkIn(p, [...ROOM_101.path, { x: ROOM_101.seats(i * 3).x }], ROOM_101.id);
      const bytes = generated(12 * MB, 4);
      await offerToRoom(teacher, 'Room 101', 'slides.bin', bytes);
      await acceptInRoom(students, 'Room 101', 'Ms Rivera', 'slides.bin');
      for (const s of students)
        await until(
          () => one(s, 'slides.bin'),
          (t) => t?.state === 'ready',
          120_000,
        );
      for (const s of students) expect(sha256(await save(s, 'slides.bin'))).toBe(sha256(bytes));
      const copies = (await one(teacher, 'slides.bin'))!.sentBytes / bytes.length;
      console.log(`room offer to three: the teacher uploaded ${copies.toFixed(2)} copies`);
      // Against three full copies: the others passed chunks on. The benchmark holds the 1.5 target (docs/benchmarks.md).
      expect(copies).toBeLessThan(3);
    },
  );
});
