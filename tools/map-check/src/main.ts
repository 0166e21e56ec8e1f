import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { PNG } from 'pngjs';
import { readMapFile } from '@campus/map-reader';
import { MapLoadError, noticeText } from '@campus/world';
import { formatReport } from './formatReport';
import { renderPreview } from './renderPreview';

const USAGE = `usage: npm run map:check -- path/to/map.tmj [--root folder] [--preview file.png]

Loads the map as the server would (MAP_FILE), prints what it understood and writes a preview with walls (red),
rooms (blue) and spawn points (green). --root is MAP_ROOT: the folder its images are served from.`;

// Relative paths count from the folder the command was typed in (npm runs this in tools/map-check).
// The root script hands on the folder the command was typed in (npm resets INIT_CWD for nested scripts).
const here = process.env.CAMPUS_CWD || process.env.INIT_CWD || process.cwd();
const args = process.argv.slice(2);
let mapArg: string | undefined;
let root = process.env.MAP_ROOT;
let preview: string | undefined;
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === '--root') root = args[++i];
  else if (arg === '--preview') preview = args[++i];
  else if (arg === '--help' || arg === '-h') mapArg = undefined;
  else mapArg ??= arg;
}
if (!mapArg) {
  console.error(USAGE);
  process.exit(2);
}
const mapFile = resolve(here, mapArg);
try {
  const bundle = readMapFile(mapFile, { root: root ? resolve(here, root) : undefined });
  const out = resolve(here, preview ?? `${basename(mapFile, extname(mapFile))}-preview.png`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, PNG.sync.write(renderPreview(bundle).toPNG()));
  console.log([...formatReport(bundle), '', `Preview: ${out}`].join('\n'));
} catch (err) {
  if (!(err instanceof MapLoadError)) throw err;
  const errors = err.notices.filter((n) => n.level === 'error');
  console.error(
    `${basename(mapFile)} cannot be used (${errors.length} problem${errors.length === 1 ? '' : 's'}):`,
  );
  for (const n of err.notices) console.error(`  ${n.level}: ${noticeText(n)}`);
  process.exit(1);
}
