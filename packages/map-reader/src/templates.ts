import { plainGid, type MapNotice } from '@campus/world';
import { MapFolder } from './MapFolder';
import { readTiledFile, TiledFileError } from './readTiledFile';
import type { TilesetList } from './TilesetList';

type Json = Record<string, unknown>;

interface Template {
  object: Json;
  /** The external tileset its gid counts from, and that tileset's firstgid in the template. */
  tileset?: { file: string; shownAs: string; firstgid: number };
}

/**
 * Object templates (`.tx`, `.tj`): an object that names one takes the template's fields and properties, its own
 * winning, and a tile object's gid is renumbered from the template's tileset into the map's.
 */
export class Templates {
  private readonly cache = new Map<string, Template | undefined>();

  constructor(
    private readonly folder: MapFolder,
    private readonly tilesets: TilesetList,
    private readonly notices: MapNotice[],
  ) {}

  /** The object with its template applied; undefined (with an error notice) when the template cannot be read. */
  apply(object: Json, fromFile: string, where: string): Json | undefined {
    if (typeof object.template !== 'string') return object;
    const file = MapFolder.resolveFrom(fromFile, object.template);
    const template = this.load(file, object.template, fromFile, where);
    if (!template) return undefined;
    const { template: _template, ...own } = object;
    const merged: Json = { ...template.object, ...own };
    const properties = new Map<string, unknown>();
    for (const p of [template.object.properties, own.properties]) {
      if (Array.isArray(p)) for (const prop of p as Json[]) properties.set(String(prop.name), prop);
    }
    if (properties.size > 0) merged.properties = [...properties.values()];
    // The instance's own gid (a flipped copy, say) is already in the map's numbering.
    if (own.gid === undefined && typeof template.object.gid === 'number' && template.tileset) {
      const firstgid = this.tilesets.firstgidOf(template.tileset.file, template.tileset.shownAs, file);
      if (firstgid === undefined) return undefined;
      const raw = template.object.gid;
      const flags = raw - plainGid(raw);
      merged.gid = flags + firstgid + (plainGid(raw) - template.tileset.firstgid);
    }
    return merged;
  }

  private load(file: string, shownAs: string, fromFile: string, where: string): Template | undefined {
    if (this.cache.has(file)) return this.cache.get(file);
    let template: Template | undefined;
    try {
      const json = readTiledFile(file, 'template');
      const object = json.object;
      if (object === null || typeof object !== 'object')
        throw new TiledFileError('is not a Tiled template file: it has no "object"');
      const ts = json.tileset as Json | undefined;
      template = {
        object: object as Json,
        ...(ts && typeof ts.source === 'string'
          ? {
              tileset: {
                file: MapFolder.resolveFrom(file, ts.source),
                shownAs: ts.source,
                firstgid: typeof ts.firstgid === 'number' ? ts.firstgid : 1,
              },
            }
          : {}),
      };
    } catch (err) {
      const missing = err instanceof TiledFileError && err.missing;
      this.notices.push({
        level: 'error',
        file: missing ? this.folder.display(fromFile) : this.folder.display(file),
        message: missing
          ? `${where}: template "${shownAs}" not found (looked for ${file}); put it there, or detach the object from its template in Tiled (Detach Template)`
          : `${(err as Error).message}; open and save it again in Tiled`,
      });
    }
    this.cache.set(file, template);
    return template;
  }
}
