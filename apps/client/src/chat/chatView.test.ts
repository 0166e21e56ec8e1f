import { describe, expect, it } from 'vitest';
import { Roster } from '../world/Roster';
import { ChatBook } from './ChatBook';
import { ChatStore } from './ChatStore';
import { chatView } from './chatView';

class MemoryStorage {
  private readonly data = new Map<string, string>();
  getItem(key: string): string | null {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.data.set(key, value);
  }
}

describe('chatView', () => {
  it('shows the tab of a direct conversation just opened from the people list, though nothing is stored for it yet', () => {
    const book = new ChatBook(new ChatStore(new MemoryStorage(), 'me'), 'me');
    book.seePerson('bo', 'Bo', 'rose');
    const view = chatView({
      book,
      roster: new Roster(),
      area: undefined,
      selected: 'dm:bo',
      roomName: (id) => id,
    });
    expect(view.tabs.map((t) => t.label)).toEqual(['Nearby', 'People', 'Bo']);
    expect(view.placeholder).toBe('Message Bo');
    expect(book.history.conversations).toEqual({});
  });
});
