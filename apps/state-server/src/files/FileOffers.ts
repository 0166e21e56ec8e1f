import {
  MessageError,
  type FileAcceptReply,
  type FileAudience,
  type FileEndReason,
  type FileHolder,
  type FileOffer,
  type FileOffered,
  type FileOfferReply,
  type Point,
} from '@campus/protocol';
import { classroomAudience } from '../classroomAudience';
import { exhaustiveSwitchError } from '../exhaustive';
import type { PeerRegistry } from '../PeerRegistry';
import type { Cancel, Clock } from '../ports';
import type { BucketSpec, RateLimiter } from '../RateLimiter';
import { RoomError } from '../RoomError';
import type { WorldRoom } from '../WorldRoom';

/** How long an offer stays open (ms) unless its sender withdraws it or leaves first. */
export const OFFER_LIFETIME_MS = 2 * 60 * 60 * 1000;
/** The most live offers one sender has out at once; one more ends the oldest. */
export const OFFERS_PER_SENDER = 20;
/** The largest file by default (`FILE_MAX_BYTES`): 1 GiB. */
export const FILE_MAX_BYTES_DEFAULT = 2 ** 30;
/** Offers per user by default: five at once, then ten a minute. */
export const FILE_OFFER_RATE: BucketSpec = { burst: 5, perSecond: 10 / 60 };

/** What file sharing needs of the world: who someone is and where, who is in a classroom, a word to one user. */
export type FileWorld = Pick<
  WorldRoom,
  'map' | 'profileOf' | 'whereIs' | 'presentAround' | 'sendTo' | 'observe'
>;
/** Where a holder's PeerJS id is looked up, afresh each time a holder list is made. */
export type PeerDirectory = Pick<PeerRegistry, 'peerIdOf'>;

export interface FileOffersOptions {
  /** The largest file that may be offered (`FILE_MAX_BYTES`). */
  maxBytes: number;
  lifetimeMs?: number;
  perSender?: number;
}

export type OfferSent = Extract<FileOfferReply, { ok: true }>;
export type OfferTaken = Extract<FileAcceptReply, { ok: true }>;

interface LiveOffer {
  /** The offer as its recipients got it. */
  readonly offered: FileOffered;
  /** Who got it and has not declined or cancelled it (accepters stay here). */
  readonly recipients: Set<string>;
  /** Who serves its chunks: the sender first, then accepters in the order they accepted. */
  readonly holders: string[];
  readonly cancelExpiry: Cancel;
}

/**
 * The tracker of peer-to-peer file sharing (docs/protocol.md#files): hands each offer, stamped with its sender's
 * identity, to one person or to everyone in the sender's classroom, and tells those who take it who holds its chunks
 * (user and PeerJS id). The bytes go between browsers; nothing here ever sees them. Offers live in this node's memory
 * and reach only users whose sessions this node holds.
 */
export class FileOffers {
  private readonly offers = new Map<string, LiveOffer>();
  /** Each sender's live offers, oldest first. */
  private readonly bySender = new Map<string, string[]>();
  private readonly maxBytes: number;
  private readonly lifetimeMs: number;
  private readonly perSender: number;

  constructor(
    private readonly world: FileWorld,
    private readonly peers: PeerDirectory,
    private readonly clock: Clock,
    private readonly limiter: RateLimiter,
    options: FileOffersOptions,
  ) {
    this.maxBytes = options.maxBytes;
    this.lifetimeMs = options.lifetimeMs ?? OFFER_LIFETIME_MS;
    this.perSender = options.perSender ?? OFFERS_PER_SENDER;
    // Only a departure for good: a reload within the grace period keeps the user's offers and holdings.
    world.observe({ left: (userId) => this.left(userId) });
  }

  /** How many offers are live. */
  get size(): number {
    return this.offers.size;
  }

  /** Hands the sender's offer to its recipients who are connected now; ends the sender's oldest beyond the cap. */
  offer(from: string, request: FileOffer): OfferSent {
    const profile = this.world.profileOf(from);
    const at = this.world.whereIs(from);
    if (!profile || !at) throw new RoomError(MessageError.NOT_JOINED, 'join the world first');
    if (this.peers.peerIdOf(from) === undefined) {
      throw new RoomError(
        MessageError.MEDIA_NOT_REGISTERED,
        'register for media first: your browser serves the file',
      );
    }
    if (request.size > this.maxBytes) {
      throw new RoomError(
        MessageError.FILE_TOO_LARGE,
        `files of at most ${megabytes(this.maxBytes)} MB can be shared here`,
      );
    }
    if (!this.limiter.take(from)) {
      throw new RoomError(MessageError.RATE_LIMITED, 'too many file offers; wait a moment and offer again');
    }
    if (this.offers.has(request.id)) {
      throw new RoomError(MessageError.OFFER_EXISTS, 'an offer with this id is out already');
    }
    const stamped: FileOffered = {
      id: request.id,
      from,
      fromName: profile.name,
      name: request.name,
      size: request.size,
      type: request.type,
      sha256: request.sha256,
      chunkListHash: request.chunkListHash,
      at: this.clock.now(),
    };
    const { offered, recipients } = this.deliver(from, at, request.to, stamped);
    this.makeRoomFor(from);
    const cancelExpiry = this.clock.setTimeout(() => this.expire(offered.id), this.lifetimeMs);
    this.offers.set(offered.id, { offered, recipients: new Set(recipients), holders: [from], cancelExpiry });
    const ids = this.bySender.get(from) ?? [];
    ids.push(offered.id);
    this.bySender.set(from, ids);
    return {
      ok: true,
      id: offered.id,
      at: offered.at,
      deliveredTo: recipients.length,
      ...(offered.roomId !== undefined ? { roomId: offered.roomId } : {}),
    };
  }

  /**
   * A recipient takes the offer (again, after a reload, to refresh the holders' peer ids): they hold it from now and
   * every other holder hears the new list.
   */
  accept(userId: string, id: string): OfferTaken {
    const offer = this.offerFor(userId, id);
    if (this.peers.peerIdOf(userId) === undefined) {
      throw new RoomError(
        MessageError.MEDIA_NOT_REGISTERED,
        'register for media first: the file comes over a peer connection',
      );
    }
    if (!offer.holders.includes(userId)) offer.holders.push(userId);
    const holders = this.tellHolders(offer, userId);
    return { ok: true, offer: offer.offered, holders };
  }

  /** A recipient turns the offer down; its sender hears of it. */
  decline(userId: string, id: string): void {
    this.withdrawRecipient(this.offerFor(userId, id), userId, 'declined');
  }

  /** The sender withdraws the offer from everyone; a recipient stops taking (and serving) it. */
  cancel(userId: string, id: string): void {
    const offer = this.offers.get(id);
    if (offer?.offered.from === userId) {
      this.end(offer, 'withdrawn', offer.recipients);
      return;
    }
    this.withdrawRecipient(this.offerFor(userId, id), userId, 'cancelled');
  }

  /** The same refusal for an unknown, ended or someone else's offer, so nobody learns of offers not made to them. */
  private offerFor(userId: string, id: string): LiveOffer {
    const offer = this.offers.get(id);
    if (!offer?.recipients.has(userId)) {
      throw new RoomError(MessageError.UNKNOWN_OFFER, 'no such offer for you (it may have ended)');
    }
    return offer;
  }

  /** Sends the offer to its audience; who got it (a person who is not connected here refuses it). */
  private deliver(
    from: string,
    at: Point,
    to: FileAudience,
    offered: FileOffered,
  ): { offered: FileOffered; recipients: string[] } {
    switch (to.kind) {
      case 'person': {
        if (to.userId === from)
          throw new RoomError(MessageError.INVALID_PAYLOAD, 'offer the file to someone else');
        if (!this.world.sendTo(to.userId, 'file:offered', offered)) {
          throw new RoomError(
            MessageError.RECIPIENT_OFFLINE,
            'they are not connected; offer it again when they are back',
          );
        }
        return { offered, recipients: [to.userId] };
      }
      case 'room': {
        const audience = classroomAudience(this.world, from, at);
        if (!audience)
          throw new RoomError(MessageError.NOT_IN_ROOM, 'walk into a classroom to offer it a file');
        const inRoom = { ...offered, roomId: audience.roomId, recipients: audience.userIds.length };
        const recipients = audience.userIds.filter((u) => this.world.sendTo(u, 'file:offered', inRoom));
        return { offered: inRoom, recipients };
      }
      default:
        return exhaustiveSwitchError(to);
    }
  }

  /** Ends the sender's oldest offers until one more fits under the cap. */
  private makeRoomFor(from: string): void {
    for (;;) {
      const ids = this.bySender.get(from);
      const oldest = ids && ids.length >= this.perSender ? this.offers.get(ids[0]!) : undefined;
      if (!oldest) return;
      this.end(oldest, 'expired', everyoneOf(oldest));
    }
  }

  private expire(id: string): void {
    const offer = this.offers.get(id);
    if (offer) this.end(offer, 'expired', everyoneOf(offer));
  }

  /** Forgets the offer and tells `tell` why it ended. */
  private end(offer: LiveOffer, reason: FileEndReason, tell: Iterable<string>): void {
    const { id, from } = offer.offered;
    this.offers.delete(id);
    offer.cancelExpiry();
    const ids = this.bySender.get(from)?.filter((other) => other !== id) ?? [];
    if (ids.length > 0) this.bySender.set(from, ids);
    else this.bySender.delete(from);
    for (const userId of [...tell]) this.world.sendTo(userId, 'file:ended', { id, userId: from, reason });
  }

  /** Takes a recipient off the offer; the sender hears why (when there is a why), the other holders the new list. */
  private withdrawRecipient(
    offer: LiveOffer,
    userId: string,
    reason?: Extract<FileEndReason, 'declined' | 'cancelled'>,
  ): void {
    const { id, from } = offer.offered;
    offer.recipients.delete(userId);
    const held = offer.holders.indexOf(userId);
    if (held >= 0) offer.holders.splice(held, 1);
    if (reason) this.world.sendTo(from, 'file:ended', { id, userId, reason });
    if (held >= 0) this.tellHolders(offer);
  }

  /** The offer's holders with their current peer ids, told to every holder but `except`; returns the list. */
  private tellHolders(offer: LiveOffer, except?: string): FileHolder[] {
    const holders = offer.holders.flatMap((userId) => {
      const peerId = this.peers.peerIdOf(userId);
      return peerId === undefined ? [] : [{ userId, peerId }];
    });
    const { id } = offer.offered;
    for (const userId of offer.holders) {
      if (userId !== except) this.world.sendTo(userId, 'file:holders', { id, holders });
    }
    return holders;
  }

  /** The user left for good: their offers end for everyone, and they no longer hold anyone else's. */
  private left(userId: string): void {
    for (const id of this.bySender.get(userId) ?? []) {
      const offer = this.offers.get(id);
      if (offer) this.end(offer, 'sender-left', offer.recipients);
    }
    for (const offer of this.offers.values()) {
      if (offer.recipients.has(userId)) this.withdrawRecipient(offer, userId);
    }
  }
}

/** The sender and every recipient: whom an offer's expiry concerns. */
function everyoneOf(offer: LiveOffer): string[] {
  return [offer.offered.from, ...offer.recipients];
}

/** A byte count in MB (2^20 bytes), as a person reads a limit. */
function megabytes(bytes: number): string {
  const mb = bytes / 2 ** 20;
  return String(mb >= 100 ? Math.floor(mb) : Number(mb.toPrecision(3)));
}
