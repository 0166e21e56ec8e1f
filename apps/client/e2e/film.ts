import { copyFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { screenPositionAt, type ScreenState } from '@campus/protocol';
import { makeTestClip } from '@campus/state-server/testing';
import { until } from './until';

/** The test film's name in the library: ffmpeg's test card with its frame number and timecode burned in. */
export const FILM = 'test-card.webm';

/** A media library (`MEDIA_DIR`) holding one generated film of `seconds`, made once and copied in. */
export async function filmLibrary(seconds = 90): Promise<string> {
  const clip = await makeTestClip({ seconds });
  const dir = await mkdtemp(join(tmpdir(), 'campus-media-'));
  await copyFile(clip, join(dir, FILM));
  return dir;
}

/** One page's film against the shared position, both read at the same instant in the page. */
export interface FilmReading {
  /** Where this page's film is minus where the shared state says it should be, in seconds. */
  error: number;
  currentTime: number;
  paused: boolean;
  playbackRate: number;
  volume: number;
  status: string;
  /** The page's own idea of its drift (through its estimate of the server's clock). */
  drift: number;
  state: ScreenState | undefined;
}

/**
 * Reads `page`'s film. The shared position is computed here from the state the page holds and the page's wall clock
 * at the moment it read its film: the server runs on this machine, so that clock is the server's, and the reading
 * does not lean on the page's own estimate of the offset.
 */
export async function readFilm(page: Page): Promise<FilmReading> {
  const { film, snapshot } = await page.evaluate(() => {
    const handle = (
      window as unknown as {
        campusScreen: {
          film(): {
            currentTime: number;
            paused: boolean;
            playbackRate: number;
            volume: number;
            wallAt: number;
          };
          snapshot(): { state: ScreenState | undefined; status: string; drift: number };
        };
      }
    ).campusScreen;
    return { film: handle.film(), snapshot: handle.snapshot() };
  });
  const state = snapshot.state;
  const shared = state ? screenPositionAt(state, film.wallAt) : 0;
  return {
    error: film.currentTime - shared,
    currentTime: film.currentTime,
    paused: film.paused,
    playbackRate: film.playbackRate,
    volume: film.volume,
    status: snapshot.status,
    drift: snapshot.drift,
    state,
  };
}

/** Waits until every page holds screen version `version` or later and its film is within `within` s of it. */
export async function allInStep(
  pages: Page[],
  version: number,
  within = 0.15,
  ms = 15_000,
): Promise<FilmReading[]> {
  return Promise.all(
    pages.map((page) =>
      until(
        () => readFilm(page),
        (r) => (r.state?.version ?? -1) >= version && Math.abs(r.error) <= within,
        ms,
      ),
    ),
  );
}

/** Puts the library's test film on the room's screen through the "Put on screen" dialog; resolves with the version. */
export async function putFilmOn(page: Page): Promise<number> {
  await page.click('#film-put');
  await page.click(`#film-library button:has-text("${FILM}")`);
  const reading = await until(
    () => readFilm(page),
    (r) => r.state?.source?.title === FILM,
    15_000,
  );
  return reading.state!.version;
}
