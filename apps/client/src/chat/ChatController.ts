import type { Announcement, ChatMessage } from '@campus/protocol';
import type { Area } from '@campus/world';
import type { CampusConnection, JoinedReply } from '../net/CampusConnection';
import { ChatBook } from './ChatBook';
import { ChatPanel, PEOPLE_TAB, type PanelActions, type TabId } from './ChatPanel';
import { chatView } from './chatView';
import { conversationIds, directPeer, type ConversationId, type StoredMessage } from './chatTypes';
import type { Roster } from '../world/Roster';

/** What the chat asks of file sharing (docs/files.md): to offer files, and each offer's live card. */
export interface ChatFiles {
  offer(file: File, to: { kind: 'person'; userId: string } | { kind: 'room' }): void;
  card(fileId: string): HTMLElement | undefined;
}

/** What the controller needs of the panel: the DOM one in the page, a recording one in tests. */
export type ChatPanelPort = Pick<ChatPanel, 'show' | 'isOpen' | 'render'>;

/**
 * Connects the chat book (history), the roster (who is here) and the panel (what is drawn) to the server: sends and
 * settles messages, files incoming ones, and sends waiting direct messages when their recipient comes online.
 */
export class ChatController {
  private readonly panel: ChatPanelPort;
  private area: Area | undefined;
  private selected: TabId = conversationIds.nearby;
  private readonly retrying = new Set<string>();
  /** The direct-message partners last sent to the server to watch, as one string, to send only changes. */
  private watching = '';
  private readonly receivedListeners: Array<(message: ChatMessage, shown: boolean) => void> = [];
  private files: ChatFiles | undefined;

  constructor(
    private readonly connection: CampusConnection,
    private readonly roster: Roster,
    private readonly book: ChatBook,
    private selfName: string,
    private readonly roomName: (roomId: string) => string,
    notify: (text: string) => void,
    makePanel: (actions: PanelActions) => ChatPanelPort = (actions) => new ChatPanel(actions),
  ) {
    this.panel = makePanel({
      select: (tab) => this.select(tab),
      send: (text) => void this.send(text),
      retry: (messageId) => void this.retry(messageId),
      message: (userId) => this.select(conversationIds.direct(userId)),
      visibility: (open) => this.book.open(open && this.selected !== PEOPLE_TAB ? this.selected : undefined),
      attach: (files, userId) => this.attach(files, userId),
      fileCard: (fileId) => this.files?.card(fileId),
    });
    book.onChange(() => {
      this.render();
      void this.watchPartners();
    });
    book.onNotice(notify);
    this.listen();
  }

  /**
   * Hears each new message as it arrives, and whether it is in the conversation on screen now (whose log, a live
   * region, a screen reader reads out already).
   */
  onReceived(listener: (message: ChatMessage, shown: boolean) => void): void {
    this.receivedListeners.push(listener);
  }

  /** Starts showing chat, from the join reply's snapshot. */
  start(reply: JoinedReply): void {
    this.resync(reply);
    this.panel.show();
  }

  /** The connection came back: files what was missed, sends what waited, and watches partners again. */
  rejoined(reply: JoinedReply): void {
    this.resync(reply);
  }

  setSelfName(name: string): void {
    this.selfName = name;
  }

  /** The local user walked into or out of a classroom: its conversation follows them. */
  setArea(area: Area | undefined): void {
    const wasRoom = this.selected.startsWith('room:');
    this.area = area;
    if (area && (this.selected === conversationIds.nearby || wasRoom))
      this.select(conversationIds.room(area.id));
    else if (!area && wasRoom) this.select(conversationIds.nearby);
    else this.render();
  }

  /** Lets people send files from the chat: a direct conversation's partner, or the room of a classroom's. */
  setFiles(files: ChatFiles): void {
    this.files = files;
  }

  /**
   * Files a file offer in its conversation: the room's for a room offer, else the direct one with the other person.
   * `to` is the recipient of a person offer.
   */
  fileNote(
    note: { id: string; from: string; fromName: string; to?: string; roomId?: string },
    text: string,
  ): void {
    const other = note.from === this.book.selfId ? note.to : note.from;
    const conversation = note.roomId
      ? conversationIds.room(note.roomId)
      : other
        ? conversationIds.direct(other)
        : conversationIds.nearby;
    this.book.fileNote(conversation, { fileId: note.id, from: note.from, fromName: note.fromName, text });
  }

  /** Files dropped or picked: to `userId` (the people list), or to the open conversation's person or room. */
  private attach(files: readonly File[], userId?: string): void {
    if (!this.files) return;
    const peer = userId ?? (this.selected === PEOPLE_TAB ? undefined : directPeer(this.selected));
    const room = !userId && this.selected.startsWith('room:');
    if (!peer && !room) return;
    if (userId) this.select(conversationIds.direct(userId));
    for (const file of files)
      this.files.offer(file, peer ? { kind: 'person', userId: peer } : { kind: 'room' });
  }

  /** A teacher's announcement also goes in the chat: in the classroom's conversation there, else Nearby. */
  announce(announcement: Announcement): void {
    this.book.announce(this.area ? conversationIds.room(this.area.id) : conversationIds.nearby, announcement);
  }

  private listen(): void {
    this.connection.on('chat:message', (message: ChatMessage) => {
      this.book.seePerson(message.from, message.fromName, this.roster.get(message.from)?.look ?? 'sky');
      if (!this.book.receive(message)) return;
      const shown = this.book.openConversation === ChatBook.conversationOf(message);
      for (const listener of this.receivedListeners) listener(message, shown);
    });
    this.roster.onChange((event) => {
      if (event.kind === 'joined' || event.kind === 'profile') this.seen(event.userId);
      if (event.kind === 'joined' || (event.kind === 'presence' && event.online))
        void this.flushPending(event.userId);
      if (event.kind !== 'media') this.render();
    });
  }

  private resync(reply: JoinedReply): void {
    for (const user of reply.users) this.seen(user.userId);
    for (const message of reply.missed) this.book.receive(message);
    this.render();
    for (const userId of this.book.usersWithPending()) void this.flushPending(userId);
    // A fresh session (perhaps a restarted server) watches nobody yet.
    this.watching = '';
    void this.watchPartners();
  }

  /**
   * Asks the server for the presence of everyone this user has a direct conversation with (the most recent ones, up to
   * its limit), wherever they are on the campus: the roster only holds people within range.
   */
  private async watchPartners(): Promise<void> {
    const partners = this.book.directPartners();
    const key = partners.join(',');
    if (key === this.watching) return;
    this.watching = key;
    const online = await this.connection.watchPresence(partners);
    if (online) this.roster.setWatched(partners, online);
    else if (this.watching === key) this.watching = ''; // try again on the next change
  }

  private seen(userId: string): void {
    const entry = this.roster.get(userId);
    if (entry) this.book.seePerson(userId, entry.name, entry.look);
  }

  private select(tab: TabId): void {
    this.selected = tab;
    this.book.open(this.panel.isOpen && tab !== PEOPLE_TAB ? tab : undefined);
    this.render();
  }

  private async send(text: string): Promise<void> {
    if (this.selected === PEOPLE_TAB) return;
    const conversation = this.selected;
    const message = this.book.addOutgoing(conversation, text, this.selfName);
    const peer = directPeer(conversation);
    if (peer && !this.roster.isOnline(peer)) {
      this.book.settle(conversation, message.id, undefined); // waits, and goes when they are back
      return;
    }
    await this.deliver(conversation, message);
  }

  private async retry(messageId: string): Promise<void> {
    if (this.selected === PEOPLE_TAB) return;
    const message = this.book.resend(this.selected, messageId);
    if (message) await this.deliver(this.selected, message);
  }

  private async deliver(conversation: ConversationId, message: StoredMessage): Promise<void> {
    const peer = directPeer(conversation);
    const scope = peer ? 'direct' : conversation.startsWith('room:') ? 'room' : 'nearby';
    const reply = await this.connection.sendChat(
      peer
        ? { id: message.id, scope: 'direct', to: peer, text: message.text }
        : { id: message.id, scope: scope as 'nearby' | 'room', text: message.text },
    );
    this.book.settle(conversation, message.id, reply);
  }

  /** Sends, in order, the direct messages that were waiting for `userId`. */
  private async flushPending(userId: string): Promise<void> {
    if (this.retrying.has(userId) || !this.roster.isOnline(userId)) return;
    this.retrying.add(userId);
    try {
      const conversation = conversationIds.direct(userId);
      for (const pending of this.book.pendingFor(userId)) {
        const message = this.book.resend(conversation, pending.id);
        if (!message) continue;
        await this.deliver(conversation, message);
        if (message.state === 'pending') break; // they went away again
      }
    } finally {
      this.retrying.delete(userId);
    }
  }

  private render(): void {
    const view = chatView({
      book: this.book,
      roster: this.roster,
      area: this.area,
      selected: this.selected,
      roomName: this.roomName,
    });
    this.panel.render(view, this.book.unreadTotal());
  }
}
