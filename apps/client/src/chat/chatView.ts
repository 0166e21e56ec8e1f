import type { Area } from '@campus/world';
import type { ChatBook } from './ChatBook';
import { PEOPLE_TAB, type PanelView, type PersonView, type TabId, type TabView } from './ChatPanel';
import { conversationIds, directPeer } from './chatTypes';
import type { Roster } from '../world/Roster';

export interface ChatContext {
  book: ChatBook;
  roster: Roster;
  /** The classroom the local user stands in, if any. */
  area: Area | undefined;
  selected: TabId;
  roomName: (roomId: string) => string;
}

/**
 * What the chat panel shows: tabs for Nearby, the current classroom, People and each direct conversation (with unread
 * counts), and the selected conversation's messages. A plain function of the state, so it is tested without a page.
 */
export function chatView({ book, roster, area, selected, roomName }: ChatContext): PanelView {
  const unread = (id: string): number => book.history.conversations[id]?.unread ?? 0;
  const tabs: TabView[] = [
    { id: conversationIds.nearby, label: 'Nearby', unread: unread(conversationIds.nearby) },
  ];
  const currentRoom = area ? conversationIds.room(area.id) : undefined;
  const roomTabs = new Set<string>(currentRoom ? [currentRoom] : []);
  for (const id of Object.keys(book.history.conversations)) {
    if (id.startsWith('room:') && (unread(id) > 0 || id === selected)) roomTabs.add(id);
  }
  for (const id of roomTabs) {
    tabs.push({
      id,
      label: roomName(id.slice(5)),
      unread: unread(id),
      disabled: id !== currentRoom && id !== selected,
    });
  }
  tabs.push({ id: PEOPLE_TAB, label: 'People', unread: 0 });
  const directs = Object.values(book.history.conversations).filter(
    (c) => directPeer(c.id) !== undefined && (c.messages.length > 0 || c.id === selected),
  );
  // A direct conversation just opened holds nothing yet, so it is not stored: its tab shows all the same.
  if (directPeer(selected) !== undefined && !book.history.conversations[selected]) {
    directs.push(book.conversation(selected));
  }
  directs.sort((a, b) => (b.messages.at(-1)?.at ?? Infinity) - (a.messages.at(-1)?.at ?? Infinity));
  for (const c of directs) {
    const peer = directPeer(c.id) ?? '';
    tabs.push({
      id: c.id,
      label: roster.get(peer)?.name ?? book.nameOf(peer) ?? 'Someone',
      unread: c.unread,
    });
  }

  const people: PersonView[] = roster
    .list()
    .filter((p) => p.userId !== book.selfId)
    .map((p) => ({ userId: p.userId, name: p.name, online: p.online }));
  const present = new Set(people.map((p) => p.userId));
  for (const [userId, known] of Object.entries(book.history.people)) {
    if (userId === book.selfId || present.has(userId)) continue;
    const waiting = book.pendingFor(userId).length;
    people.push({
      userId,
      name: known.name,
      // Out of range, but a direct-message partner's presence is watched.
      online: roster.isOnline(userId),
      ...(waiting ? { note: `${waiting} waiting` } : {}),
    });
  }

  const peer = directPeer(selected);
  const peerName = peer ? (roster.get(peer)?.name ?? book.nameOf(peer) ?? 'them') : '';
  const placeholder =
    selected === conversationIds.nearby
      ? 'Message people nearby'
      : selected.startsWith('room:')
        ? `Message everyone in ${roomName(selected.slice(5))}`
        : `Message ${peerName}`;
  const empty =
    selected === conversationIds.nearby
      ? 'Nothing said nearby yet. Walk up to someone and say hello.'
      : selected.startsWith('room:')
        ? 'No messages in this room yet.'
        : `No messages with ${peerName} yet.`;
  return {
    tabs,
    selected,
    selfId: book.selfId,
    messages: selected === PEOPLE_TAB ? [] : (book.history.conversations[selected]?.messages ?? []),
    people,
    placeholder,
    empty,
  };
}
