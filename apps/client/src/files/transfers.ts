import type { FileAudience, FileEndReason, FileHolder, FileOffered } from '@campus/protocol';
import type { FileDownload } from './FileDownload';
import type { FileHashes } from './fileHashes';

/** A file this browser offers, and where the offer stands. */
export interface Outgoing {
  dir: 'out';
  id: string;
  file: Blob;
  name: string;
  size: number;
  audience: FileAudience;
  /** Set once the server placed a room offer. */
  roomId?: string;
  status: OutgoingStatus;
  hashes?: FileHashes;
  holders: FileHolder[];
  /** Recipients who accepted, declined or cancelled, by user id. */
  accepted: Set<string>;
  declined: Set<string>;
}

export type OutgoingStatus =
  | { kind: 'hashing'; hashedBytes: number }
  | { kind: 'offered'; deliveredTo: number }
  | { kind: 'withdrawn' }
  | { kind: 'refused'; message: string };

/** A file offered to this browser, and where taking it stands. */
export interface Incoming {
  dir: 'in';
  id: string;
  offer: FileOffered;
  status: IncomingStatus;
  holders: FileHolder[];
  /** This page's clock when it accepted. */
  acceptedAt?: number;
}

export type IncomingStatus =
  | { kind: 'offered' }
  | { kind: 'declined' }
  | { kind: 'receiving'; download: FileDownload }
  | { kind: 'ready'; file: Blob; download: FileDownload }
  | { kind: 'failed'; message: string }
  | { kind: 'ended'; reason: FileEndReason };

export type Transfer = Outgoing | Incoming;

/** Whether an incoming file is still to come or coming: a sender's leaving ends it. */
export function stillComing(transfer: Incoming): boolean {
  return transfer.status.kind === 'offered' || transfer.status.kind === 'receiving';
}

/** Whether a transfer still moves (progress to show). */
export function busy(t: Transfer): boolean {
  return t.dir === 'out'
    ? t.status.kind === 'hashing' || t.status.kind === 'offered'
    : t.status.kind === 'receiving';
}

/**
 * Whether this page serves the offer's chunks to the peer `peerId`: to the holders the server named, or `'wait'`
 * while the offer is live (news of someone who just accepted may still be on its way).
 */
export function mayServe(t: Transfer | undefined, peerId: string): boolean | 'wait' {
  if (!t) return false;
  if (t.holders.some((h) => h.peerId === peerId)) return true;
  const live = t.dir === 'out' ? t.status.kind === 'offered' || t.status.kind === 'hashing' : stillComing(t);
  return live ? 'wait' : false;
}
