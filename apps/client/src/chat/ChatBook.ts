import {
  Limits,
  MessageError,
  type Announcement,
  type AvatarLook,
  type ChatMessage,
  type ChatSendReply,
} from '@campus/protocol';
import { MESSAGES_PER_CONVERSATION, type ChatStore } from './ChatStore';
import {
  conversationIds,
  directPeer,
  type ChatHistory,
  type Conversation,
  type ConversationId,
  type StoredMessage,
} from './chatTypes';

/**
 * The local user's conversations: what to show, unread counts, the people directory, and the state of each message
 * they sent. Every change is saved; a full quota prunes the oldest messages and says so through `onNotice`.
 */
export class ChatBook {
  readonly history: ChatHistory;
  private openId: ConversationId | undefined;
  private readonly changeListeners = new Set<() => void>();
  private readonly noticeListeners = new Set<(notice: string) => void>();
  private readonly queuedNotices: string[] = [];
  private sequence = 0;

  constructor(
    private readonly store: ChatStore,
    readonly selfId: string,
    private readonly now: () => number = () => Date.now(),
    private readonly randomId: () => string = () => crypto.randomUUID().replace(/-/g, ''),
  ) {
    const loaded = store.load();
    this.history = loaded.history;
    if (loaded.unreadable)
      this.notify('Your saved chat could not be read; it was kept aside and a new one started.');
  }

  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Things the person should be told (storage trouble). Notices from before the first listener are delivered to it. */
  onNotice(listener: (notice: string) => void): () => void {
    this.noticeListeners.add(listener);
    for (const notice of this.queuedNotices.splice(0)) listener(notice);
    return () => this.noticeListeners.delete(listener);
  }

  get openConversation(): ConversationId | undefined {
    return this.openId;
  }

  /**
   * A conversation as it stands; one that holds nothing yet comes back empty and is not stored (a conversation is
   * stored from its first message, so meeting people leaves no trace but the people directory).
   */
  conversation(id: ConversationId): Conversation {
    return this.history.conversations[id] ?? { id, messages: [], unread: 0 };
  }

  /** Shows a conversation: its messages count as read. */
  open(id: ConversationId | undefined): void {
    this.openId = id;
    const conversation = id === undefined ? undefined : this.history.conversations[id];
    if (conversation && conversation.unread > 0) {
      conversation.unread = 0;
      this.commit();
    } else {
      this.emitChange();
    }
  }

  unreadTotal(): number {
    return Object.values(this.history.conversations).reduce((n, c) => n + c.unread, 0);
  }

  /** Records a message the local user is sending; returns it with a fresh id, state `sending`. */
  addOutgoing(id: ConversationId, text: string, selfName: string): StoredMessage {
    const message: StoredMessage = {
      id: `${this.randomId().slice(0, 24)}${(this.sequence++).toString(36)}`,
      from: this.selfId,
      fromName: selfName,
      text,
      at: this.now(),
      state: 'sending',
    };
    this.append(this.stored(id), message);
    this.commit();
    return message;
  }

  /** Records the server's answer to a sent message (or a timeout, as `undefined`). */
  settle(id: ConversationId, messageId: string, reply: ChatSendReply | undefined): void {
    const message = this.history.conversations[id]?.messages.find((m) => m.id === messageId);
    if (!message) return;
    if (reply?.ok) {
      message.state = 'delivered';
      message.deliveredTo = reply.deliveredTo;
      delete message.error;
    } else if (
      directPeer(id) &&
      (reply === undefined || reply.error.code === MessageError.RECIPIENT_OFFLINE)
    ) {
      message.state = 'pending';
    } else {
      message.state = 'failed';
      message.error = reply ? reply.error.message : 'no answer from the server';
    }
    this.commit();
  }

  /** Marks a pending or failed message as going out again. */
  resend(id: ConversationId, messageId: string): StoredMessage | undefined {
    const message = this.history.conversations[id]?.messages.find((m) => m.id === messageId);
    if (!message || (message.state !== 'pending' && message.state !== 'failed')) return undefined;
    message.state = 'sending';
    this.commit();
    return message;
  }

  /** The conversation an incoming message belongs to. */
  static conversationOf(message: Pick<ChatMessage, 'scope' | 'from' | 'roomId'>): ConversationId {
    return message.scope === 'direct'
      ? conversationIds.direct(message.from)
      : message.scope === 'room'
        ? conversationIds.room(message.roomId ?? 'unknown')
        : conversationIds.nearby;
  }

  /** Files an incoming message under its conversation; false if it was already there (a retry). */
  receive(message: ChatMessage): boolean {
    const id = ChatBook.conversationOf(message);
    const conversation = this.stored(id);
    if (conversation.messages.some((m) => m.id === message.id && m.from === message.from)) return false;
    this.append(conversation, {
      id: message.id,
      from: message.from,
      fromName: message.fromName,
      text: message.text,
      at: this.now(),
      state: 'received',
    });
    if (this.openId !== id) conversation.unread++;
    this.commit();
    return true;
  }

  /** Files a teacher's announcement in conversation `id` as a line of its own; false if it was already there. */
  announce(id: ConversationId, announcement: Announcement): boolean {
    const messageId = `announcement:${announcement.id}`;
    if (Object.values(this.history.conversations).some((c) => c.messages.some((m) => m.id === messageId)))
      return false;
    const conversation = this.stored(id);
    this.append(conversation, {
      id: messageId,
      from: announcement.from,
      fromName: announcement.fromName,
      text: announcement.text,
      at: this.now(),
      state: 'received',
      kind: 'announcement',
    });
    if (this.openId !== id) conversation.unread++;
    this.commit();
    return true;
  }

  /** Files a file offer in conversation `id` (its bytes are never kept here); false if it was already there. */
  fileNote(
    id: ConversationId,
    note: { fileId: string; from: string; fromName: string; text: string },
  ): boolean {
    const messageId = `file:${note.fileId}`;
    if (this.stored(id).messages.some((m) => m.id === messageId)) return false;
    const conversation = this.stored(id);
    const mine = note.from === this.selfId;
    this.append(conversation, {
      id: messageId,
      from: note.from,
      fromName: note.fromName,
      text: note.text,
      at: this.now(),
      state: mine ? 'delivered' : 'received',
      kind: 'file',
      fileId: note.fileId,
    });
    if (this.openId !== id && !mine) conversation.unread++;
    this.commit();
    return true;
  }

  /** Direct messages waiting for `userId` to come online, oldest first. */
  pendingFor(userId: string): StoredMessage[] {
    const conversation = this.history.conversations[conversationIds.direct(userId)];
    return conversation?.messages.filter((m) => m.state === 'pending') ?? [];
  }

  /**
   * Everyone this user has a direct conversation with, the most recent `Limits.WATCH_MAX` of them, sorted: the list
   * whose presence to watch. It changes only when a conversation with someone new begins (or an old one comes back
   * into the most recent), never because someone was merely seen.
   */
  directPartners(): string[] {
    return Object.values(this.history.conversations)
      .filter((c) => directPeer(c.id) !== undefined && c.messages.length > 0)
      .sort((a, b) => (b.messages.at(-1)?.at ?? 0) - (a.messages.at(-1)?.at ?? 0))
      .slice(0, Limits.WATCH_MAX)
      .map((c) => directPeer(c.id) ?? '')
      .sort();
  }

  /** Everyone with pending direct messages. */
  usersWithPending(): string[] {
    return Object.values(this.history.conversations)
      .filter((c) => c.messages.some((m) => m.state === 'pending'))
      .map((c) => directPeer(c.id))
      .filter((id): id is string => id !== undefined);
  }

  /** Updates the directory with someone's current name and look. */
  seePerson(userId: string, name: string, look: AvatarLook): void {
    const before = this.history.people[userId];
    this.history.people[userId] = { name, look, lastSeen: this.now() };
    if (!before || before.name !== name || before.look !== look) this.commit();
  }

  nameOf(userId: string): string | undefined {
    return this.history.people[userId]?.name;
  }

  /** The stored conversation, created for a message about to go in. */
  private stored(id: ConversationId): Conversation {
    return (this.history.conversations[id] ??= { id, messages: [], unread: 0 });
  }

  private append(conversation: Conversation, message: StoredMessage): void {
    conversation.messages.push(message);
    if (conversation.messages.length > MESSAGES_PER_CONVERSATION) {
      conversation.messages.splice(0, conversation.messages.length - MESSAGES_PER_CONVERSATION);
    }
  }

  private commit(): void {
    const result = this.store.save(this.history);
    if (result.pruned > 0) {
      this.notify(
        `Browser storage was full: the ${result.pruned} oldest chat message${result.pruned === 1 ? ' was' : 's were'} removed to make room.`,
      );
    }
    if (!result.saved) this.notify('Browser storage is full: new chat messages are shown but not saved.');
    this.emitChange();
  }

  private notify(notice: string): void {
    if (this.noticeListeners.size === 0) this.queuedNotices.push(notice);
    for (const listener of this.noticeListeners) listener(notice);
  }

  private emitChange(): void {
    for (const listener of this.changeListeners) listener();
  }
}
