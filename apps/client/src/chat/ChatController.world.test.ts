import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InProcessCampus } from '@campus/state-server/testing';
import { gridMap } from '@campus/world/testing';
import { feedStore } from '../net/storeFeed';
import { ManualClientClock } from '../testing/ManualClientClock';
import { joinInProcess, type TestPage } from '../testing/inProcess';
import { ChatBook } from './ChatBook';
import { ChatController } from './ChatController';
import type { PanelActions, PanelView } from './ChatPanel';
import { ChatStore } from './ChatStore';
import { conversationIds } from './chatTypes';

// One open hall: everyone spawns within nearby-chat range of everyone.
const map = gridMap(['############', '#..........#', '#..........#', '#..........#', '############'], {
  spawns: [
    { x: 40, y: 40 },
    { x: 72, y: 40 },
  ],
});

let campus: InProcessCampus;
let clock: ManualClientClock;
const pages: TestPage[] = [];

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
  campus = new InProcessCampus(map);
  clock = new ManualClientClock();
});

afterEach(() => {
  for (const page of pages.splice(0)) page.connection.close();
  vi.useRealTimers();
});

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> {
  const items = new Map<string, string>();
  return { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) };
}

/** A page with its chat wired as main.ts wires it, and a panel that records what it was asked to draw. */
async function person(name: string) {
  const page = await joinInProcess(campus, clock, name);
  pages.push(page);
  const drawn: { view?: PanelView; actions?: PanelActions } = {};
  const book = new ChatBook(new ChatStore(memoryStorage(), page.reply.userId), page.reply.userId);
  const chat = new ChatController(
    page.connection,
    page.store.people,
    book,
    name,
    (roomId) => roomId,
    () => {},
    (actions) => {
      drawn.actions = actions;
      return { isOpen: true, show: () => {}, render: (view) => (drawn.view = view) };
    },
  );
  feedStore(page.connection, page.store, (reply) => chat.rejoined(reply));
  chat.start(page.reply);
  return { page, book, drawn, userId: page.reply.userId };
}

describe('ChatController against the real WorldRoom', () => {
  it('says something nearby and directly, and each reaches the other page as it should', async () => {
    const ada = await person('Ada');
    const bo = await person('Bo');
    await campus.flush();

    ada.drawn.actions!.send('Hi Bo!');
    await campus.flush();
    await campus.flush();
    const nearby = bo.book.history.conversations[conversationIds.nearby]?.messages ?? [];
    expect(nearby).toEqual([
      expect.objectContaining({ from: ada.userId, text: 'Hi Bo!', state: 'received' }),
    ]);
    expect(ada.drawn.view?.messages).toEqual([
      expect.objectContaining({ text: 'Hi Bo!', state: 'delivered', deliveredTo: 1 }),
    ]);

    ada.drawn.actions!.select(conversationIds.direct(bo.userId));
    ada.drawn.actions!.send('Just between us');
    await campus.flush();
    await campus.flush();
    expect(bo.book.history.conversations[conversationIds.direct(ada.userId)]?.messages).toEqual([
      expect.objectContaining({ text: 'Just between us', state: 'received' }),
    ]);
    // Nearby chat is not where it went.
    expect(bo.book.history.conversations[conversationIds.nearby]?.messages).toHaveLength(1);
  });

  it('asks for its partners’ presence only when the partners change, not once per newcomer', async () => {
    const ada = await person('Ada');
    const bo = await person('Bo');
    await campus.flush();
    const watch = vi.spyOn(ada.page.connection, 'watchPresence');
    for (let i = 0; i < 10; i++) await person(`Visitor ${i}`);
    await campus.flush();
    expect(watch).not.toHaveBeenCalled();
    ada.drawn.actions!.select(conversationIds.direct(bo.userId));
    ada.drawn.actions!.send('Hello');
    await campus.flush();
    await campus.flush();
    expect(watch).toHaveBeenCalledTimes(1);
    expect(watch).toHaveBeenLastCalledWith([bo.userId]);
    // Nobody new to watch: ten more arrivals send nothing more.
    for (let i = 10; i < 20; i++) await person(`Visitor ${i}`);
    await campus.flush();
    expect(watch).toHaveBeenCalledTimes(1);
  });
});
