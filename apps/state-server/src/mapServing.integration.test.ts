import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MapLoadError } from '@campus/world';
import { base64Layer, writeTestMap } from '@campus/test-maps';
import { configFromEnv } from './config';
import { createStateServer, type StateServer } from './createStateServer';
import type { Logger } from './logger';
import { collectOutput, spawnStateServerProcess, stopProcess } from './testing/processes';

const SERVER_DIR = fileURLToPath(new URL('../', import.meta.url));
let dir: string;
let office: string;
let sibling: { mapFile: string; root?: string };
let workshop: string;
const servers: StateServer[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'campus-serving-'));
  office = writeTestMap('office', join(dir, 'office')).mapFile;
  sibling = writeTestMap('siblingFolders', join(dir, 'sibling'));
  workshop = writeTestMap('workshop', join(dir, 'workshop')).mapFile;
});

/**
 * This process's environment for a child server, without what would say where its map is: an outer `CAMPUS_CWD`
 * (set when the tests run under `npm run` from the root), `INIT_CWD` or `MAP_FILE`/`MAP_ROOT` must not leak in.
 */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['CAMPUS_CWD', 'INIT_CWD', 'MAP_FILE', 'MAP_ROOT']) delete env[name];
  return { ...env, LIVEKIT_LOCAL: 'off', LOG_LEVEL: 'info', ...extra };
}

/** Runs the server process on `mapFile` (relative to `dir`) until it exits; its exit code and output. */
async function runUntilExit(mapFile: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: SERVER_DIR,
    env: childEnv({ MAP_FILE: mapFile, INIT_CWD: dir, PORT: '0', CLIENT_DIR: '/nonexistent' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = collectOutput(child);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  await stopProcess(child, 'SIGKILL');
  return { code, output: output() };
}

/** The JSON log lines as `[level, msg]`, and the other lines, of a server's output. */
function splitOutput(output: string): { logged: Array<[string, string]>; other: string[] } {
  const lines = output.split('\n').filter((l) => l.trim() !== '');
  return {
    logged: lines
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { level: string; msg: string })
      .map((l) => [l.level, l.msg]),
    other: lines.filter((l) => !l.startsWith('{')),
  };
}

/** A stack frame, or anything of zod's error report. */
const STACK_OR_ZOD = /^\s+at |ZodError|issues|"code":\s*"invalid|"path":\s*\[/m;
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

/** Records what is logged, as `level: message` lines. */
function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const logger: Logger & { lines: string[] } = {
    lines,
    info: (_f, m) => void lines.push(`info: ${m}`),
    warn: (_f, m) => void lines.push(`warn: ${m}`),
    error: (_f, m) => void lines.push(`error: ${m}`),
  };
  return logger;
}

async function start(mapFile: string, mapRoot?: string, logger = recordingLogger()) {
  const server = await createStateServer({ mapFile, logger, ...(mapRoot ? { mapRoot } : {}) });
  servers.push(server);
  const port = await server.listen(0);
  return { port, logger };
}

/** A GET with the path sent exactly as written (fetch would tidy `..` away). */
function rawGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe("serving a map's files", () => {
  it('serves the decoded map and the images it references, nothing else, and nothing outside its folder', async () => {
    const { port, logger } = await start(office);
    const map = (await (await fetch(`http://127.0.0.1:${port}/world/map.json`)).json()) as {
      layers: Array<{ name: string; data?: unknown }>;
    };
    expect(map.layers[0]).toMatchObject({ name: 'building/floor' });
    expect(Array.isArray(map.layers[0]?.data)).toBe(true);
    const png = await fetch(`http://127.0.0.1:${port}/world/tilesets/office.png`);
    expect(png.status).toBe(200);
    expect(
      Buffer.from(await png.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    for (const path of [
      '/world/tilesets/office.tsx',
      '/world/office.tmj',
      '/world/../../etc/passwd',
      '/world/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/world/..%2f..%2f..%2f..%2fetc%2fpasswd',
      '/world/tilesets/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
    ]) {
      const res = await rawGet(port, path);
      expect(res.body, path).not.toContain('root:');
      expect(res.status, path).toBe(404);
    }
    expect(logger.lines).toEqual([
      `info: serving the map at /world/map.json (tilesets embedded) and 2 images from ${join(dir, 'office')}: tilesets/furniture.png, tilesets/office.png`,
    ]);
  });

  it('with MAP_ROOT serves images from sibling folders; without it, warns that it will not', async () => {
    const rooted = await start(sibling.mapFile, sibling.root);
    expect((await fetch(`http://127.0.0.1:${rooted.port}/world/items/desk.png`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${rooted.port}/world/secret.txt`)).status).toBe(404);

    const plain = await start(sibling.mapFile);
    expect((await fetch(`http://127.0.0.1:${plain.port}/world/items/desk.png`)).status).toBe(404);
    const mapDir = join(sibling.mapFile, '..');
    expect(plain.logger.lines).toEqual([
      `warn: office.json: image "../tiles/floor.png" lies outside the folder served for this map (${mapDir}), so browsers cannot load it and tileset "floor" is not drawn; move it inside, or set MAP_ROOT to a folder that holds the map and its images`,
      `warn: office.json: image "../items/desk.png" lies outside the folder served for this map (${mapDir}), so browsers cannot load it and tile 0 of tileset "items" is not drawn; move it inside, or set MAP_ROOT to a folder that holds the map and its images`,
      `warn: office.json: image "../items/lamp.png" lies outside the folder served for this map (${mapDir}), so browsers cannot load it and tile 1 of tileset "items" is not drawn; move it inside, or set MAP_ROOT to a folder that holds the map and its images`,
      `info: serving the map at /world/map.json (tilesets embedded) and 0 images from ${mapDir}`,
    ]);
  });

  it('says at start that a room without a capacity gets the default, in one info line', async () => {
    const { logger } = await start(workshop);
    expect(logger.lines).toEqual([
      'info: workshop.tmj: room "Workbench" in layer "zones" has no "capacity" property, so it holds 12 people; add an int property "capacity" in Tiled to change it',
      `info: serving the map at /world/map.json (tilesets embedded) and 2 images from ${join(dir, 'workshop')}: crates.png, tiles.png`,
    ]);
  });

  it('logs each problem of an unusable map as one error line and refuses to start', async () => {
    const logger = recordingLogger();
    const file = join(dir, 'zstd.tmj');
    writeFileSync(file, JSON.stringify(zstdMap()));
    await expect(start(file, undefined, logger)).rejects.toBeInstanceOf(MapLoadError);
    expect(logger.lines).toEqual([
      'error: zstd.tmj: layer "floor" uses zstd compression, which this server cannot read (Node\'s zlib has no zstd); in Tiled open Map › Map Properties, set Tile Layer Format to "CSV" or "Base64 (zlib compressed)", and save',
    ]);
  });
});

function zstdMap(): Record<string, unknown> {
  return {
    type: 'map',
    orientation: 'orthogonal',
    width: 2,
    height: 2,
    tilewidth: 16,
    tileheight: 16,
    layers: [
      {
        type: 'tilelayer',
        name: 'floor',
        width: 2,
        height: 2,
        encoding: 'base64',
        compression: 'zstd',
        data: base64Layer([1, 1, 1, 1], 'zstd'),
      },
    ],
    tilesets: [{ firstgid: 1, name: 't', tilewidth: 16, tileheight: 16, tilecount: 1, columns: 1 }],
  };
}

describe('MAP_FILE and MAP_ROOT as typed', () => {
  it('resolve against the folder the command was run in (INIT_CWD under npm), not the server workspace', () => {
    const config = configFromEnv({
      MAP_FILE: './maps/office.tmj',
      MAP_ROOT: 'maps',
      INIT_CWD: '/srv/school',
    });
    expect([config.MAP_FILE, config.MAP_ROOT]).toEqual(['/srv/school/maps/office.tmj', '/srv/school/maps']);
    expect(configFromEnv({ MAP_FILE: '/abs/map.tmj', INIT_CWD: '/srv' }).MAP_FILE).toBe('/abs/map.tmj');
    // The root scripts hand on where the command was typed, which nested npm scripts would otherwise lose.
    expect(configFromEnv({ MAP_FILE: 'm.tmj', INIT_CWD: '/repo', CAMPUS_CWD: '/srv/school' }).MAP_FILE).toBe(
      '/srv/school/m.tmj',
    );
  });

  it('the server process, started as npm start does, finds a relative MAP_FILE in the folder it was run from', async () => {
    const server = await spawnStateServerProcess({
      name: 'relative map',
      // Blank counts as unset: an outer CAMPUS_CWD or MAP_ROOT must not decide where the map is.
      env: {
        MAP_FILE: 'office/office.tmj',
        INIT_CWD: dir,
        CAMPUS_CWD: '',
        MAP_ROOT: '',
        CLIENT_DIR: '/nonexistent',
      },
    });
    try {
      const map = (await (await fetch(`${server.url}/world/map.json`)).json()) as { width: number };
      expect(map.width).toBe(24);
    } finally {
      await server.stop('SIGTERM');
    }
  });

  it('a map problem stops the process with one log line per problem: no stack trace, no zod dump', async () => {
    writeFileSync(join(dir, 'zstd.tmj'), JSON.stringify(zstdMap()));
    const { code, output } = await runUntilExit('zstd.tmj');
    expect(code).toBe(1);
    const { logged, other } = splitOutput(output);
    expect(logged).toEqual([
      [
        'error',
        'zstd.tmj: layer "floor" uses zstd compression, which this server cannot read (Node\'s zlib has no zstd); in Tiled open Map › Map Properties, set Tile Layer Format to "CSV" or "Base64 (zlib compressed)", and save',
      ],
    ]);
    expect(other).toEqual([
      `  The map cannot be used (see above). To check it: npm run map:check -- ${join(dir, 'zstd.tmj')}`,
    ]);
    expect(output).not.toMatch(STACK_OR_ZOD);
  });

  it('a field of the wrong type stops the process with one line naming file, layer and object, not a zod dump', async () => {
    const map = zstdMap();
    map.layers = [
      { type: 'tilelayer', name: 'floor', width: 2, height: 2, data: [1, 1, 1, 1] },
      { type: 'objectgroup', name: 'furniture', objects: [{ id: 4, name: 'desk', x: 'left', y: 0 }] },
    ];
    writeFileSync(join(dir, 'typo.tmj'), JSON.stringify(map));
    const { code, output } = await runUntilExit('typo.tmj');
    expect(code).toBe(1);
    const { logged, other } = splitOutput(output);
    expect(logged).toEqual([
      [
        'error',
        'typo.tmj: not a usable Tiled JSON map: layer "furniture", object 4 "desk", "x": invalid input: expected number, received string',
      ],
    ]);
    expect(other).toEqual([
      `  The map cannot be used (see above). To check it: npm run map:check -- ${join(dir, 'typo.tmj')}`,
    ]);
    expect(output).not.toMatch(STACK_OR_ZOD);
  });
});
