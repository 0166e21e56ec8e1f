import { json, FRAME } from './mapText';
import { officeSheet } from './testArt';
import { gidsOf } from './tiledEncoding';

/**
 * A game-tutorial map (`map.json`): CSV layers "Below Player", "World", "Above Player"; an external JSON tileset
 * (`tiles.tsj`) whose walls block only by collision shapes; water rotated with flip flags; a "Spawn Point" object.
 * 20 × 12 tiles.
 */
export function tutorialFiles(): Record<string, string | Buffer> {
  const world = gidsOf(FRAME, { '#': 2 });
  // A pond of flipped water tiles at (5..6, 5): horizontally, vertically and anti-diagonally flipped.
  world[5 * 20 + 5] = 0x80000000 + 8;
  world[5 * 20 + 6] = 0x40000000 + 0x20000000 + 8;
  const tileset = {
    type: 'tileset',
    name: 'tiles',
    image: 'tiles.png',
    imagewidth: 64,
    imageheight: 32,
    tilewidth: 16,
    tileheight: 16,
    tilecount: 8,
    columns: 4,
    margin: 0,
    spacing: 0,
    tiles: [
      {
        id: 1,
        objectgroup: {
          type: 'objectgroup',
          name: '',
          objects: [{ id: 1, x: 0, y: 0, width: 16, height: 16 }],
        },
      },
      {
        id: 7,
        objectgroup: {
          type: 'objectgroup',
          name: '',
          objects: [
            {
              id: 1,
              x: 0,
              y: 0,
              polygon: [
                { x: 0, y: 0 },
                { x: 16, y: 0 },
                { x: 8, y: 16 },
              ],
            },
          ],
        },
      },
    ],
  };
  const layer = (id: number, name: string, data: number[]) => ({
    id,
    name,
    type: 'tilelayer',
    width: 20,
    height: 12,
    x: 0,
    y: 0,
    opacity: 1,
    visible: true,
    data,
  });
  const map = {
    type: 'map',
    version: '1.10',
    orientation: 'orthogonal',
    renderorder: 'right-down',
    infinite: false,
    width: 20,
    height: 12,
    tilewidth: 16,
    tileheight: 16,
    layers: [
      layer(1, 'Below Player', new Array<number>(240).fill(1)),
      layer(2, 'World', world),
      layer(
        3,
        'Above Player',
        gidsOf(
          FRAME.map((r, i) => (i === 0 ? r : ' '.repeat(20))),
          { '#': 6 },
        ),
      ),
      {
        id: 4,
        name: 'Objects',
        type: 'objectgroup',
        opacity: 1,
        visible: true,
        objects: [
          {
            id: 1,
            name: 'Spawn Point',
            type: '',
            point: true,
            x: 80,
            y: 120,
            width: 0,
            height: 0,
            rotation: 0,
            visible: true,
          },
        ],
      },
    ],
    tilesets: [{ firstgid: 1, source: 'tiles.tsj' }],
  };
  return { 'map.json': json(map), 'tiles.tsj': json(tileset), 'tiles.png': officeSheet() };
}
