import type { WorldMap } from '../WorldMap';
import { interpretMap } from './interpretMap';
import { MapLoadError } from './MapNotice';

/**
 * Builds the world model from a self-contained Tiled JSON map (the one the server serves at `/world/map.json`).
 * Throws MapLoadError, with every problem as a one-line notice, when the map cannot be used; warnings are dropped
 * (`interpretMap` returns them).
 */
export function loadTiledMap(json: unknown): WorldMap {
  const { world, notices } = interpretMap(json);
  if (!world) {
    const errors = notices.filter((n) => n.level === 'error');
    throw new MapLoadError(errors.map((n) => n.message).join('; ') || 'the map cannot be used', { notices });
  }
  return world;
}
