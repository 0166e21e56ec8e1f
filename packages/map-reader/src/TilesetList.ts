import type { MapNotice } from '@campus/world';
import { MapFolder } from './MapFolder';
import { readTiledFile, TiledFileError } from './readTiledFile';

type Json = Record<string, unknown>;

interface Entry {
  firstgid: number;
  tileset: Json;
  /** The external file it came from, for templates that name the same file. */
  file?: string;
}

/**
 * The map's tilesets, embedded: external ones (`.tsx`, `.tsj`) read from their files, image paths turned into the
 * paths the server serves them at, names made unique. Templates can add the tilesets their tile objects use.
 */
export class TilesetList {
  private readonly entries: Entry[] = [];

  constructor(
    private readonly folder: MapFolder,
    private readonly notices: MapNotice[],
  ) {}

  /** Adds one entry of the map's `tilesets`; problems become notices. */
  add(ref: Json, fromFile: string): void {
    const firstgid = typeof ref.firstgid === 'number' ? ref.firstgid : undefined;
    if (firstgid === undefined) {
      this.notices.push({
        level: 'error',
        message: `a tileset has no "firstgid"; save the map again from Tiled`,
      });
      return;
    }
    if (typeof ref.source !== 'string') {
      this.entries.push({ firstgid, tileset: this.withServedImages({ ...ref }, fromFile) });
      return;
    }
    const file = MapFolder.resolveFrom(fromFile, ref.source);
    const loaded = this.load(file, ref.source, fromFile);
    if (loaded) this.entries.push({ firstgid, tileset: loaded, file });
  }

  /** The map firstgid of an external tileset file, loading and appending it when the map does not use it yet. */
  firstgidOf(file: string, shownAs: string, fromFile: string): number | undefined {
    const known = this.entries.find((e) => e.file === file);
    if (known) return known.firstgid;
    const loaded = this.load(file, shownAs, fromFile);
    if (!loaded) return undefined;
    const firstgid = this.nextFirstgid();
    this.entries.push({ firstgid, tileset: loaded, file });
    return firstgid;
  }

  /** The embedded tilesets, ready for the map. */
  embedded(): Json[] {
    const names = new Set<string>();
    return [...this.entries]
      .sort((a, b) => a.firstgid - b.firstgid)
      .map(({ firstgid, tileset }) => {
        const base = typeof tileset.name === 'string' && tileset.name ? tileset.name : `tileset-${firstgid}`;
        let name = base;
        for (let n = 2; names.has(name); n++) name = `${base} (${n})`;
        names.add(name);
        const { source: _source, type: _type, ...rest } = tileset;
        return { ...rest, firstgid, name };
      });
  }

  private nextFirstgid(): number {
    let next = 1;
    for (const { firstgid, tileset } of this.entries) {
      const ids = Array.isArray(tileset.tiles) ? (tileset.tiles as Json[]).map((t) => Number(t.id) + 1) : [];
      const count = Math.max(Number(tileset.tilecount) || 0, ...ids, 1);
      next = Math.max(next, firstgid + count);
    }
    return next;
  }

  private load(file: string, shownAs: string, fromFile: string): Json | undefined {
    try {
      return this.withServedImages(readTiledFile(file, 'tileset'), file);
    } catch (err) {
      const reason = err instanceof TiledFileError ? err : undefined;
      this.notices.push(
        reason?.missing
          ? {
              level: 'error',
              file: this.folder.display(fromFile),
              message: `tileset file "${shownAs}" not found (looked for ${file}); put it there, or point the map at it in Tiled (Map › Replace Tileset)`,
            }
          : {
              level: 'error',
              file: this.folder.display(file),
              message: `${(err as Error).message}; open and save it again in Tiled`,
            },
      );
      return undefined;
    }
  }

  /** Swaps each image path for the one the server serves it at; drops (with a warning) those it will not serve. */
  private withServedImages(tileset: Json, file: string): Json {
    const name = typeof tileset.name === 'string' ? tileset.name : 'unnamed';
    const shown = this.folder.display(file);
    if (typeof tileset.image === 'string') {
      const image = this.servedImage(tileset.image, file, `tileset "${name}" is not drawn`, shown);
      if (image) tileset.image = image;
      else delete tileset.image;
    }
    if (Array.isArray(tileset.tiles)) {
      tileset.tiles = (tileset.tiles as Json[]).map((tile) => {
        if (typeof tile.image !== 'string') return tile;
        const image = this.servedImage(
          tile.image,
          file,
          `tile ${String(tile.id)} of tileset "${name}" is not drawn`,
          shown,
        );
        const { image: _image, ...rest } = tile;
        return image ? { ...tile, image } : rest;
      });
    }
    return tileset;
  }

  private servedImage(
    reference: string,
    fromFile: string,
    consequence: string,
    shown: string,
  ): string | undefined {
    const file = MapFolder.resolveFrom(fromFile, reference);
    const served = this.folder.serve(file);
    if ('url' in served) return served.url;
    this.notices.push({
      level: 'warning',
      file: shown,
      message:
        served.refused === 'missing'
          ? `image "${reference}" not found (looked for ${file}), so ${consequence} (what it blocks still blocks); put the image there or fix the path in Tiled`
          : `image "${reference}" lies outside the folder served for this map (${this.folder.root}), so browsers cannot load it and ${consequence}; move it inside, or set MAP_ROOT to a folder that holds the map and its images`,
    });
    return undefined;
  }
}
