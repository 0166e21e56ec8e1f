import type { Express } from 'express';
import { readMapFile, type MapBundle } from '@campus/map-reader';
import { MapLoadError, noticeText } from '@campus/world';
import type { Logger } from './logger';

/**
 * Reads the map and logs what it had to say, one line per notice at its level (never a stack trace); then the files
 * it will serve. A map that cannot be used has its errors logged and throws MapLoadError.
 */
export function openMap(mapFile: string, mapRoot: string | undefined, log: Logger): MapBundle {
  let bundle: MapBundle;
  try {
    bundle = readMapFile(mapFile, { root: mapRoot });
  } catch (err) {
    if (err instanceof MapLoadError) {
      for (const notice of err.notices) logNotice(log, notice.level, noticeText(notice), mapFile);
    }
    throw err;
  }
  for (const notice of bundle.notices) logNotice(log, notice.level, noticeText(notice), mapFile);
  const served = bundle.folder.servedPaths();
  log.info(
    { map: bundle.mapFile, root: bundle.root, files: served },
    `serving the map at /world/map.json (tilesets embedded) and ${served.length} image${served.length === 1 ? '' : 's'} from ${bundle.root}${served.length > 0 ? `: ${served.join(', ')}` : ''}`,
  );
  return bundle;
}

function logNotice(log: Logger, level: 'error' | 'warning' | 'info', text: string, map: string): void {
  if (level === 'error') log.error({ map }, text);
  else if (level === 'warning') log.warn({ map }, text);
  else log.info({ map }, text);
}

/**
 * `/world/map.json`, the self-contained map every browser draws (the one the server enforces), and under `/world/` the
 * images it references: only those, looked up by name, so no path can reach outside the map's folder.
 */
export function serveMapFiles(app: Express, bundle: MapBundle): void {
  app.get('/world/map.json', (_req, res) => {
    res.set('Cache-Control', 'no-cache').json(bundle.clientMap);
  });
  app.get(/^\/world\/(.+)$/, (req, res) => {
    const file = bundle.folder.fileFor(String(req.params[0]));
    if (!file) {
      res.status(404).type('text').send('not a file of this map');
      return;
    }
    res.sendFile(file, { dotfiles: 'allow' });
  });
  app.use('/world', (_req, res) => {
    res.status(404).type('text').send('not a file of this map');
  });
}
