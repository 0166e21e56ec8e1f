import { describe, expect, it } from 'vitest';
import { ChatBook } from './ChatBook';
import { ChatStore } from './ChatStore';

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> {
  const items = new Map<string, string>();
  return { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) };
}

const announcement = { id: 'a1', from: 't', fromName: 'Ms. Rivera', text: 'Lecture at 3', at: 5 };

describe('ChatBook announcements', () => {
  it('files an announcement once, as a line of its own, in the conversation given, and keeps it', () => {
    const storage = memoryStorage();
    const book = new ChatBook(new ChatStore(storage, 'me'), 'me', () => 1000);
    expect(book.announce('room:room-1', announcement)).toBe(true);
    // The same announcement again (a second listener, a late copy) is not filed twice, in any conversation.
    expect(book.announce('nearby', announcement)).toBe(false);
    expect(book.conversation('room:room-1')).toMatchObject({
      unread: 1,
      messages: [
        { id: 'announcement:a1', fromName: 'Ms. Rivera', text: 'Lecture at 3', kind: 'announcement' },
      ],
    });
    expect(book.conversation('nearby').messages).toEqual([]);
    const reloaded = new ChatBook(new ChatStore(storage, 'me'), 'me');
    expect(reloaded.conversation('room:room-1').messages[0]?.kind).toBe('announcement');
  });
});
