import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InProcessCampus } from '@campus/state-server/testing';
import { WALK_SPEED } from '@campus/world';
import { gridMap } from '@campus/world/testing';
import type { StoreEvent } from '../store/CampusStore';
import { ManualClientClock } from '../testing/ManualClientClock';
import { advanceBoth, joinInProcess, type TestPage } from '../testing/inProcess';
import { feedStore } from './storeFeed';

const map = gridMap(['############', '#..........#', '#..........#', '#..........#', '############'], {
  spawns: [{ x: 40, y: 40 }],
});

let campus: InProcessCampus;
let clock: ManualClientClock;
const pages: TestPage[] = [];

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
  campus = new InProcessCampus(map, { world: { gracePeriod: 2000 } });
  clock = new ManualClientClock();
});

afterEach(() => {
  for (const page of pages.splice(0)) page.connection.close();
  vi.useRealTimers();
});

async function join(name: string): Promise<TestPage> {
  const page = await joinInProcess(campus, clock, name);
  pages.push(page);
  return page;
}

const advance = (ms: number): Promise<void> => advanceBoth(campus, clock, ms);

describe('feedStore against the real WorldRoom', () => {
  it('shows someone who joins where they walk, with their new name, and forgets them once they have left', async () => {
    const ada = await join('Ada');
    feedStore(ada.connection, ada.store, () => {});
    const events: StoreEvent['kind'][] = [];
    ada.store.onChange((e) => events.push(e.kind));
    const bo = await join('Bo');
    await campus.flush();
    expect(ada.store.people.ids()).toEqual([bo.reply.userId]);
    expect(ada.store.people.get(bo.reply.userId)?.name).toBe('Bo');

    bo.connection.sendStroke({
      position: { x: 40, y: 40 },
      direction: 'right',
      isMoving: true,
      startedAt: clock.now(),
    });
    await campus.flush();
    await advance(500);
    const seen = ada.store.positionsNow()?.others.get(bo.reply.userId);
    expect(seen?.x).toBeCloseTo(40 + WALK_SPEED / 2, 0);
    expect(seen?.y).toBe(40);

    bo.connection.updateProfile({ name: 'Bob' });
    await campus.flush();
    expect(ada.store.people.get(bo.reply.userId)?.name).toBe('Bob');

    bo.connection.close();
    await campus.flush();
    // Still held (shown offline) for the grace period, in case they come back.
    expect(ada.store.people.ids()).toEqual([bo.reply.userId]);
    expect(ada.store.people.isOnline(bo.reply.userId)).toBe(false);
    await advance(2500);
    expect(ada.store.people.ids()).toEqual([]);
    expect(ada.store.positionsNow()?.others.size).toBe(0);
    expect(events).toEqual(['joined', 'profile', 'presence', 'left']);
  });

  it('on a rejoin, resets the store from the fresh snapshot before anyone else hears of it', async () => {
    const ada = await join('Ada');
    const bo = await join('Bo');
    const heard: Array<{ people: string[]; walker: unknown }> = [];
    feedStore(ada.connection, ada.store, () =>
      heard.push({ people: ada.store.people.ids(), walker: ada.store.self.walker }),
    );
    const before = ada.store.self.walker;
    ada.store.people.reset([]); // whatever the store held before is replaced by the snapshot
    const socket = campus.sockets[0]!;
    socket.severFromServer();
    await campus.flush();
    expect(ada.connection.online).toBe(false);
    // The connection retries within its first backoff (at most 500 ms), then joins again.
    await advance(600);
    await advance(0);
    expect(heard).toHaveLength(1);
    expect(heard[0]!.people).toEqual([bo.reply.userId]);
    expect(heard[0]!.walker).not.toBe(before);
    expect(ada.store.self.userId).toBe(ada.reply.userId);
  });
});
