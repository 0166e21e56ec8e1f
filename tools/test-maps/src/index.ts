export { OFFICE } from './officeMap';
export { WORKSHOP } from './workshopMap';
export { TEST_MAPS, writeTestMap } from './testMaps';
export type { TestMapName } from './testMaps';
export { base64Layer, gidsOf } from './tiledEncoding';
