import type { Point } from '@campus/protocol';
import { distance, type Neighbour } from '@campus/world';
import type { Positions } from '../store/CampusStore';
import type { RosterEntry } from '../world/Roster';

/**
 * Everyone around and whether they can be linked with: online, not in do-not-disturb, with media registered, and
 * neither they nor we inside a classroom (people there do not link with people outside).
 */
export function proximityNeighbours(
  where: Positions,
  person: (userId: string) => RosterEntry | undefined,
  classroomAt: (p: Point) => string | undefined,
): Neighbour[] {
  const selfInside = classroomAt(where.self) !== undefined;
  const neighbours: Neighbour[] = [];
  for (const [userId, position] of where.others) {
    const entry = person(userId);
    const available =
      !!entry &&
      entry.online &&
      entry.status !== 'dnd' &&
      !!entry.media &&
      !selfInside &&
      classroomAt(position) === undefined;
    neighbours.push({ userId, position, available });
  }
  return neighbours;
}

/**
 * Whether to answer a call from someone: known and online; in a classroom, a fellow member while the room runs on
 * direct calls; on the campus, neither end in do-not-disturb and they stand within `range`.
 */
export function acceptsCall(options: {
  caller: RosterEntry | undefined;
  where: Positions | undefined;
  classroom: { members: readonly string[]; onSfu: boolean } | undefined;
  dnd: boolean;
  range: number;
}): boolean {
  const { caller, where, classroom } = options;
  if (!caller || !where || !caller.online) return false;
  if (classroom) return !classroom.onSfu && classroom.members.includes(caller.userId);
  if (options.dnd || caller.status === 'dnd') return false;
  const position = where.others.get(caller.userId);
  return position !== undefined && distance(where.self, position) <= options.range;
}
