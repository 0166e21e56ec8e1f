export { readMapFile } from './readMapFile';
export type { MapBundle, ReadMapOptions } from './readMapFile';
export { MapFolder } from './MapFolder';
export type { RefusedFile } from './MapFolder';
export { decodeLayerData, LayerDataError } from './layerData';
export { parseTemplateXml, parseTilesetXml, TiledXmlError } from './tiledXml';
