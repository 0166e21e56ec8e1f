import { describe, expect, it } from 'vitest';
import { ChatBook } from './ChatBook';
import { ChatStore, MESSAGES_PER_CONVERSATION } from './ChatStore';
import type { ChatHistory } from './chatTypes';

/** localStorage with a size budget, throwing the browser's QuotaExceededError past it. */
class QuotaStorage {
  readonly data = new Map<string, string>();
  constructor(public budget = Infinity) {}
  getItem(key: string): string | null {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    const others = [...this.data]
      .filter(([k]) => k !== key)
      .reduce((n, [k, v]) => n + k.length + v.length, 0);
    if (others + key.length + value.length > this.budget)
      throw new DOMException('full', 'QuotaExceededError');
    this.data.set(key, value);
  }
}

let clock = 1_000;
const tick = () => clock++;
let ids = 0;
const nextId = () => `id${(ids++).toString().padStart(20, '0')}`;

describe('ChatStore', () => {
  it('keeps history per local user and reads back what it wrote', () => {
    const storage = new QuotaStorage();
    const book = new ChatBook(new ChatStore(storage, 'me'), 'me', tick, nextId);
    book.addOutgoing('nearby', 'hello', 'Me');
    const again = new ChatBook(new ChatStore(storage, 'me'), 'me', tick, nextId);
    expect(again.conversation('nearby').messages.map((m) => m.text)).toEqual(['hello']);
    const someoneElse = new ChatBook(new ChatStore(storage, 'other'), 'other', tick, nextId);
    expect(someoneElse.conversation('nearby').messages).toEqual([]);
  });

  it('when the quota is full, prunes the oldest settled messages, keeps pending ones, and tells the user', () => {
    const storage = new QuotaStorage();
    const store = new ChatStore(storage, 'me');
    const book = new ChatBook(store, 'me', tick, nextId);
    const pending = book.addOutgoing('dm:bo', 'are you there?', 'Me');
    book.settle('dm:bo', pending.id, {
      ok: false,
      error: { code: 4109, reason: 'RECIPIENT_OFFLINE', message: 'offline' },
    });
    for (let i = 0; i < 60; i++) {
      book.receive({
        id: `in-${i}-abcdef`,
        scope: 'nearby',
        from: 'bo',
        fromName: 'Bo',
        text: `message ${i} ${'.'.repeat(50)}`,
        at: 0,
      });
    }
    const notices: string[] = [];
    book.onNotice((n) => notices.push(n));
    storage.budget = (storage.data.get(store.key)?.length ?? 0) + 200; // room for barely anything more
    for (let i = 60; i < 70; i++) {
      book.receive({
        id: `in-${i}-abcdef`,
        scope: 'nearby',
        from: 'bo',
        fromName: 'Bo',
        text: `message ${i} ${'.'.repeat(50)}`,
        at: 0,
      });
    }
    expect(notices.length).toBeGreaterThan(0);
    expect(notices[0]).toMatch(/storage was full: the \d+ oldest chat messages? (was|were) removed/);
    const saved = new ChatBook(new ChatStore(storage, 'me'), 'me', tick, nextId);
    const texts = saved.conversation('nearby').messages.map((m) => m.text);
    expect(texts.at(-1)).toMatch(/^message 69/); // the newest made it
    expect(texts[0]).not.toMatch(/^message 0 /); // the oldest gave way
    expect(saved.pendingFor('bo').map((m) => m.text)).toEqual(['are you there?']);
  });

  it('says so, and does not crash, when even pruning everything cannot make it fit', () => {
    const storage = new QuotaStorage(10);
    const book = new ChatBook(new ChatStore(storage, 'me'), 'me', tick, nextId);
    const notices: string[] = [];
    book.onNotice((n) => notices.push(n));
    book.addOutgoing('nearby', 'hi', 'Me');
    expect(notices.at(-1)).toMatch(/shown but not saved/);
    expect(book.conversation('nearby').messages).toHaveLength(1);
  });

  it('migrates the first release’s flat format', () => {
    const storage = new QuotaStorage();
    storage.setItem(
      'campus:chat:me',
      JSON.stringify({
        version: 1,
        messages: [
          { id: 'a1', conversation: 'dm:bo', from: 'me', text: 'hi Bo', at: 5, status: 'sent' },
          {
            id: 'a2',
            conversation: 'dm:bo',
            from: 'bo',
            fromName: 'Bo',
            text: 'hi!',
            at: 6,
            status: 'received',
          },
          { id: 'a3', conversation: 'dm:cy', from: 'me', text: 'later', at: 7, status: 'pending' },
          { id: 'a0', conversation: 'nearby', from: 'dee', text: 'anyone?', at: 1, status: 'received' },
        ],
      }),
    );
    const loaded = new ChatStore(storage, 'me').load();
    expect(loaded.migratedFrom).toBe(1);
    expect(loaded.history.version).toBe(2);
    expect(loaded.history.conversations['dm:bo']?.messages.map((m) => [m.text, m.state])).toEqual([
      ['hi Bo', 'delivered'],
      ['hi!', 'received'],
    ]);
    expect(loaded.history.conversations['dm:cy']?.messages[0]?.state).toBe('pending');
    expect(loaded.history.conversations.nearby?.messages[0]?.fromName).toBe('Someone');
  });

  it('keeps unreadable data aside instead of deleting it', () => {
    const storage = new QuotaStorage();
    storage.setItem('campus:chat:me', '{"version":2,"conv');
    const book = new ChatBook(new ChatStore(storage, 'me'), 'me', tick, nextId);
    const notices: string[] = [];
    book.onNotice((n) => notices.push(n));
    expect(notices).toEqual([expect.stringMatching(/could not be read/)]);
    expect(storage.getItem('campus:chat:me:unreadable')).toBe('{"version":2,"conv');
  });

  it('caps each conversation at its limit, dropping the oldest', () => {
    const book = new ChatBook(new ChatStore(new QuotaStorage(), 'me'), 'me', tick, nextId);
    for (let i = 0; i < MESSAGES_PER_CONVERSATION + 5; i++) book.addOutgoing('nearby', `m${i}`, 'Me');
    const messages = book.conversation('nearby').messages;
    expect(messages).toHaveLength(MESSAGES_PER_CONVERSATION);
    expect(messages[0]?.text).toBe('m5');
  });
});

describe('ChatBook', () => {
  it('counts unread messages per conversation until it is opened, and ignores a repeated delivery', () => {
    const book = new ChatBook(new ChatStore(new QuotaStorage(), 'me'), 'me', tick, nextId);
    const dm = {
      id: 'dm-1-abcdef',
      scope: 'direct' as const,
      from: 'bo',
      fromName: 'Bo',
      to: 'me',
      text: 'hey',
      at: 0,
    };
    expect(book.receive(dm)).toBe(true);
    expect(book.receive(dm)).toBe(false);
    book.receive({ id: 'n-1-abcdef', scope: 'nearby', from: 'cy', fromName: 'Cy', text: 'hi all', at: 0 });
    expect(book.conversation('dm:bo').unread).toBe(1);
    expect(book.unreadTotal()).toBe(2);
    book.open('dm:bo');
    expect(book.unreadTotal()).toBe(1);
    book.receive({ ...dm, id: 'dm-2-abcdef' });
    expect(book.conversation('dm:bo').unread).toBe(0);
  });

  it('tracks a sent message through sending, pending for an offline friend, and delivered on retry', () => {
    const book = new ChatBook(new ChatStore(new QuotaStorage(), 'me'), 'me', tick, nextId);
    const m = book.addOutgoing('dm:bo', 'see you', 'Me');
    expect(m.state).toBe('sending');
    book.settle('dm:bo', m.id, {
      ok: false,
      error: { code: 4109, reason: 'RECIPIENT_OFFLINE', message: 'offline' },
    });
    expect(book.usersWithPending()).toEqual(['bo']);
    expect(book.resend('dm:bo', m.id)?.state).toBe('sending');
    book.settle('dm:bo', m.id, { ok: true, id: m.id, at: 1, deliveredTo: 1 });
    expect(book.conversation('dm:bo').messages[0]).toMatchObject({ state: 'delivered', deliveredTo: 1 });
    expect(book.usersWithPending()).toEqual([]);
  });

  it('a nearby message refused by the server is failed, with the reason', () => {
    const book = new ChatBook(new ChatStore(new QuotaStorage(), 'me'), 'me', tick, nextId);
    const m = book.addOutgoing('nearby', 'spam', 'Me');
    book.settle('nearby', m.id, {
      ok: false,
      error: { code: 4108, reason: 'RATE_LIMITED', message: 'too many messages' },
    });
    expect(book.conversation('nearby').messages[0]).toMatchObject({
      state: 'failed',
      error: 'too many messages',
    });
  });

  it('remembers people by id with their latest name and look', () => {
    const storage = new QuotaStorage();
    const book = new ChatBook(new ChatStore(storage, 'me'), 'me', tick, nextId);
    book.seePerson('bo', 'Bo', 'rose');
    book.seePerson('bo', 'Bo B.', 'ink');
    const later = new ChatBook(new ChatStore(storage, 'me'), 'me', tick, nextId);
    expect(later.history.people.bo).toMatchObject({ name: 'Bo B.', look: 'ink' });
  });

  it('after 200 visitors, keeps them in the people directory but stores no empty conversation for any of them', () => {
    const storage = new QuotaStorage();
    const store = new ChatStore(storage, 'me');
    const book = new ChatBook(store, 'me', tick, nextId);
    for (let i = 0; i < 200; i++) {
      // What the chat does for each newcomer: remember them, and look for messages waiting for them.
      book.seePerson(`visitor-${i}`, `Visitor ${i}`, 'sky');
      expect(book.pendingFor(`visitor-${i}`)).toEqual([]);
    }
    const saved = JSON.parse(storage.getItem(store.key) ?? '{}') as ChatHistory;
    expect(Object.keys(saved.people)).toHaveLength(200);
    expect(saved.conversations).toEqual({});
    expect(book.directPartners()).toEqual([]);
  });

  it('drops the empty conversations an earlier version stored', () => {
    const storage = new QuotaStorage();
    const conversations = Object.fromEntries(
      Array.from({ length: 199 }, (_, i) => [`dm:v${i}`, { id: `dm:v${i}`, messages: [], unread: 0 }]),
    );
    storage.setItem('campus:chat:me', JSON.stringify({ version: 2, conversations, people: {} }));
    const book = new ChatBook(new ChatStore(storage, 'me'), 'me', tick, nextId);
    expect(Object.keys(book.history.conversations)).toEqual([]);
  });
});

describe('ChatBook.directPartners', () => {
  it('changes only when a conversation with someone new begins, not as people come and go', () => {
    const book = new ChatBook(new ChatStore(new QuotaStorage(), 'me'), 'me', tick, nextId);
    book.addOutgoing('dm:bo', 'hi Bo', 'Me');
    const before = book.directPartners();
    for (let i = 0; i < 10; i++) {
      book.seePerson(`newcomer-${i}`, `N${i}`, 'moss');
      book.pendingFor(`newcomer-${i}`);
      book.open(`dm:newcomer-${i}`); // looked at, nothing said
    }
    book.open(undefined);
    expect(book.directPartners()).toEqual(before);
    expect(before).toEqual(['bo']);
    book.receive({
      id: 'dm-cy-abcdef',
      scope: 'direct',
      from: 'cy',
      fromName: 'Cy',
      to: 'me',
      text: 'hi',
      at: 0,
    });
    expect(book.directPartners()).toEqual(['bo', 'cy']);
  });
});
