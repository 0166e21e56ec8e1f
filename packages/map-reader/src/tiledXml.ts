import { XMLParser } from 'fast-xml-parser';

/**
 * Tiled's XML twin of its JSON format, for the files maps reference: tilesets (`.tsx`) and object templates (`.tx`).
 * Each is turned into the object Tiled would have written as JSON (`.tsj`, `.tj`), so one code path reads both.
 * Reference: https://doc.mapeditor.org/en/stable/reference/tmx-map-format/
 */

type XmlNode = Record<string, unknown>;

const REPEATED = new Set(['tile', 'property', 'object', 'frame', 'item', 'wangset', 'wangcolor', 'wangtile']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  textNodeName: '#text',
  isArray: (name) => REPEATED.has(name),
});

/** A file that is not the XML Tiled writes. */
export class TiledXmlError extends Error {
  readonly code = 'MAP_XML_INVALID';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TiledXmlError';
  }
}

function parse(text: string, root: string): XmlNode {
  let doc: XmlNode;
  try {
    doc = parser.parse(text, true) as XmlNode;
  } catch (err) {
    const detail = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new TiledXmlError(`not well-formed XML (${detail})`, { cause: err });
  }
  const node = doc[root];
  if (node === null || typeof node !== 'object') {
    const found = Object.keys(doc).find((k) => !k.startsWith('?'));
    throw new TiledXmlError(`expected a <${root}> element, found ${found ? `<${found}>` : 'nothing'}`);
  }
  return node as XmlNode;
}

const child = (node: XmlNode, name: string): XmlNode | undefined => {
  const value = node[name];
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as XmlNode)
    : undefined;
};
const children = (node: XmlNode | undefined, name: string): XmlNode[] =>
  Array.isArray(node?.[name]) ? (node[name] as XmlNode[]) : [];
const text = (node: XmlNode, name: string): string | undefined =>
  typeof node[name] === 'string' ? (node[name] as string) : undefined;
const num = (node: XmlNode | undefined, name: string): number | undefined => {
  const value = node ? text(node, name) : undefined;
  return value === undefined || value.trim() === '' ? undefined : Number(value);
};

/** Drops undefined fields, as JSON would not have them. */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** A property's value in the type Tiled's JSON gives it. */
function propertyValue(p: XmlNode, type: string): unknown {
  const raw = text(p, 'value') ?? text(p, '#text');
  switch (type) {
    case 'int':
    case 'float':
    case 'object':
      return raw === undefined ? 0 : Number(raw);
    case 'bool':
      return raw === 'true';
    case 'class':
      return Object.fromEntries(
        xmlProperties(child(p, 'properties')).map((member) => [member.name, member.value] as const),
      );
    case 'list':
      // Each <item> holds one value with its own type (Tiled 1.12 list properties).
      return children(p, 'item').map((item) => {
        const itemType = text(item, 'type') ?? 'string';
        return defined({
          type: itemType,
          propertytype: text(item, 'propertytype'),
          value: propertyValue(item, itemType),
        });
      });
    default:
      // string, color, file: as written (colors as #AARRGGBB); a multi-line string is the element's text.
      return raw ?? '';
  }
}

/** The `<properties>` of an element, as JSON's `[{name, type, value}]`. */
export function xmlProperties(
  node: XmlNode | undefined,
): Array<{ name: string; type: string; value: unknown }> {
  return children(node, 'property').map((p) => {
    const type = text(p, 'type') ?? 'string';
    return defined({
      name: text(p, 'name') ?? '',
      type,
      propertytype: text(p, 'propertytype'),
      value: propertyValue(p, type),
    });
  });
}

function points(value: string | undefined): Array<{ x: number; y: number }> | undefined {
  if (value === undefined) return undefined;
  return value
    .trim()
    .split(/\s+/)
    .map((pair) => {
      const [x = '0', y = '0'] = pair.split(',');
      return { x: Number(x), y: Number(y) };
    });
}

/** An `<object>`: a shape, a tile object, a point or a text, with its properties. */
export function xmlObject(o: XmlNode): Record<string, unknown> {
  const props = xmlProperties(child(o, 'properties'));
  const visible = text(o, 'visible');
  return defined({
    id: num(o, 'id'),
    name: text(o, 'name'),
    type: text(o, 'type'),
    class: text(o, 'class'),
    template: text(o, 'template'),
    x: num(o, 'x'),
    y: num(o, 'y'),
    width: num(o, 'width'),
    height: num(o, 'height'),
    rotation: num(o, 'rotation'),
    // gids are unsigned 32-bit: flips live in the top bits.
    gid: num(o, 'gid'),
    visible: visible === undefined ? undefined : visible !== '0',
    ellipse: 'ellipse' in o ? true : undefined,
    point: 'point' in o ? true : undefined,
    polygon: points(text(child(o, 'polygon') ?? {}, 'points')),
    polyline: points(text(child(o, 'polyline') ?? {}, 'points')),
    text: 'text' in o ? { text: String((child(o, 'text') ?? {})['#text'] ?? o.text ?? '') } : undefined,
    properties: props.length > 0 ? props : undefined,
  });
}

function xmlImage(image: XmlNode | undefined): { image?: string; imagewidth?: number; imageheight?: number } {
  if (!image) return {};
  return defined({
    image: text(image, 'source'),
    imagewidth: num(image, 'width'),
    imageheight: num(image, 'height'),
  });
}

/** A `.tsx` tileset as the JSON object Tiled writes in a `.tsj`. */
export function parseTilesetXml(source: string): Record<string, unknown> {
  const ts = parse(source, 'tileset');
  const offset = child(ts, 'tileoffset');
  const tiles = children(ts, 'tile').map((tile) => {
    const props = xmlProperties(child(tile, 'properties'));
    const shapes = child(tile, 'objectgroup');
    const frames = children(child(tile, 'animation'), 'frame');
    return defined({
      id: num(tile, 'id') ?? 0,
      type: text(tile, 'type'),
      class: text(tile, 'class'),
      probability: num(tile, 'probability'),
      ...xmlImage(child(tile, 'image')),
      properties: props.length > 0 ? props : undefined,
      objectgroup: shapes
        ? { type: 'objectgroup', name: '', objects: children(shapes, 'object').map(xmlObject) }
        : undefined,
      animation:
        frames.length > 0
          ? frames.map((f) => ({ tileid: num(f, 'tileid') ?? 0, duration: num(f, 'duration') ?? 0 }))
          : undefined,
    });
  });
  const props = xmlProperties(child(ts, 'properties'));
  return defined({
    type: 'tileset',
    name: text(ts, 'name'),
    class: text(ts, 'class'),
    tilewidth: num(ts, 'tilewidth'),
    tileheight: num(ts, 'tileheight'),
    tilecount: num(ts, 'tilecount'),
    columns: num(ts, 'columns'),
    margin: num(ts, 'margin'),
    spacing: num(ts, 'spacing'),
    tilerendersize: text(ts, 'tilerendersize'),
    objectalignment: text(ts, 'objectalignment'),
    tileoffset: offset ? { x: num(offset, 'x') ?? 0, y: num(offset, 'y') ?? 0 } : undefined,
    ...xmlImage(child(ts, 'image')),
    tiles: tiles.length > 0 ? tiles : undefined,
    properties: props.length > 0 ? props : undefined,
  });
}

/** A `.tx` object template as the JSON object Tiled writes in a `.tj`. */
export function parseTemplateXml(source: string): Record<string, unknown> {
  const template = parse(source, 'template');
  const tileset = child(template, 'tileset');
  const object = children(template, 'object')[0];
  if (!object) throw new TiledXmlError('the template has no <object>');
  return defined({
    type: 'template',
    tileset: tileset
      ? { firstgid: num(tileset, 'firstgid') ?? 1, source: text(tileset, 'source') }
      : undefined,
    object: xmlObject(object),
  });
}
