import type { Point } from '@campus/protocol';
import { rectContains, type Rect } from './geometry';

/** A region of the map people can enter as a group, such as a classroom. */
export interface Area {
  id: string;
  name: string;
  /** What the area is for: `classroom`, `lecture-hall`, `lounge`, … */
  kind: string;
  /** How many people it holds. */
  capacity: number;
  rect: Rect;
}

export interface WorldMapInit {
  widthTiles: number;
  heightTiles: number;
  tileSize: number;
  /** One byte per tile, row-major; non-zero blocks movement. */
  blocked: Uint8Array;
  areas: Area[];
  spawns: Point[];
}

/** The walkable world: its size, which tiles block, its areas and spawn points. Immutable once built. */
export class WorldMap {
  readonly widthTiles: number;
  readonly heightTiles: number;
  readonly tileSize: number;
  readonly widthPx: number;
  readonly heightPx: number;
  readonly areas: readonly Area[];
  readonly spawns: readonly Point[];
  private readonly blocked: Uint8Array;

  constructor(init: WorldMapInit) {
    if (init.blocked.length !== init.widthTiles * init.heightTiles) {
      throw new Error(
        `blocked grid has ${init.blocked.length} cells, expected ${init.widthTiles * init.heightTiles}`,
      );
    }
    this.widthTiles = init.widthTiles;
    this.heightTiles = init.heightTiles;
    this.tileSize = init.tileSize;
    this.widthPx = init.widthTiles * init.tileSize;
    this.heightPx = init.heightTiles * init.tileSize;
    this.blocked = init.blocked;
    this.areas = init.areas;
    this.spawns = init.spawns;
  }

  /** Tiles outside the map count as blocked, so nothing walks off the edge. */
  isBlockedTile(column: number, row: number): boolean {
    if (column < 0 || row < 0 || column >= this.widthTiles || row >= this.heightTiles) return true;
    return this.blocked[row * this.widthTiles + column] !== 0;
  }

  /** True when the point lies within the map's pixel bounds. */
  containsPoint(p: Point): boolean {
    return p.x >= 0 && p.y >= 0 && p.x <= this.widthPx && p.y <= this.heightPx;
  }

  /** The area containing the point, if any. */
  areaAt(p: Point): Area | undefined {
    return this.areas.find((a) => rectContains(a.rect, p));
  }

  areaById(id: string): Area | undefined {
    return this.areas.find((a) => a.id === id);
  }
}
