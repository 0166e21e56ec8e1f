/**
 * The names and properties the loader understands, gathered from the campus's own format and from what maps made for
 * other tools use (docs/maps.md lists which tool uses which). Names compare without case, spaces or dashes.
 */
export const MapConventions = {
  /** A tile or object layer (or a group) with one of these names blocks wherever it has something. */
  COLLISION_LAYERS: ['collision', 'collisions', 'colliders', 'collide'],
  /** A bool property, on a tile, a layer, a group or an object, that makes it block. */
  COLLISION_PROPERTIES: ['collides', 'collide', 'collision', 'solid', 'wall', 'blocked', 'obstacle'],
  /** An object of one of these classes blocks its whole shape. */
  COLLISION_CLASSES: ['collision', 'collider', 'wall', 'solid', 'obstacle'],

  /** Objects in layers of these names are spawn points. */
  SPAWN_LAYERS: ['spawns', 'spawn', 'spawnpoints', 'start', 'starts', 'startpoints'],
  /** An object with one of these classes or names is a spawn point (a point, or the open tiles of a shape). */
  SPAWN_NAMES: [
    'spawn',
    'spawnpoint',
    'start',
    'startpoint',
    'startposition',
    'playerstart',
    'playerspawn',
    'entry',
    'entrypoint',
  ],
  /** A tile layer with one of these names puts a spawn point on each of its tiles. */
  START_TILE_LAYERS: ['start', 'spawn', 'spawns'],
  /** A bool property that makes a tile layer's tiles, or an object layer's objects, spawn points. */
  START_PROPERTIES: ['startLayer', 'spawn', 'start'],

  /** Every shape in a layer of one of these names is a room. */
  ROOM_LAYERS: ['areas', 'rooms', 'classrooms', 'meetingrooms'],
  /** A shape of one of these classes is a room. */
  ROOM_CLASSES: [
    'room',
    'classroom',
    'meetingroom',
    'meeting',
    'conferenceroom',
    'conference',
    'lecturehall',
    'lecture',
    'seminar',
  ],
  /** Properties that make any shape (a zone of class `area`, say) or a tile layer a meeting place; a string names it. */
  MEETING_PROPERTIES: [
    'jitsiRoom',
    'bbbMeeting',
    'meetingRoom',
    'meetingRoomLabel',
    'livekitRoom',
    'meeting',
    'room',
    'classroom',
  ],
  /** Where a room's name, id, capacity and kind come from. */
  ROOM_NAME_PROPERTIES: ['name', 'roomName', 'title', 'label'],
  ROOM_ID_PROPERTIES: ['roomId', 'id'],
  CAPACITY_PROPERTIES: ['capacity', 'maxCapacity', 'maxUsers', 'seats', 'max'],
  KIND_PROPERTY: 'kind',

  /** A layer drawn over the avatars (tree tops, lintels) has this bool property. */
  ABOVE_PROPERTY: 'above',
  /** An object layer of this name (WorkAdventure's) puts every tile layer after it over the avatars. */
  FLOOR_LAYER: 'floorLayer',

  /** Capacity of a room that says none. */
  DEFAULT_CAPACITY: 12,
  /** Rooms larger than this (px) do not fit a browser's area of interest; see docs/maps.md. */
  ROOM_MAX_WIDTH: 640,
  ROOM_MAX_HEIGHT: 384,
} as const;
