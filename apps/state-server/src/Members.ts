import type { ChatMessage } from '@campus/protocol';
import { exhaustiveSwitchError } from './exhaustive';
import { isOnline, type Member, type Presence } from './Member';
import type { ClientPort } from './ports';

/** The most chat messages kept for a user whose connection is down. */
const MISSED_MAX = 100;

/** What a member is stored as: the same, with its presence writable here only. */
interface Entry extends Omit<Member, 'presence'> {
  presence: Presence;
}

/** Reading the members, for the parts of a world that only tell people about them (Audience). */
export type MemberReader = Pick<Members, 'get' | 'portOf' | 'isOnline'>;

/**
 * Every member of one world, by user id, and the one place where a member arrives, changes presence or leaves. A
 * presence that stops being `away` (a new session, a takeover by another node, a departure) has its grace timer
 * cancelled here, so no caller can forget to. It also knows how to reach each one: through their session here, or, for
 * chat only, through `forwardChat` to their node.
 */
export class Members {
  private readonly byId = new Map<string, Entry>();

  /** `forwardChat`: in a cluster, hands a chat message to a user whose session another node holds. */
  constructor(private readonly forwardChat?: (userId: string, message: ChatMessage) => void) {}

  get size(): number {
    return this.byId.size;
  }

  has(userId: string): boolean {
    return this.byId.has(userId);
  }

  get(userId: string): Member | undefined {
    return this.byId.get(userId);
  }

  entries(): IterableIterator<[string, Member]> {
    return this.byId.entries();
  }

  /** Adds a newcomer (the object itself, so the caller may keep it); a user already present is a caller's mistake. */
  add(userId: string, member: Member): void {
    if (this.byId.has(userId)) throw new Error(`${userId} is already a member`);
    const entry: Entry = member;
    this.byId.set(userId, entry);
  }

  /** Moves the member's presence on; the grace timer of an `away` presence it replaces is cancelled. */
  setPresence(userId: string, presence: Presence): void {
    const entry = this.byId.get(userId);
    if (!entry) throw new Error(`${userId} is not a member`);
    const previous = entry.presence;
    entry.presence = presence;
    if (previous.kind === 'away' && previous !== presence) previous.cancelGrace();
  }

  /** Removes the member (cancelling any grace timer) and returns what it was; undefined when it was not there. */
  remove(userId: string): Member | undefined {
    const entry = this.byId.get(userId);
    if (!entry) return undefined;
    this.byId.delete(userId);
    if (entry.presence.kind === 'away') entry.presence.cancelGrace();
    return entry;
  }

  /** The session this node reaches the user through, when it holds one. */
  portOf(userId: string): ClientPort | undefined {
    const presence = this.byId.get(userId)?.presence;
    return presence?.kind === 'local' ? presence.port : undefined;
  }

  /** True while the user is connected, here or on another node. */
  isOnline(userId: string): boolean {
    const presence = this.byId.get(userId)?.presence;
    return presence !== undefined && isOnline(presence);
  }

  /** Hands a chat message over now if the user is connected (here, or through their node); false if not. */
  chatNow(userId: string, message: ChatMessage): boolean {
    const presence = this.byId.get(userId)?.presence;
    if (!presence) return false;
    switch (presence.kind) {
      case 'local':
        presence.port.send('chat:message', message);
        return true;
      case 'away':
        return false;
      case 'remote':
        if (presence.online) this.forwardChat?.(userId, message);
        return presence.online;
      default:
        return exhaustiveSwitchError(presence);
    }
  }

  /** Hands a chat message over now, or keeps it (the newest `MISSED_MAX`) for when the user is back. */
  deliverChat(userId: string, message: ChatMessage): void {
    const member = this.byId.get(userId);
    if (!member || this.chatNow(userId, message)) return;
    member.missed.push(message);
    if (member.missed.length > MISSED_MAX) member.missed.shift();
  }
}
