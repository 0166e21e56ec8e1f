/** Room furnishing: the three classrooms, the tiered lecture hall and the library. */
import type { CampusGrid } from './campusGrid';
import { ROOMS, type RoomDef } from './campusPlan';
import { hash } from './png';

export function furnishRooms(grid: CampusGrid): void {
  const { set, rect, place } = grid;
  // ---------------------------------------------------------------- classrooms
  const classroom = (r: RoomDef, board: string, chairs: string, rug: string | null) => {
    const ix = r.x0 + 1;
    const iy = r.y0 + 3;
    const fy = r.y0 + 1;
    place(`board.${board}`, ix + 5, fy);
    place('clock', ix + 3, fy);
    place('noticeboard', ix + 9, fy);
    if (rug) rugRect(rug, r.floor, ix + 4, iy, 5, 3);
    place('bookshelf.1', ix, iy - 1);
    place('plant.tall', ix + 13, iy - 1);
    place('teacherdesk', ix + 5, iy + 1);
    place('chair.down.' + chairs, ix + 6, iy);
    const variants = ['desk.book', 'desk.plain', 'desk.laptop', 'desk.paper', 'desk.plain', 'desk.book'];
    let k = 0;
    for (const dy of [3, 6])
      for (const dx of [2, 6, 10]) {
        place(variants[(k + r.x0) % variants.length] ?? 'desk.plain', ix + dx, iy + dy);
        place(`chair.up.${chairs}`, ix + dx, iy + dy + 1);
        place(`chair.up.${chairs}`, ix + dx + 1, iy + dy + 1);
        k++;
      }
    place('plant.bush', ix, iy + 8);
    place('plant.cactus', ix + 13, iy + 8);
    place('bookshelf.2', ix + 13, iy + 2);
  };
  const rugRect = (rug: string, floor: string, x: number, y: number, w: number, h: number) => {
    for (let j = 0; j < h; j++)
      for (let i = 0; i < w; i++) {
        const col = i === 0 ? 0 : i === w - 1 ? 2 : 1;
        const row = j === 0 ? 0 : j === h - 1 ? 2 : 1;
        set('floor', x + i, y + j, `rug.${rug}.${col}${row}@${floor}`);
      }
  };
  const [r101, r102, r103, hall, lib] = ROOMS;
  if (!r101 || !r102 || !r103 || !hall || !lib) throw new Error('rooms');
  classroom(r101, 'chalk', 'rose', null);
  classroom(r102, 'white', 'teal', 'sun');
  classroom(r103, 'white', 'blue', 'berry');

  // ---------------------------------------------------------------- lecture hall
  place('board.screen', 30, 29);
  place('clock', 36, 29);
  rect('floor', 24, 31, 18, 2, 'floor.stage');
  rect('floor', 24, 33, 18, 1, 'floor.stage.edge');
  place('lectern', 32, 31);
  place('plant.tall', 24, 31);
  place('plant.tall', 41, 31);
  for (const y of [35, 37, 39]) {
    rect('floor', 18, y, 30, 1, 'floor.wine.step');
    const blocks: [number, number][] = [
      [21, 30],
      [35, 44],
    ];
    for (const [x0, x1] of blocks) {
      for (let x = x0; x <= x1; x++) {
        const v = x === x0 ? 'L' : x === x1 ? 'R' : hash(x, y, 9) < 0.3 ? 'M2' : 'M';
        place(`counter.${v}`, x, y);
        place('chair.up.plum', x, y + 1);
      }
    }
  }
  place('plant.bush', 18, 40);
  place('plant.bush', 47, 40);
  place('plant.cactus', 18, 31);
  place('plant.cactus', 47, 31);

  // ---------------------------------------------------------------- library
  rugRect('sea', lib.floor, 53, 33, 4, 6);
  place('clock', 51, 29);
  for (const x of [49, 50, 51, 52, 57, 58, 59, 60]) place(`bookshelf.${(x % 2) + 1}`, x, 30);
  for (const x of [49, 50, 51, 58, 59, 60]) place(`bookshelf.${((x + 1) % 2) + 1}`, x, 34);
  for (const x of [49, 50, 51]) place(`bookshelf.${(x % 2) + 1}`, x, 38);
  place('readingtable', 54, 35);
  place('armchair.down', 54, 34);
  place('armchair.down', 55, 34);
  place('armchair.up', 54, 37);
  place('armchair.up', 55, 37);
  place('plant.tall', 60, 39);
  place('plant.cactus', 57, 40);
  place('plant.bush', 49, 40);
}
