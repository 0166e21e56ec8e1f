export { DIRECTION_VECTORS, clamp, distance, rectContains, rectDistance } from './geometry';
export { wayOut } from './wayOut';
export type { Rect } from './geometry';
export { WorldMap } from './WorldMap';
export type { Area, WorldMapInit } from './WorldMap';
export { loadTiledMap } from './map/loadTiledMap';
export { interpretMap } from './map/interpretMap';
export type { LayerUse, MapInterpretation, MapSummary } from './map/interpretMap';
export type { FoundSpawn } from './map/findSpawns';
export type { FoundRoom } from './map/findRooms';
export type { CollisionCounts } from './map/collisionGrid';
export { MapConventions } from './map/MapConventions';
export { MapLoadError, noticeText } from './map/MapNotice';
export type { MapNotice, NoticeLevel } from './map/MapNotice';
export { findProperty, hasFlag, isYes, normalName } from './map/mapProperties';
export { TileCatalog, objectBounds } from './map/TileCatalog';
export type { TileInfo } from './map/TileCatalog';
export { GidFlags, TiledMap, gidFlips, plainGid, propertyValue } from './map/tiled';
export type {
  TiledImageLayer,
  TiledLayer,
  TiledObject,
  TiledObjectLayer,
  TiledProperty,
  TiledTile,
  TiledTileLayer,
  TiledTileset,
} from './map/tiled';
export {
  BODY,
  CLIENT_STOP_BACKDATE_MS,
  CLIENT_STROKE_BACKDATE_MS,
  MAX_STOP_BACKDATE_MS,
  MAX_STROKE_BACKDATE_MS,
  WALK_SPEED,
  bodyFits,
  positionAlong,
  positionAt,
  strokeArrivalTime,
  strokeExitTime,
  travelLimit,
} from './movement';
export type { MovementStroke } from './movement';
export { FIND_PATH_DEFAULTS, findPath } from './findPath';
export type { FindPathOptions } from './findPath';
export { strokesAlong } from './pathStrokes';
export { INTEREST, MAX_VIEW, cellOf, cellsInReach, inInterest, nextCellChange } from './interest';
export type { Cell } from './interest';
export { LocalWalker } from './LocalWalker';
export { seededRandom } from './seededRandom';
export { CHAT_RADIUS } from './chat';
export { DEFAULT_PROXIMITY, ProximityLinks, isCaller } from './ProximityLinks';
export type { LinkChanges, Neighbour, ProximityOptions } from './ProximityLinks';
