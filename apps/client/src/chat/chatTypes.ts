import type { AvatarLook } from '@campus/protocol';

/**
 * Where a message stands, as its sender sees it: `sending` until the server answers, then `delivered`, `pending` (a
 * direct message waiting for its recipient to come online) or `failed`. Messages from others are `received`.
 */
export type DeliveryState = 'sending' | 'delivered' | 'pending' | 'failed' | 'received';

export interface StoredMessage {
  id: string;
  from: string;
  fromName: string;
  text: string;
  /** Local clock, ms since the epoch. */
  at: number;
  state: DeliveryState;
  /** For delivered messages: how many people got it. */
  deliveredTo?: number;
  /** For failed messages: why, in words. */
  error?: string;
  /** A teacher's campus-wide announcement, filed in the conversation that was current when it came; a file offer. */
  kind?: 'announcement' | 'file';
  /** For a file offer: its id, for the live card (docs/files.md); the text says what it was, for history. */
  fileId?: string;
}

/** `nearby`, `room:<roomId>` or `dm:<userId>`. */
export type ConversationId = string;

export interface Conversation {
  id: ConversationId;
  messages: StoredMessage[];
  unread: number;
}

/** Last seen name and look of someone this browser has met. */
export interface PersonEntry {
  name: string;
  look: AvatarLook;
  lastSeen: number;
}

/** The whole stored chat of one local user, format version 2. */
export interface ChatHistory {
  version: 2;
  conversations: Record<ConversationId, Conversation>;
  people: Record<string, PersonEntry>;
}

export const conversationIds = {
  nearby: 'nearby',
  room: (roomId: string): ConversationId => `room:${roomId}`,
  direct: (userId: string): ConversationId => `dm:${userId}`,
} as const;

/** The user a direct conversation is with, or undefined for other conversations. */
export function directPeer(id: ConversationId): string | undefined {
  return id.startsWith('dm:') ? id.slice(3) : undefined;
}
