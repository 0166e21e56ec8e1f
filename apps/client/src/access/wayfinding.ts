import type { Point } from '@campus/protocol';
import type { Area, WorldMap } from '@campus/world';

/** A place one can walk to without steering: a room, or a person. */
export interface Destination {
  kind: 'room' | 'person';
  /** The room's area id, or the person's user id. */
  id: string;
  name: string;
  /** What a list says under the name: a room's kind and who is in it, where a person is and how far. */
  detail: string;
  /** Where the walk aims (the path finder snaps it to the nearest spot the body can stand on). */
  target: Point;
}

export interface Someone {
  userId: string;
  name: string;
  position: Point;
}

const KIND_NAMES: Record<string, string> = {
  classroom: 'classroom',
  'lecture-hall': 'lecture hall',
  lounge: 'lounge',
};

/** The middle of a room: where a walk to it aims, well inside its door. */
export function roomTarget(area: Area): Point {
  const { x, y, width, height } = area.rect;
  return { x: Math.round(x + width / 2), y: Math.round(y + height / 2) };
}

/** A tile short of someone, on our side of them along the longer way between us: beside them, not on top of them. */
export function personTarget(self: Point, them: Point, tileSize: number): Point {
  const dx = self.x - them.x;
  const dy = self.y - them.y;
  if (dx === 0 && dy === 0) return them;
  return Math.abs(dx) >= Math.abs(dy)
    ? { x: them.x + Math.sign(dx) * tileSize, y: them.y }
    : { x: them.x, y: them.y + Math.sign(dy) * tileSize };
}

/** How far, said in steps (tiles), rounded so a list does not twitch while people walk. */
export function stepsAway(a: Point, b: Point, tileSize: number): string {
  const steps = Math.round(Math.hypot(a.x - b.x, a.y - b.y) / tileSize);
  if (steps <= 1) return 'right here';
  if (steps < 10) return `${steps} steps away`;
  return `about ${Math.round(steps / 5) * 5} steps away`;
}

/**
 * The rooms of the map (in the map's order) and the people around (nearest first) as places to walk to, each with
 * the words a list and a screen reader say about it.
 */
export function destinations(
  map: WorldMap,
  self: Point,
  people: readonly Someone[],
): { rooms: Destination[]; people: Destination[] } {
  const inside = new Map<string, number>();
  const where = (p: Point): Area | undefined => map.areaAt(p);
  for (const p of [self, ...people.map((s) => s.position)]) {
    const area = where(p);
    if (area) inside.set(area.id, (inside.get(area.id) ?? 0) + 1);
  }
  const here = where(self);
  const rooms = map.areas.map((area): Destination => {
    // Only those this page knows of are counted (people beyond its area of interest are not): a room with nobody
    // known inside says nothing of who is there rather than "empty".
    const count = inside.get(area.id) ?? 0;
    const who = count === 0 ? '' : count === 1 ? ', 1 person inside' : `, ${count} people inside`;
    const kind = KIND_NAMES[area.kind] ?? area.kind;
    const you = here?.id === area.id ? ', you are here' : '';
    return {
      kind: 'room',
      id: area.id,
      name: area.name,
      detail: `${kind}, holds ${area.capacity}${who}${you}`,
      target: roomTarget(area),
    };
  });
  const near = [...people].sort(
    (a, b) =>
      Math.hypot(a.position.x - self.x, a.position.y - self.y) -
        Math.hypot(b.position.x - self.x, b.position.y - self.y) || (a.name < b.name ? -1 : 1),
  );
  const tile = map.tileSize;
  return {
    rooms,
    people: near.map((s): Destination => {
      const area = where(s.position);
      return {
        kind: 'person',
        id: s.userId,
        name: s.name,
        detail: `${area ? `in ${area.name}` : 'on the campus'}, ${stepsAway(self, s.position, tile)}`,
        target: personTarget(self, s.position, tile),
      };
    }),
  };
}
