import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { StateServer } from '@campus/state-server';
import { mintTurnCredential as turnCredential } from '@campus/state-server';
import { startCoturn } from './coturn';
import { Person, launchChromium, startCampus, until } from './harness';

const SECRET = 'e2e-turn-shared-secret-0123456789';
let turn: Awaited<ReturnType<typeof startCoturn>>;
let browser: Browser;
let server: StateServer;
let url: string;
const people: Person[] = [];

beforeAll(async () => {
  turn = await startCoturn(SECRET);
  ({ server, url } = await startCampus({
    spawnOrder: [2, 1],
    ice: { stunUrls: [], turnUrls: [turn.url], turnSecret: SECRET, turnTtlSeconds: 600 },
  }));
  browser = await launchChromium();
});
afterAll(async () => {
  for (const p of people) await p.close().catch(() => {});
  await browser?.close();
  await server?.close();
  await turn?.stop();
});

/** Gathers ICE candidates through TURN only and counts the relay candidates coturn granted. */
function relayCandidates(
  page: Page,
  iceServer: { urls: string; username: string; credential: string },
): Promise<number> {
  return page.evaluate(async (server) => {
    const pc = new RTCPeerConnection({ iceServers: [server], iceTransportPolicy: 'relay' });
    pc.createDataChannel('probe');
    let relays = 0;
    const done = new Promise<void>((resolve) => {
      pc.onicecandidate = (e) => {
        if (!e.candidate) resolve();
        else if (e.candidate.type === 'relay') relays++;
      };
      setTimeout(resolve, 8000);
    });
    await pc.setLocalDescription(await pc.createOffer());
    await done;
    pc.close();
    return relays;
  }, iceServer);
}

describe('proximity media through TURN', () => {
  it('with the ICE policy forced to relay and minted credentials, media flows through coturn', async () => {
    for (const [name, look] of [
      ['Ada', 'sky'],
      ['Bo', 'rose'],
    ] as const) {
      const person = await Person.join(browser, `${url}?ice=relay`, name, look);
      await person.page.waitForFunction(() =>
        (window as unknown as { campusMedia?: { ready(): boolean } }).campusMedia?.ready(),
      );
      people.push(person);
    }
    const [ada, bo] = people as [Person, Person];
    const boId = (await bo.view()).userId;
    await ada.hold('ArrowLeft', 1000);
    const stats = () => ada.linkStats(boId);
    const first = await until(stats, (s) => !!s && s.audioBytesReceived > 0 && s.relayed, 20_000);
    await new Promise((r) => setTimeout(r, 1000));
    const later = await stats();
    expect(later!.relayed).toBe(true);
    expect(later!.audioBytesReceived).toBeGreaterThan(first!.audioBytesReceived);
  });

  it('coturn grants a relay for a fresh credential and refuses an expired one', async () => {
    const page = people[0]!.page;
    const now = Math.floor(Date.now() / 1000);
    const fresh = await relayCandidates(page, {
      urls: turn.url,
      ...turnCredential(SECRET, 'probe', now + 600),
    });
    const expired = await relayCandidates(page, {
      urls: turn.url,
      ...turnCredential(SECRET, 'probe', now - 60),
    });
    const forged = await relayCandidates(page, {
      urls: turn.url,
      ...turnCredential('not-the-secret', 'probe', now + 600),
    });
    expect(fresh).toBeGreaterThan(0);
    expect(expired).toBe(0);
    expect(forged).toBe(0);
  });
});
