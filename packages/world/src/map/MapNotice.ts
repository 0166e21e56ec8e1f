/** How much a map problem matters: an error stops the server, a warning loads but looks wrong, info says a default. */
export type NoticeLevel = 'error' | 'warning' | 'info';

/** One problem with a map, said in one line a map author can act on in Tiled. */
export interface MapNotice {
  level: NoticeLevel;
  /** The file it is about, as the author named it (`office.tmj`, `tilesets/office.tsx`); the map's when absent. */
  file?: string;
  /** What is wrong and what to do, naming the layer, tileset or object; one line, no file prefix. */
  message: string;
}

/** The one-line text of a notice: `office.tmj: layer "floor" …`. */
export function noticeText(notice: MapNotice, mapFile = 'map'): string {
  return `${notice.file ?? mapFile}: ${notice.message}`;
}

/** A map that cannot be used; `notices` holds every problem found, errors first. */
export class MapLoadError extends Error {
  readonly code = 'MAP_INVALID';
  readonly notices: readonly MapNotice[];
  constructor(message: string, options: { notices?: readonly MapNotice[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MapLoadError';
    this.notices = options.notices ?? [{ level: 'error', message }];
  }
}
