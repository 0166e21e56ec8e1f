import { json, FRAME } from './mapText';
import { deskImage, lampImage, officeSheet } from './testArt';
import { gidsOf } from './tiledEncoding';

/**
 * A map kept in `assets/map/` whose art lives in sibling folders (`assets/tiles/`, `assets/items/`), as Phaser office
 * projects lay out: an embedded sheet tileset at `../tiles/floor.png`, an image-collection tileset of items (a desk
 * that blocks by its shape, a lamp that blocks by a property), tile objects, a `Collisions` object layer of
 * rectangles for the walls, a `MeetingRoom` with a capacity, and spawns in a `spawns` layer. It runs with
 * `MAP_ROOT=assets`. 20 × 12 tiles.
 */
export function siblingFolderFiles(): Record<string, string | Buffer> {
  const map = {
    type: 'map',
    orientation: 'orthogonal',
    infinite: false,
    width: 20,
    height: 12,
    tilewidth: 16,
    tileheight: 16,
    layers: [
      {
        id: 1,
        name: 'Ground',
        type: 'tilelayer',
        width: 20,
        height: 12,
        visible: true,
        opacity: 1,
        data: new Array<number>(240).fill(1),
      },
      {
        id: 2,
        name: 'Walls',
        type: 'tilelayer',
        width: 20,
        height: 12,
        visible: true,
        opacity: 1,
        data: gidsOf(FRAME, { '#': 2 }),
      },
      {
        id: 3,
        name: 'Collisions',
        type: 'objectgroup',
        visible: false,
        objects: [
          { id: 1, x: 0, y: 0, width: 320, height: 16 },
          { id: 2, x: 0, y: 176, width: 320, height: 16 },
          { id: 3, x: 0, y: 0, width: 16, height: 192 },
          { id: 4, x: 304, y: 0, width: 16, height: 192 },
        ],
      },
      {
        id: 4,
        name: 'Objects',
        type: 'objectgroup',
        visible: true,
        objects: [
          { id: 5, name: 'desk', gid: 101, x: 160, y: 96, width: 32, height: 16 },
          { id: 6, name: 'lamp', gid: 102, x: 224, y: 96, width: 16, height: 32 },
        ],
      },
      {
        id: 5,
        name: 'Zones',
        type: 'objectgroup',
        visible: true,
        objects: [
          {
            id: 7,
            name: 'Board Room',
            class: 'MeetingRoom',
            x: 144,
            y: 32,
            width: 128,
            height: 112,
            properties: [{ name: 'capacity', type: 'int', value: 6 }],
          },
        ],
      },
      {
        id: 6,
        name: 'spawns',
        type: 'objectgroup',
        visible: true,
        objects: [
          { id: 8, point: true, x: 40, y: 88 },
          { id: 9, point: true, x: 56, y: 88 },
        ],
      },
    ],
    tilesets: [
      {
        firstgid: 1,
        name: 'floor',
        image: '../tiles/floor.png',
        imagewidth: 64,
        imageheight: 32,
        tilewidth: 16,
        tileheight: 16,
        tilecount: 8,
        columns: 4,
        tiles: [{ id: 1, properties: [{ name: 'collides', type: 'bool', value: false }] }],
      },
      {
        firstgid: 101,
        name: 'items',
        tilewidth: 32,
        tileheight: 32,
        tilecount: 2,
        columns: 0,
        grid: { orientation: 'orthogonal', width: 1, height: 1 },
        tiles: [
          {
            id: 0,
            image: '../items/desk.png',
            imagewidth: 32,
            imageheight: 16,
            objectgroup: { objects: [{ id: 1, x: 0, y: 4, width: 32, height: 12 }] },
          },
          {
            id: 1,
            image: '../items/lamp.png',
            imagewidth: 16,
            imageheight: 32,
            properties: [{ name: 'collides', type: 'bool', value: true }],
          },
        ],
      },
    ],
  };
  return {
    'assets/map/office.json': json(map),
    'assets/tiles/floor.png': officeSheet(),
    'assets/items/desk.png': deskImage(),
    'assets/items/lamp.png': lampImage(),
    'assets/secret.txt': 'not for browsers\n',
  };
}
