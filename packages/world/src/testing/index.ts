export { gridMap } from './gridMap';
export { tiledRows } from './tiledRows';
export { seededRandom } from '../seededRandom';
