import { describe, expect, it } from 'vitest';
import { MessageError, type RoomEnterReply } from '@campus/protocol';
import type { Area, Rect } from '@campus/world';
import type { CampusConnection } from '../net/CampusConnection';
import { ManualClientClock } from '../testing/ManualClientClock';
import { ClassroomController } from './ClassroomController';

const area: Area = { id: 'room-1', name: 'Room 1', rect: { x: 0, y: 0, width: 10, height: 10 } } as Area;
const refusal = (code: number): RoomEnterReply => ({
  ok: false,
  error: { code: code as never, reason: '', message: '' },
});

/** `room:enter` answered with `next`; the avatar stands where the test says. */
function setup(next: RoomEnterReply) {
  const entered: string[] = [];
  const connection = {
    on: () => () => {},
    send: () => {},
    request: (_event: string, payload: { roomId: string }) => {
      entered.push(payload.roomId);
      return Promise.resolve(next);
    },
  };
  const clock = new ManualClientClock();
  const where: { area: Area | undefined } = { area };
  const seen = { barriers: [] as Rect[][], doors: [] as Array<string | undefined>, notices: [] as string[] };
  const controller = new ClassroomController(
    connection as unknown as CampusConnection,
    () => 'me',
    {
      setBarriers: (rects) => {
        seen.barriers.push(rects);
        where.area = undefined; // put back outside
      },
      currentArea: () => where.area,
      notify: (text) => seen.notices.push(text),
      changed: () => {},
      lockedOut: (door) => seen.doors.push(door?.id),
    },
    clock,
  );
  const walkIn = async (): Promise<void> => {
    where.area = area;
    controller.areaChanged(area);
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { controller, clock, seen, entered, walkIn };
}

describe('ClassroomController and lessons', () => {
  it('a locked door is a barrier offered for knocking; it is forgotten after a while unless we knock', async () => {
    const { controller, clock, seen, walkIn } = setup(refusal(MessageError.ROOM_LOCKED));
    await walkIn();
    expect(seen.barriers).toEqual([[area.rect]]);
    expect(seen.doors).toEqual(['room-1']);
    expect(seen.notices).toEqual(['Room 1 is locked for a lesson. Knock (K) to ask to come in.']);
    controller.knocked('room-1');
    clock.advance(60_000);
    expect(seen.barriers.at(-1)).toEqual([area.rect]);
    clock.advance(61_000);
    expect(seen.barriers.at(-1)).toEqual([]);
    expect(seen.doors).toEqual(['room-1', undefined]);
  });

  it('a locked door opens when a teacher lets us in; a removal keeps the room shut until its lesson ends', async () => {
    const locked = setup(refusal(MessageError.ROOM_LOCKED));
    await locked.walkIn();
    locked.controller.openDoor('room-1');
    expect(locked.seen.barriers.at(-1)).toEqual([]);
    expect(locked.seen.doors).toEqual(['room-1', undefined]);

    const removed = setup(refusal(MessageError.REMOVED_FROM_LESSON));
    await removed.walkIn();
    expect(removed.seen.notices).toEqual(['A teacher removed you from the lesson in Room 1.']);
    // Being let in at a locked door does not undo a removal.
    removed.controller.openDoor('room-1');
    removed.clock.advance(60_000);
    expect(removed.seen.barriers.at(-1)).toEqual([area.rect]);
    removed.controller.lessonEnded('room-1');
    expect(removed.seen.barriers.at(-1)).toEqual([]);
    expect(removed.seen.doors).toEqual([]);
  });

  it('removed from the room we are in: it shuts at once; a reconnect asks the server again', async () => {
    const { controller, seen, walkIn, entered } = setup({
      ok: true,
      roomId: 'room-1',
      members: ['me'],
      mode: 'mesh',
      meshCap: 8,
    });
    await walkIn();
    expect(controller.current?.roomId).toBe('room-1');
    controller.removedFrom('room-1');
    expect(controller.current).toBeUndefined();
    expect(seen.barriers).toEqual([[area.rect]]);
    controller.rejoined();
    expect(seen.barriers.at(-1)).toEqual([]);
    expect(entered).toEqual(['room-1']);
  });
});
