import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WALK_SPEED, type Area, type Rect } from '@campus/world';
import { InProcessCampus } from '@campus/state-server/testing';
import { gridMap } from '@campus/world/testing';
import { feedStore } from '../net/storeFeed';
import { ManualClientClock } from '../testing/ManualClientClock';
import { advanceBoth, joinInProcess, type TestPage } from '../testing/inProcess';
import { ClassroomController, type Membership } from './ClassroomController';

const room: Area = {
  id: 'room-1',
  name: 'Room 1',
  kind: 'classroom',
  capacity: 1,
  rect: { x: 16, y: 32, width: 96, height: 48 },
};
// The room fills rows 2–4; the corridor of row 1 runs along its north side.
const map = gridMap(
  ['##########', '#........#', '#........#', '#........#', '#........#', '#........#', '##########'],
  {
    areas: [room],
    spawns: [
      { x: 40, y: 56 },
      { x: 88, y: 24 },
    ],
  },
);

let campus: InProcessCampus;
let clock: ManualClientClock;
const pages: TestPage[] = [];

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
  let arrivals = 0;
  // The first person appears inside the room, everyone after in the corridor.
  campus = new InProcessCampus(map, { world: { pickSpawn: () => Math.min(arrivals++, 1) } });
  clock = new ManualClientClock();
});

afterEach(() => {
  for (const page of pages.splice(0)) page.connection.close();
  vi.useRealTimers();
});

/** A page with its classroom controller wired as main.ts wires it. */
async function person(name: string) {
  const page = await joinInProcess(campus, clock, name);
  pages.push(page);
  const seen = {
    barriers: [] as Rect[][],
    notices: [] as string[],
    changes: [] as Array<Membership | undefined>,
  };
  const controller = new ClassroomController(
    page.connection,
    () => page.store.self.userId,
    {
      setBarriers: (rects) => {
        seen.barriers.push(rects);
        const eviction = page.store.setBarriers(rects);
        if (eviction) page.connection.sendStroke(eviction);
      },
      currentArea: () => page.store.currentArea(),
      notify: (text) => seen.notices.push(text),
      changed: (membership) => seen.changes.push(membership),
    },
    clock,
  );
  feedStore(page.connection, page.store, () => controller.rejoined());
  return { page, controller, seen };
}

const advance = (ms: number): Promise<void> => advanceBoth(campus, clock, ms);

describe('ClassroomController against the real WorldRoom and classrooms', () => {
  it('enters the room the avatar stands in; a second person finds it full, is put out, and the door opens again later', async () => {
    const ada = await person('Ada');
    ada.controller.areaChanged(ada.page.store.currentArea());
    await campus.flush();
    expect(ada.controller.current).toMatchObject({ roomId: 'room-1', members: [ada.page.reply.userId] });
    expect(campus.classrooms.membersOf('room-1')).toEqual([ada.page.reply.userId]);

    const bo = await person('Bo');
    expect(bo.page.store.currentArea()).toBeUndefined();
    // Bo steps through the door, south into the room, and stops just inside.
    const walker = bo.page.store.self.walker;
    bo.page.connection.sendStroke(walker.update('down', clock.now())!);
    await advance((16 / WALK_SPEED) * 1000);
    bo.page.connection.sendStroke(walker.update(null, clock.now())!);
    await campus.flush();
    expect(bo.page.store.currentArea()?.id).toBe('room-1');
    bo.controller.areaChanged(bo.page.store.currentArea());
    await campus.flush();
    expect(bo.controller.current).toBeUndefined();
    expect(bo.seen.notices).toEqual(['Room 1 is full. Try again in a moment.']);
    expect(bo.seen.barriers).toEqual([[room.rect]]);
    // The barrier puts the avatar out at the room's edge, and the server accepts where it now stands.
    expect(bo.page.store.currentArea()).toBeUndefined();
    await campus.flush();
    expect(campus.room.positionOf(bo.page.reply.userId)?.position.y).toBeLessThan(room.rect.y);
    // The door is shut for a few seconds on the page's own clock, then opens.
    await advance(4900);
    expect(bo.seen.barriers).toHaveLength(1);
    await advance(200);
    expect(bo.seen.barriers.at(-1)).toEqual([]);
  });

  it('a stop that reaches the server after its reckoning carried us out puts us back in the room we still stand in', async () => {
    const ada = await person('Ada');
    ada.controller.areaChanged(ada.page.store.currentArea());
    await campus.flush();
    expect(ada.controller.current?.roomId).toBe('room-1');
    // Ada walks north towards the door (24 px to go) and lets go of the key 12 px in, but her busy page sends the
    // stop only after the server has let her go.
    const walker = ada.page.store.self.walker;
    const startedAt = clock.now();
    ada.page.connection.sendStroke(walker.update('up', startedAt)!);
    await advance((24 / WALK_SPEED) * 1000 + 400);
    expect(campus.classrooms.membersOf('room-1')).toEqual([]);
    expect(ada.controller.current).toBeUndefined();
    ada.page.connection.sendStroke(walker.update(null, clock.now(), startedAt + (12 / WALK_SPEED) * 1000)!);
    await campus.flush();
    expect(ada.page.store.currentArea()?.id).toBe('room-1');
    await advance(300);
    await campus.flush();
    expect(ada.controller.current?.roomId).toBe('room-1');
    expect(campus.classrooms.membersOf('room-1')).toEqual([ada.page.reply.userId]);
  });

  it('after the connection drops and comes back, enters again the room the avatar still stands in', async () => {
    const ada = await person('Ada');
    ada.controller.areaChanged(ada.page.store.currentArea());
    await campus.flush();
    expect(ada.controller.current?.roomId).toBe('room-1');
    const before = ada.seen.changes.length;
    campus.sockets[0]!.severFromServer();
    await campus.flush();
    await advance(600);
    await advance(0);
    // The old membership ends with the old connection; the rejoin enters again from where the avatar stands.
    expect(ada.seen.changes.slice(before).map((m) => m?.roomId)).toEqual([undefined, 'room-1']);
    expect(ada.controller.current?.roomId).toBe('room-1');
  });
});
