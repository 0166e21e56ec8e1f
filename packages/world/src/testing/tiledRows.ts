/**
 * A Tiled JSON map drawn as text, for tests that need a map file: `#` is a wall tile (collides), `.` floor,
 * `S` floor with a spawn point at the tile's centre. Areas are given in tiles.
 */
export function tiledRows(
  rows: readonly string[],
  areas: ReadonlyArray<{
    id: string;
    name: string;
    capacity: number;
    tiles: [number, number, number, number];
  }> = [],
): Record<string, unknown> {
  const height = rows.length;
  const width = rows[0]?.length ?? 0;
  const floor: number[] = [];
  const walls: number[] = [];
  const spawns: Array<Record<string, unknown>> = [];
  let nextId = 1;
  rows.forEach((row, r) =>
    [...row].forEach((cell, c) => {
      floor.push(1);
      walls.push(cell === '#' ? 2 : 0);
      if (cell === 'S')
        spawns.push({
          id: nextId++,
          name: 'spawn',
          type: 'spawn',
          point: true,
          x: c * 16 + 8,
          y: r * 16 + 12,
        });
    }),
  );
  return {
    type: 'map',
    orientation: 'orthogonal',
    infinite: false,
    width,
    height,
    tilewidth: 16,
    tileheight: 16,
    layers: [
      { type: 'tilelayer', name: 'floor', width, height, data: floor },
      { type: 'tilelayer', name: 'walls', width, height, data: walls },
      {
        type: 'objectgroup',
        name: 'areas',
        objects: areas.map((a) => ({
          id: nextId++,
          name: a.name,
          type: 'room',
          x: a.tiles[0] * 16,
          y: a.tiles[1] * 16,
          width: a.tiles[2] * 16,
          height: a.tiles[3] * 16,
          properties: [
            { name: 'roomId', type: 'string', value: a.id },
            { name: 'capacity', type: 'int', value: a.capacity },
          ],
        })),
      },
      { type: 'objectgroup', name: 'spawns', objects: spawns },
    ],
    tilesets: [
      {
        firstgid: 1,
        name: 'test',
        image: 'test.png',
        columns: 2,
        tilecount: 2,
        tilewidth: 16,
        tileheight: 16,
        tiles: [{ id: 1, properties: [{ name: 'collides', type: 'bool', value: true }] }],
      },
    ],
  };
}
