import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { officeFiles } from './officeMap';
import { infiniteFiles } from './infiniteMap';
import { siblingFolderFiles } from './siblingFoldersMap';
import { tutorialFiles } from './tutorialMap';
import { workshopFiles } from './workshopMap';

/** Each test map: its files by path, and the map file to point MAP_FILE (or map:check) at. */
export const TEST_MAPS = {
  office: { map: 'office.tmj', files: officeFiles },
  tutorial: { map: 'map.json', files: tutorialFiles },
  siblingFolders: { map: 'assets/map/office.json', root: 'assets', files: siblingFolderFiles },
  infinite: { map: 'infinite.tmj', files: infiniteFiles },
  workshop: { map: 'workshop.tmj', files: workshopFiles },
} as const;

export type TestMapName = keyof typeof TEST_MAPS;

/** Writes one test map into `dir`; returns the map file's path (and the root to serve, when it needs one). */
export function writeTestMap(name: TestMapName, dir: string): { mapFile: string; root?: string } {
  const spec = TEST_MAPS[name];
  for (const [path, content] of Object.entries(spec.files())) {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return { mapFile: join(dir, spec.map), ...('root' in spec ? { root: join(dir, spec.root) } : {}) };
}
