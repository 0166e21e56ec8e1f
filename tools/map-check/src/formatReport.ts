import type { MapBundle } from '@campus/map-reader';
import { noticeText } from '@campus/world';

const TYPE_NAMES = { tilelayer: 'tiles', objectgroup: 'objects', imagelayer: 'image' } as const;

const percent = (part: number, whole: number): string => `${Math.round((part / whole) * 100)}%`;

/** What the server understood of a map, as lines for a terminal. */
export function formatReport(bundle: MapBundle): string[] {
  const { summary, world } = bundle;
  const name = bundle.mapFile.split(/[\\/]/).pop() ?? bundle.mapFile;
  const cells = summary.widthTiles * summary.heightTiles;
  const open = cells - summary.blockedCells;
  const c = summary.collision;
  const lines = [
    `${name}: ${summary.widthTiles}×${summary.heightTiles} tiles of ${summary.tileSize} px (${world.widthPx}×${world.heightPx} px)`,
    '',
    'Layers:',
  ];
  const width = Math.max(...summary.layers.map((l) => l.name.length), 5);
  for (const layer of summary.layers) {
    const use = layer.uses.length > 0 ? layer.uses.join(', ') : `ignored: ${layer.ignored ?? ''}`;
    lines.push(`  ${layer.name.padEnd(width)}  ${TYPE_NAMES[layer.type].padEnd(7)}  ${use}`);
  }
  lines.push(
    '',
    `Walkable: ${percent(open, cells)} of ${cells} tiles. Blocked: ${c.tileProperty} by tile properties, ${c.tileShape} by collision shapes, ${c.collisionLayer} by collision layers, ${c.tileObject} by furniture (tile objects), ${c.empty} with nothing drawn.`,
    '',
    `Spawns (${summary.spawns.length}):`,
  );
  const shown = summary.spawns.slice(0, 10);
  for (const s of shown) lines.push(`  (${s.point.x}, ${s.point.y}) from ${s.source}`);
  if (summary.spawns.length > shown.length)
    lines.push(`  … and ${summary.spawns.length - shown.length} more`);
  lines.push('', `Rooms (${summary.rooms.length}):`);
  if (summary.rooms.length === 0) lines.push('  none: people meet only by walking up to each other');
  for (const { area, source, capacityDefaulted } of summary.rooms) {
    const r = area.rect;
    lines.push(
      `  ${area.id} "${area.name}" (${area.kind}): ${area.capacity} people${capacityDefaulted ? ' (default)' : ''}, ${r.width}×${r.height} px at (${r.x}, ${r.y}), from ${source}`,
    );
  }
  const served = bundle.folder.servedPaths();
  lines.push('', `Served from ${bundle.root}: ${served.length > 0 ? served.join(', ') : 'no images'}`);
  const warnings = bundle.notices.filter((n) => n.level === 'warning');
  const infos = bundle.notices.filter((n) => n.level === 'info');
  lines.push('', `Warnings (${warnings.length}):`);
  for (const n of warnings) lines.push(`  ${noticeText(n)}`);
  if (infos.length > 0) {
    lines.push('', `Defaults and notes (${infos.length}):`);
    for (const n of infos) lines.push(`  ${noticeText(n)}`);
  }
  return lines;
}
