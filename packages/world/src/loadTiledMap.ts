import type { Point } from '@campus/protocol';
import { plainGid, propertyValue, TiledMap, type TiledObject, type TiledTileLayer } from './tiled';
import { WorldMap, type Area } from './WorldMap';

/** A map file that cannot be used, with the reason a map author can act on. */
export class MapLoadError extends Error {
  readonly code = 'MAP_INVALID';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MapLoadError';
  }
}

/** Layer names with a meaning to the loader; see docs/maps.md. */
export const MapConventions = {
  COLLISION_LAYER: 'collision',
  AREAS_LAYER: 'areas',
  SPAWNS_LAYER: 'spawns',
  COLLIDES_PROPERTY: 'collides',
  ROOM_TYPE: 'room',
  SPAWN_TYPE: 'spawn',
} as const;

/**
 * Builds the world model from a map saved in Tiled's JSON format.
 * A cell blocks when any layer's tile there has `collides: true`, or when the `collision` layer has any tile there.
 * Throws MapLoadError with a message naming what to fix.
 */
export function loadTiledMap(json: unknown): WorldMap {
  const parsed = TiledMap.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new MapLoadError(
      `not a usable Tiled JSON map: ${first ? `${first.path.join('.')}: ${first.message}` : 'unknown shape'}`,
      { cause: parsed.error },
    );
  }
  const map = parsed.data;
  if (map.tilewidth !== map.tileheight) {
    throw new MapLoadError(`tiles must be square, got ${map.tilewidth}×${map.tileheight}`);
  }
  const collidingGids = collidingTileGids(map);
  const blocked = new Uint8Array(map.width * map.height);
  const tileLayers = map.layers.filter((l): l is TiledTileLayer => l.type === 'tilelayer');
  for (const layer of tileLayers) {
    if (
      layer.width !== map.width ||
      layer.height !== map.height ||
      layer.data.length !== map.width * map.height
    ) {
      throw new MapLoadError(
        `layer "${layer.name}" must be ${map.width}×${map.height} tiles with ${map.width * map.height} entries`,
      );
    }
    const wholeLayerBlocks = layer.name === MapConventions.COLLISION_LAYER;
    layer.data.forEach((raw, i) => {
      const gid = plainGid(raw);
      if (gid !== 0 && (wholeLayerBlocks || collidingGids.has(gid))) blocked[i] = 1;
    });
  }

  const objects = map.layers.flatMap((l) =>
    l.type === 'objectgroup' ? l.objects.map((o) => ({ o, layer: l.name })) : [],
  );
  const areas = objects
    .filter(
      ({ o, layer }) => objectClass(o) === MapConventions.ROOM_TYPE || layer === MapConventions.AREAS_LAYER,
    )
    .map(({ o }) => toArea(o));
  const ids = new Set<string>();
  for (const a of areas) {
    if (ids.has(a.id)) throw new MapLoadError(`two areas share the roomId "${a.id}"`);
    ids.add(a.id);
  }
  const spawns: Point[] = objects
    .filter(
      ({ o, layer }) => objectClass(o) === MapConventions.SPAWN_TYPE || layer === MapConventions.SPAWNS_LAYER,
    )
    .map(({ o }) => ({ x: o.x, y: o.y }));
  if (spawns.length === 0) {
    throw new MapLoadError(`the map needs at least one spawn point (a point object of type "spawn")`);
  }

  const world = new WorldMap({
    widthTiles: map.width,
    heightTiles: map.height,
    tileSize: map.tilewidth,
    blocked,
    areas,
    spawns,
  });
  for (const s of spawns) {
    const column = Math.floor(s.x / world.tileSize);
    const row = Math.floor((s.y - 0.001) / world.tileSize);
    if (world.isBlockedTile(column, row)) {
      throw new MapLoadError(`spawn point at (${s.x}, ${s.y}) is on a blocked tile`);
    }
  }
  return world;
}

function objectClass(o: TiledObject): string | undefined {
  // Tiled 1.9 renamed an object's "type" to "class"; maps from either era load.
  return o.class ?? o.type;
}

function toArea(o: TiledObject): Area {
  const roomId = propertyValue(o.properties, 'roomId') ?? propertyValue(o.properties, 'id');
  const capacity = propertyValue(o.properties, 'capacity');
  const kind = propertyValue(o.properties, 'kind') ?? 'classroom';
  const label = `area "${o.name || o.id}"`;
  if (typeof roomId !== 'string' || !/^[a-z0-9][a-z0-9-]{0,63}$/.test(roomId)) {
    throw new MapLoadError(
      `${label} needs a string property "roomId" of lowercase letters, digits and dashes`,
    );
  }
  if (typeof capacity !== 'number' || !Number.isInteger(capacity) || capacity < 1) {
    throw new MapLoadError(`${label} needs an int property "capacity" of at least 1`);
  }
  if (typeof kind !== 'string') throw new MapLoadError(`${label}: property "kind" must be a string`);
  if (!(o.width > 0 && o.height > 0)) throw new MapLoadError(`${label} must be a rectangle with a size`);
  return {
    id: roomId,
    name: o.name || roomId,
    kind,
    capacity,
    rect: { x: o.x, y: o.y, width: o.width, height: o.height },
  };
}

function collidingTileGids(map: TiledMap): Set<number> {
  const gids = new Set<number>();
  for (const ts of map.tilesets) {
    if (ts.source !== undefined) {
      throw new MapLoadError(
        `tileset "${ts.source}" is external; embed it in the map (Tiled: Map › Embed Tileset) so client and server read one file`,
      );
    }
    for (const tile of ts.tiles ?? []) {
      if (propertyValue(tile.properties, MapConventions.COLLIDES_PROPERTY) === true)
        gids.add(ts.firstgid + tile.id);
    }
  }
  return gids;
}
