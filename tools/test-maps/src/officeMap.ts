import { furnitureSheet, officeSheet } from './testArt';
import { attr, base64Layer, gidsOf } from './tiledEncoding';

/**
 * An office as a WorkAdventure author would save it (`office.tmj`): external XML tilesets in `tilesets/`, base64 layers
 * compressed with zlib and gzip inside nested groups, a hidden `start` tile layer, tile-object furniture (one table
 * from an XML template), a `floorLayer` with a meeting zone (class `area`, `jitsiRoom`), lintels after the floor layer,
 * and a map property of every type. 24 × 14 tiles of 16 px.
 *
 * The left room holds the spawn (tile 3, 9), a table from tile (6, 9) to (7, 10) whose collision shape covers both
 * rows, and a door in the dividing wall (column 11) on rows 6 and 7. The right room is the zone "Quiet Room".
 */
export const OFFICE = {
  width: 24,
  height: 14,
  spawnTile: [3, 9] as const,
  table: { column: 6, rows: [9, 10] },
  doorRows: [6, 7],
  wallColumn: 11,
  room: { id: 'quiet-room', x: 192, y: 16, width: 176, height: 192 },
};

// Office sheet gids (firstgid 1): floor 1, wall 2, carpet 3, mat 4, start 5, lintel 6. Furniture (firstgid 9): table 9,
// chair 10, plant 11.
const WALLS = [
  '########################',
  '#..........#...........#',
  '#..........#...........#',
  '#..........#...........#',
  '#..........#...........#',
  '#..........#...........#',
  '#......................#',
  '#......................#',
  '#..........#...........#',
  '#..........#...........#',
  '#..........#...........#',
  '#..........#...........#',
  '#..........#...........#',
  '########################',
];

const rows = (fill: (c: number, r: number) => number): number[] =>
  Array.from({ length: OFFICE.width * OFFICE.height }, (_, i) =>
    fill(i % OFFICE.width, Math.floor(i / OFFICE.width)),
  );

const OFFICE_TSX = `<?xml version="1.0" encoding="UTF-8"?>
<tileset version="1.10" tiledversion="1.10.2" name="office" tilewidth="16" tileheight="16" tilecount="8" columns="4">
 <image source="office.png" width="64" height="32"/>
 <tile id="1" type="wall">
  <properties>
   <property name="collides" type="bool" value="true"/>
   <property name="material" value="brick"/>
   <property name="note">a wall,
two lines</property>
  </properties>
 </tile>
 <tile id="4">
  <properties>
   <property name="marker" type="class" propertytype="Marker">
    <properties>
     <property name="colour" type="color" value="#ff6cc06c"/>
     <property name="size" type="int" value="1"/>
    </properties>
   </property>
   <property name="weight" type="float" value="2.5"/>
   <property name="sound" type="file" value="../sounds/step.ogg"/>
   <property name="door" type="object" value="3"/>
   <property name="tags" type="list">
    <item type="string" value="entry"/>
    <item type="int" value="3"/>
   </property>
  </properties>
 </tile>
 <tile id="7">
  <properties>
   <property name="solid" type="bool" value="true"/>
  </properties>
 </tile>
</tileset>
`;

const FURNITURE_TSX = `<?xml version="1.0" encoding="UTF-8"?>
<tileset version="1.10" tiledversion="1.10.2" name="furniture" tilewidth="32" tileheight="32" tilecount="3" columns="3">
 <image source="furniture.png" width="96" height="32"/>
 <tile id="0" type="table">
  <objectgroup draworder="index" id="2">
   <object id="1" x="2" y="10" width="28" height="20"/>
  </objectgroup>
 </tile>
 <tile id="2">
  <properties>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
</tileset>
`;

const TABLE_TX = `<?xml version="1.0" encoding="UTF-8"?>
<template>
 <tileset firstgid="1" source="../tilesets/furniture.tsx"/>
 <object name="table" gid="1" width="32" height="32">
  <properties>
   <property name="seats" type="int" value="4"/>
  </properties>
 </object>
</template>
`;

function tileObject(
  id: number,
  name: string,
  gid: number,
  column: number,
  bottomRow: number,
  extra = '',
): string {
  return `{ "id": ${id}, "name": "${attr(name)}", "gid": ${gid}, "x": ${column * 16}, "y": ${(bottomRow + 1) * 16}, "width": 32, "height": 32, "rotation": 0, "visible": true${extra} }`;
}

function officeTmj(): string {
  const floor = rows((c, r) => (WALLS[r]?.[c] === '#' ? 0 : 1));
  const walls = gidsOf(WALLS, { '#': 2 });
  const carpet = rows((c, r) => (c >= 13 && c <= 21 && r >= 3 && r <= 10 ? 3 : 0));
  const start = rows((c, r) => (c === OFFICE.spawnTile[0] && r === OFFICE.spawnTile[1] ? 5 : 0));
  const lintels = rows((c, r) => (c === OFFICE.wallColumn && (r === 5 || r === 6) ? 6 : 0));
  const { room } = OFFICE;
  const map = `{
  "type": "map", "version": "1.10", "tiledversion": "1.10.2", "orientation": "orthogonal", "renderorder": "right-down",
  "infinite": false, "width": ${OFFICE.width}, "height": ${OFFICE.height}, "tilewidth": 16, "tileheight": 16,
  "compressionlevel": -1, "nextlayerid": 12, "nextobjectid": 20,
  "properties": [
    { "name": "title", "type": "string", "value": "Test office" },
    { "name": "floors", "type": "int", "value": 1 },
    { "name": "scale", "type": "float", "value": 1.5 },
    { "name": "public", "type": "bool", "value": true },
    { "name": "tint", "type": "color", "value": "#ff336699" },
    { "name": "script", "type": "file", "value": "scripts/office.js" },
    { "name": "entrance", "type": "object", "value": 3 },
    { "name": "owner", "type": "class", "propertytype": "Contact", "value": { "name": "IT desk", "phone": { "extension": 42 } } },
    { "name": "tags", "type": "list", "value": [{ "type": "string", "value": "office" }, { "type": "int", "value": 7 }] }
  ],
  "layers": [
    { "id": 1, "type": "group", "name": "building", "visible": true, "opacity": 1, "offsetx": 0, "offsety": 0, "layers": [
      { "id": 2, "type": "tilelayer", "name": "floor", "width": ${OFFICE.width}, "height": ${OFFICE.height}, "x": 0, "y": 0, "visible": true, "opacity": 1,
        "encoding": "base64", "compression": "zlib", "data": "${base64Layer(floor, 'zlib')}" },
      { "id": 3, "type": "tilelayer", "name": "walls", "width": ${OFFICE.width}, "height": ${OFFICE.height}, "x": 0, "y": 0, "visible": true, "opacity": 1,
        "encoding": "base64", "compression": "zlib", "data": "${base64Layer(walls, 'zlib')}" },
      { "id": 4, "type": "group", "name": "details", "visible": true, "opacity": 1, "layers": [
        { "id": 5, "type": "tilelayer", "name": "carpet", "width": ${OFFICE.width}, "height": ${OFFICE.height}, "x": 0, "y": 0, "visible": true, "opacity": 1,
          "encoding": "base64", "compression": "gzip", "data": "${base64Layer(carpet, 'gzip')}" },
        { "id": 6, "type": "tilelayer", "name": "notes", "width": ${OFFICE.width}, "height": ${OFFICE.height}, "x": 0, "y": 0, "visible": false, "opacity": 1,
          "encoding": "base64", "data": "${base64Layer(walls)}" }
      ] }
    ] },
    { "id": 7, "type": "tilelayer", "name": "start", "width": ${OFFICE.width}, "height": ${OFFICE.height}, "x": 0, "y": 0, "visible": false, "opacity": 1,
      "encoding": "base64", "compression": "zlib", "data": "${base64Layer(start, 'zlib')}" },
    { "id": 8, "type": "objectgroup", "name": "furniture", "draworder": "topdown", "visible": true, "opacity": 1, "objects": [
      { "id": 1, "template": "templates/table.tx", "x": ${OFFICE.table.column * 16}, "y": ${(OFFICE.table.rows[1]! + 1) * 16} },
      ${tileObject(2, 'chair', 10, 6, 8)},
      ${tileObject(4, 'plant', 11, 1, 2)},
      ${tileObject(5, 'desk', 9, 16, 10, ', "properties": [{ "name": "owner", "type": "string", "value": "Ms Quill" }]')},
      ${tileObject(6, 'chair (mirrored)', 0x80000000 + 10, 18, 10)}
    ] },
    { "id": 9, "type": "objectgroup", "name": "floorLayer", "draworder": "topdown", "visible": true, "opacity": 1, "objects": [
      { "id": 3, "name": "", "type": "area", "x": ${room.x}, "y": ${room.y}, "width": ${room.width}, "height": ${room.height}, "rotation": 0, "visible": true,
        "properties": [{ "name": "jitsiRoom", "type": "string", "value": "Quiet Room" }, { "name": "capacity", "type": "int", "value": 6 }] }
    ] },
    { "id": 10, "type": "tilelayer", "name": "lintels", "width": ${OFFICE.width}, "height": ${OFFICE.height}, "x": 0, "y": 0, "visible": true, "opacity": 1,
      "encoding": "base64", "compression": "zlib", "data": "${base64Layer(lintels, 'zlib')}" }
  ],
  "tilesets": [
    { "firstgid": 1, "source": "tilesets/office.tsx" },
    { "firstgid": 9, "source": "tilesets/furniture.tsx" }
  ]
}
`;
  return map;
}

/** The office's files, by path within its folder. */
export function officeFiles(): Record<string, string | Buffer> {
  return {
    'office.tmj': officeTmj(),
    'tilesets/office.tsx': OFFICE_TSX,
    'tilesets/office.png': officeSheet(),
    'tilesets/furniture.tsx': FURNITURE_TSX,
    'tilesets/furniture.png': furnitureSheet(),
    'templates/table.tx': TABLE_TX,
  };
}
