import { AvatarLook } from '@campus/protocol';
import type { ChatHistory, Conversation, DeliveryState, StoredMessage } from './chatTypes';

type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>;

export const CURRENT_VERSION = 2;
/** The most messages kept per conversation; older ones give way. */
export const MESSAGES_PER_CONVERSATION = 500;

/** Format 1, as the first release wrote it: one flat list of messages. */
interface HistoryV1 {
  version: 1;
  messages: Array<{
    id: string;
    conversation: string;
    from: string;
    fromName?: string;
    text: string;
    at: number;
    status: 'sent' | 'received' | 'pending';
  }>;
}

export interface LoadResult {
  history: ChatHistory;
  /** The older format version the stored history was migrated from, if any. */
  migratedFrom?: number;
  /** True when stored data could not be read; it was kept aside under `<key>:unreadable`, not deleted. */
  unreadable?: boolean;
}

export interface SaveResult {
  saved: boolean;
  /** How many of the oldest messages had to be removed to fit the browser's storage quota. */
  pruned: number;
}

export function emptyHistory(): ChatHistory {
  return { version: 2, conversations: {}, people: {} };
}

/**
 * Chat history in localStorage, one entry per local user id. Versioned: older formats are migrated on load. When the
 * browser's quota is full, the oldest delivered messages are pruned until it fits, and the caller is told how many.
 */
export class ChatStore {
  readonly key: string;

  constructor(
    private readonly storage: KeyValueStorage,
    userId: string,
  ) {
    this.key = `campus:chat:${userId}`;
  }

  load(): LoadResult {
    const raw = this.storage.getItem(this.key);
    if (raw === null) return { history: emptyHistory() };
    try {
      const parsed: unknown = JSON.parse(raw);
      const version = (parsed as { version?: unknown })?.version;
      if (version === 2) return { history: sanitize(parsed as ChatHistory) };
      if (version === 1) return { history: migrateV1(parsed as HistoryV1), migratedFrom: 1 };
      throw new Error(`unknown chat history version ${String(version)}`);
    } catch {
      try {
        this.storage.setItem(`${this.key}:unreadable`, raw);
      } catch {
        // Nowhere to keep it aside; the original stays until the next successful save.
      }
      return { history: emptyHistory(), unreadable: true };
    }
  }

  save(history: ChatHistory): SaveResult {
    let pruned = 0;
    for (;;) {
      try {
        this.storage.setItem(this.key, JSON.stringify(history));
        return { saved: true, pruned };
      } catch (err) {
        if (!isQuotaError(err)) throw err;
        const removed = pruneOldest(history);
        if (removed === 0) return { saved: false, pruned };
        pruned += removed;
      }
    }
  }
}

function isQuotaError(err: unknown): boolean {
  return (
    err instanceof DOMException &&
    (err.name === 'QuotaExceededError' || err.name === 'NS_ERROR_DOM_QUOTA_REACHED' || err.code === 22)
  );
}

/** Removes the oldest tenth (at least one) of the messages that are settled; never one still waiting to be sent. */
function pruneOldest(history: ChatHistory): number {
  const settled = Object.values(history.conversations)
    .flatMap((c) =>
      c.messages.filter((m) => m.state !== 'sending' && m.state !== 'pending').map((m) => ({ c, m })),
    )
    .sort((a, b) => a.m.at - b.m.at);
  const victims = settled.slice(0, Math.max(1, Math.ceil(settled.length / 10)));
  if (settled.length === 0) return 0;
  for (const { c, m } of victims) c.messages.splice(c.messages.indexOf(m), 1);
  return victims.length;
}

const V1_STATES: Record<HistoryV1['messages'][number]['status'], DeliveryState> = {
  sent: 'delivered',
  received: 'received',
  pending: 'pending',
};

function migrateV1(old: HistoryV1): ChatHistory {
  const history = emptyHistory();
  for (const m of old.messages ?? []) {
    const conversation: Conversation = (history.conversations[m.conversation] ??= {
      id: m.conversation,
      messages: [],
      unread: 0,
    });
    conversation.messages.push({
      id: m.id,
      from: m.from,
      fromName: m.fromName ?? 'Someone',
      text: m.text,
      at: m.at,
      state: V1_STATES[m.status] ?? 'received',
    });
  }
  for (const c of Object.values(history.conversations)) c.messages.sort((a, b) => a.at - b.at);
  return history;
}

/** Drops what a stored history should not hold (a tampered look, a message in flight when the tab closed). */
function sanitize(history: ChatHistory): ChatHistory {
  const clean = emptyHistory();
  for (const [id, c] of Object.entries(history.conversations ?? {})) {
    // Earlier versions stored an empty conversation for everyone they met; there is nothing in them to keep.
    if ((c.messages ?? []).length === 0 && !(c.unread > 0)) continue;
    // A message still "sending" when the page closed never got an answer: a direct one goes out again when its
    // recipient is online; a nearby or classroom one belonged to that moment, so it is shown as not sent.
    const unanswered: DeliveryState = id.startsWith('dm:') ? 'pending' : 'failed';
    const messages: StoredMessage[] = (c.messages ?? []).map((m) =>
      m.state === 'sending' ? { ...m, state: unanswered } : m,
    );
    clean.conversations[id] = {
      id,
      messages: messages.slice(-MESSAGES_PER_CONVERSATION),
      unread: c.unread ?? 0,
    };
  }
  for (const [userId, p] of Object.entries(history.people ?? {})) {
    const look = AvatarLook.safeParse(p.look);
    if (look.success)
      clean.people[userId] = { name: String(p.name), look: look.data, lastSeen: p.lastSeen ?? 0 };
  }
  return clean;
}
