import { join, resolve } from 'node:path';
import { TEST_MAPS, writeTestMap, type TestMapName } from './testMaps';

// npm run test-maps -- <folder>: writes every test map into its own subfolder, to open in Tiled or try with map:check.
const out = resolve(process.env.INIT_CWD ?? process.cwd(), process.argv[2] ?? 'test-maps');
for (const name of Object.keys(TEST_MAPS) as TestMapName[]) {
  const { mapFile, root } = writeTestMap(name, join(out, name));
  console.log(`${name}: ${mapFile}${root ? ` (MAP_ROOT=${root})` : ''}`);
}
