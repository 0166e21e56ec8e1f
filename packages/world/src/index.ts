export { DIRECTION_VECTORS, clamp, distance, rectContains } from './geometry';
export type { Rect } from './geometry';
export { WorldMap } from './WorldMap';
export type { Area, WorldMapInit } from './WorldMap';
export { MapConventions, MapLoadError, loadTiledMap } from './loadTiledMap';
export { TiledMap, plainGid, propertyValue } from './tiled';
export type { TiledObject, TiledProperty, TiledTileLayer, TiledTileset } from './tiled';
export {
  BODY,
  WALK_SPEED,
  bodyFits,
  positionAlong,
  positionAt,
  strokeArrivalTime,
  strokeExitTime,
  travelLimit,
} from './movement';
export type { MovementStroke } from './movement';
export { INTEREST, MAX_VIEW, cellOf, cellsInReach, inInterest, nextCellChange } from './interest';
export type { Cell } from './interest';
export { LocalWalker } from './LocalWalker';
export { seededRandom } from './seededRandom';
export { CHAT_RADIUS } from './chat';
export { DEFAULT_PROXIMITY, ProximityLinks, isCaller } from './ProximityLinks';
export type { LinkChanges, Neighbour, ProximityOptions } from './ProximityLinks';
