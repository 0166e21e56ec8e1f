export { gridMap } from './gridMap';
export { tiledRows } from './tiledRows';
