import { tiledRows } from '@campus/world/testing';

/** 20 × 8 tiles; "room-1" is tiles x 11–18, y 1–6, entered through a gap in its west wall (x 10) at rows 3–4. */
const ROWS = [
  '####################',
  '#.........#........#',
  '#.S.......#........#',
  '#..................#',
  '#..................#',
  '#.........#........#',
  '#.........#........#',
  '####################',
];

/** A small map with one classroom of `capacity` seats, for tests of classrooms. */
export function oneRoomMap(capacity: number): unknown {
  return tiledRows(ROWS, [{ id: 'room-1', name: 'Room 1', capacity, tiles: [11, 1, 8, 6] }]);
}

/** Where a test visitor resumes: standing on tile (tx, ty), facing down. */
export function onTile(tx: number, ty: number): { position: { x: number; y: number }; direction: 'down' } {
  return { position: { x: tx * 16 + 8, y: ty * 16 + 12 }, direction: 'down' };
}
