import type { Point } from '@campus/protocol';
import type { WorldRoom } from './WorldRoom';

/** The classroom a speaker stands in and everyone else present in it now; undefined when they stand in none. */
export function classroomAudience(
  world: Pick<WorldRoom, 'map' | 'presentAround'>,
  from: string,
  at: Point,
): { roomId: string; userIds: string[] } | undefined {
  const area = world.map.areaAt(at);
  if (!area) return undefined;
  const userIds = world
    .presentAround(area.rect, from)
    .filter((u) => world.map.areaAt(u.at)?.id === area.id)
    .map((u) => u.userId);
  return { roomId: area.id, userIds };
}
