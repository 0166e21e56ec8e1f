import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import {
  DEFAULT_CLIENT_DIR,
  DEFAULT_MAP_FILE,
  createStateServer,
  silentLogger,
  type IceConfig,
  type StateServer,
  type StateServerOptions,
} from '@campus/state-server';
import { COMPILED_SERVER, spawnStateServerProcess } from '@campus/state-server/testing';

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
  '--autoplay-policy=no-user-gesture-required',
  // Rendering runs on a timer-driven loop; keep background pages from being throttled.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

/**
 * The one-process server as the README starts it: built client, campus map, Socket.IO and PeerJS on one port.
 * Newcomers spawn round-robin from the courtyard's third spawn on, so runs are repeatable and people start near each other.
 */
export async function startCampus(
  options: {
    port?: number;
    gracePeriod?: number;
    spawnOrder?: number[];
    ice?: IceConfig;
    meshCap?: number;
    /** Run classrooms on this LiveKit server instead of the mesh. */
    livekit?: StateServerOptions['livekit'];
    /** With LiveKit: when proximity links move to the SFU. */
    crowd?: StateServerOptions['crowd'];
    /** Another map than the campus, and the folder its images are served from. */
    mapFile?: string;
    mapRoot?: string;
    /** Teacher links: where roles are kept (docs/teaching.md). */
    teaching?: StateServerOptions['teaching'];
    /** The media library's folder (`MEDIA_DIR`): films for the rooms' screens. */
    mediaDir?: string;
  } = {},
): Promise<{ server: StateServer; url: string; port: number }> {
  requireTestBuild();
  // Spawn i of the campus (in tiles): 0 (8,22) 1 (17,23) 2 (26,23) 3 (32,19) 4 (32,26) 5 (40,23) 6 (49,22) 7 (57,23).
  const order = options.spawnOrder ?? [2, 3, 4, 5, 6, 7, 0, 1];
  let next = 0;
  const server = await createStateServer({
    mapFile: options.mapFile ?? DEFAULT_MAP_FILE,
    ...(options.mapRoot ? { mapRoot: options.mapRoot } : {}),
    clientDir: DEFAULT_CLIENT_DIR,
    logger: silentLogger,
    ...(options.ice ? { ice: options.ice } : {}),
    ...(options.meshCap ? { meshCap: options.meshCap } : {}),
    ...(options.livekit ? { livekit: options.livekit } : {}),
    ...(options.crowd ? { crowd: options.crowd } : {}),
    ...(options.teaching ? { teaching: options.teaching } : {}),
    ...(options.mediaDir ? { mediaDir: options.mediaDir } : {}),
    // A closed tab leaves after 1.5 s instead of 10 s, to keep the suite quick.
    room: {
      pickSpawn: (count) => (order[next++ % order.length] ?? 0) % count,
      gracePeriod: options.gracePeriod ?? 1500,
    },
  });
  const port = await server.listen(options.port ?? 0);
  return { server, url: `http://127.0.0.1:${port}/`, port };
}

/**
 * The server as its own process, the compiled one `npm start` runs (`npm run test:e2e` builds it first), so a test can
 * kill it for real (SIGKILL: no goodbye to the clients, sockets just drop) and start it again on the same port.
 */
export async function spawnCampus(port: number): Promise<{ url: string; kill: () => Promise<void> }> {
  requireTestBuild();
  if (!existsSync(COMPILED_SERVER)) {
    throw new Error(`no compiled server at ${COMPILED_SERVER}: run npm run build:test first`);
  }
  const server = await spawnStateServerProcess({ name: 'server', port, script: COMPILED_SERVER });
  return { url: `${server.url}/`, kill: () => server.stop('SIGKILL') };
}

export { freePort } from '@campus/state-server/testing';

/**
 * The tests read the page through `window.campusDebug` and `window.campusMedia`, which only dev and test builds have
 * (`npm run build:test`, as `npm run test:e2e` does); a production build (`npm run build`) leaves them out.
 */
let testBuildChecked = false;
function requireTestBuild(): void {
  if (testBuildChecked) return;
  const assets = join(DEFAULT_CLIENT_DIR, 'assets');
  if (!existsSync(assets))
    throw new Error(`no built client at ${DEFAULT_CLIENT_DIR}: run npm run build:test first`);
  const scripts = readdirSync(assets).filter((name) => name.endsWith('.js'));
  if (!scripts.some((name) => readFileSync(join(assets, name), 'utf8').includes('campusDebug'))) {
    throw new Error(
      `the client in ${DEFAULT_CLIENT_DIR} is a production build, without the debug handles the tests read: run npm run build:test`,
    );
  }
  testBuildChecked = true;
}

/** Starts Chromium with fake devices; `extraArgs` adds flags (a benchmark's fake microphone file, say). */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(`Chromium not found at ${CHROMIUM_PATH} (apt-get install -y chromium)`);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_FLAGS, ...extraArgs],
    headless: true,
  });
}

export { Person, type CampusView, type LinkStats, type MediaView } from './person';
export { until } from './until';
