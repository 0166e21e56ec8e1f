import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readMapFile } from '@campus/map-reader';
import { OFFICE, base64Layer, writeTestMap } from '@campus/test-maps';
import { formatReport } from './formatReport';
import { PreviewColours, renderPreview } from './renderPreview';

const run = promisify(execFile);
const TOOL_DIR = fileURLToPath(new URL('../', import.meta.url));
const MAIN = join(TOOL_DIR, 'src/main.ts');
let dir: string;

/**
 * This process's environment for the command, where only `typedIn` says where it was typed: an outer `CAMPUS_CWD`
 * (set under the root's `npm run`), `INIT_CWD` or `MAP_ROOT` must not leak in.
 */
function childEnv(typedIn: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['CAMPUS_CWD', 'INIT_CWD', 'MAP_ROOT']) delete env[name];
  return { ...env, ...typedIn };
}
let office: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'campus-map-check-'));
  office = writeTestMap('office', join(dir, 'office')).mapFile;
});

describe('the report', () => {
  it('says size, layers used and ignored, walkable share, spawns, rooms with capacities, what is served', () => {
    expect(formatReport(readMapFile(office))).toEqual([
      'office.tmj: 24×14 tiles of 16 px (384×224 px)',
      '',
      'Layers:',
      '  building/floor           tiles    drawn',
      '  building/walls           tiles    drawn',
      '  building/details/carpet  tiles    drawn',
      '  building/details/notes   tiles    ignored: hidden, and not a collision, spawn or room layer',
      '  start                    tiles    spawns',
      '  furniture                objects  tile objects drawn',
      '  floorLayer               objects  floor level, rooms',
      '  lintels                  tiles    drawn over avatars',
      '',
      'Walkable: 72% of 336 tiles. Blocked: 82 by tile properties, 0 by collision shapes, 0 by collision layers, 12 by furniture (tile objects), 0 with nothing drawn.',
      '',
      'Spawns (1):',
      '  (56, 152) from tile layer "start"',
      '',
      'Rooms (1):',
      '  quiet-room "Quiet Room" (classroom): 6 people, 176×192 px at (192, 16), from room "3" in layer "floorLayer"',
      '',
      `Served from ${join(dir, 'office')}: tilesets/furniture.png, tilesets/office.png`,
      '',
      'Warnings (0):',
    ]);
  });

  it('marks default capacities and lists warnings and defaults', () => {
    const { mapFile, root } = writeTestMap('siblingFolders', join(dir, 'sibling'));
    const lines = formatReport(readMapFile(mapFile));
    expect(lines).toContain('Warnings (3):');
    expect(lines.find((l) => l.includes('../items/desk.png'))).toMatch(
      /^ {2}office\.json: image "\.\.\/items\/desk\.png" lies outside/,
    );
    const rooted = formatReport(readMapFile(mapFile, { root }));
    expect(rooted).toContain(`Served from ${root}: items/desk.png, items/lamp.png, tiles/floor.png`);
    const workshop = formatReport(readMapFile(writeTestMap('workshop', join(dir, 'workshop')).mapFile));
    expect(workshop.filter((l) => l.includes('Workbench'))).toEqual([
      '  workbench "Workbench" (classroom): 12 people (default), 96×64 px at (32, 32), from room "Workbench" in layer "zones"',
      '  workshop.tmj: room "Workbench" in layer "zones" has no "capacity" property, so it holds 12 people; add an int property "capacity" in Tiled to change it',
    ]);
    const infinite = formatReport(readMapFile(writeTestMap('infinite', join(dir, 'infinite')).mapFile));
    expect(infinite.slice(-3)).toEqual([
      'Defaults and notes (2):',
      '  infinite.tmj: layer "walls" scrolls with parallax, which the campus does not do, so it is drawn fixed to the map',
      '  infinite.tmj: the map is infinite; its tiles span 32×16 from tile (-16, -16), which becomes the top-left corner',
    ]);
  });
});

describe('the preview', () => {
  it('draws the map from its own images, walls in red, rooms in blue, spawns in green', () => {
    const preview = renderPreview(readMapFile(office));
    expect([preview.width, preview.height]).toEqual([384, 224]);
    const [sx, sy] = OFFICE.spawnTile;
    // An open floor tile shows the floor art as it is (#e8dcc0 inside its rim).
    expect(preview.get(3 * 16 + 8, 5 * 16 + 8)).toEqual([0xe8, 0xdc, 0xc0, 255]);
    // A wall tile is tinted red; the table's blocked cell too; the chair's cell is not.
    const red = (x: number, y: number) => {
      const [r, g, b] = preview.get(x, y);
      return r > g + 40 && r > b + 40;
    };
    expect(red(8, 8)).toBe(true);
    expect(red(OFFICE.table.column * 16 + 8, OFFICE.table.rows[1]! * 16 + 8)).toBe(true);
    expect(red(6 * 16 + 8, 7 * 16 + 2)).toBe(false);
    // The room's edge, and the spawn's cross.
    expect(preview.get(OFFICE.room.x, OFFICE.room.y + 40)).toEqual([...PreviewColours.roomEdge]);
    expect(preview.get(sx * 16 + 8, sy * 16 + 8)).toEqual([...PreviewColours.spawn]);
  });
});

describe('npm run map:check', () => {
  it('prints the report and writes the preview, relative paths from where it was run', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/main.ts', 'office/office.tmj', '--preview', 'out/office.png'],
      {
        cwd: TOOL_DIR,
        env: childEnv({ INIT_CWD: dir }),
      },
    );
    expect(stdout.split('\n')[0]).toBe('office.tmj: 24×14 tiles of 16 px (384×224 px)');
    expect(stdout.trim().split('\n').pop()).toBe(`Preview: ${join(dir, 'out/office.png')}`);
    expect(existsSync(join(dir, 'out/office.png'))).toBe(true);
    expect(PNG.sync.read(readFileSync(join(dir, 'out/office.png'))).width).toBe(384);
  });

  it('takes a relative --root and map from the current directory when npm says nothing, and CAMPUS_CWD over INIT_CWD', async () => {
    const { root } = writeTestMap('siblingFolders', join(dir, 'rooted'));
    const served = `Served from ${root}: items/desk.png, items/lamp.png, tiles/floor.png`;
    const args = (preview: string) => [
      'rooted/assets/map/office.json',
      '--root',
      'rooted/assets',
      '--preview',
      preview,
    ];
    // Run from `dir` itself, with tsx found from here, as `npx tsx` in a shell would.
    const loader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const plain = await run(process.execPath, ['--import', loader, MAIN, ...args('plain.png')], {
      cwd: dir,
      env: childEnv({}),
    });
    expect(plain.stdout.split('\n')).toContain(served);
    expect(plain.stdout).not.toContain('Warnings (3)');
    // Under npm the root script hands on where the command was typed as CAMPUS_CWD, which wins over INIT_CWD.
    const viaNpm = await run(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args('npm.png')], {
      cwd: TOOL_DIR,
      env: childEnv({ CAMPUS_CWD: dir, INIT_CWD: TOOL_DIR }),
    });
    expect(viaNpm.stdout.split('\n')).toContain(served);
    expect([existsSync(join(dir, 'plain.png')), existsSync(join(dir, 'npm.png'))]).toEqual([true, true]);
  }, 20_000); // two runs of the command, each starting tsx

  it('names each problem of a map it cannot use in one line and exits 1, without a stack trace', async () => {
    writeFileSync(
      join(dir, 'zstd.tmj'),
      JSON.stringify({
        orientation: 'orthogonal',
        width: 1,
        height: 1,
        tilewidth: 16,
        tileheight: 16,
        layers: [
          {
            type: 'tilelayer',
            name: 'floor',
            width: 1,
            height: 1,
            encoding: 'base64',
            compression: 'zstd',
            data: base64Layer([1], 'zstd'),
          },
        ],
        tilesets: [],
      }),
    );
    const failure = await run(process.execPath, ['--import', 'tsx', 'src/main.ts', 'zstd.tmj'], {
      cwd: TOOL_DIR,
      env: childEnv({ INIT_CWD: dir }),
    }).catch((err: { code: number; stderr: string; stdout: string }) => err);
    expect('code' in failure && failure.code).toBe(1);
    expect((failure as { stderr: string }).stderr.trim().split('\n')).toEqual([
      'zstd.tmj cannot be used (1 problem):',
      '  error: zstd.tmj: layer "floor" uses zstd compression, which this server cannot read (Node\'s zlib has no zstd); in Tiled open Map › Map Properties, set Tile Layer Format to "CSV" or "Base64 (zlib compressed)", and save',
    ]);
  });
});
