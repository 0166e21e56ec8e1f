/** The campus map: rooms, walls, doors, furniture, courtyard, spawns — built from named tiles. */
import { buildWalls } from './campusBuildings';
import { blockedCells, verify } from './campusChecks';
import { createGrid } from './campusGrid';
import { layGround, paveCobbles, placeOutdoorProps, plantHedgeBorder } from './campusGrounds';
import { furnishRooms } from './campusInteriors';
import type { Layers } from './campusPlan';
import type { Tileset } from './tileset';

export interface Campus {
  layers: Layers;
  blocked: boolean[];
}

/** The order matters: later steps overwrite floor tiles, and cobbles look at what is already down. */
export function buildCampus(ts: Tileset): Campus {
  const grid = createGrid(ts);
  const path = layGround(grid);
  buildWalls(grid);
  furnishRooms(grid);
  placeOutdoorProps(grid);
  plantHedgeBorder(grid);
  paveCobbles(grid, path);
  const blocked = blockedCells(ts, grid.layers);
  verify(blocked);
  return { layers: grid.layers, blocked };
}
