import { z } from 'zod';
import type { ProtocolErrorBody } from './events';
import { UserId } from './ids';

/**
 * File sharing (docs/files.md): the server hands out who offers what (name, size, type, hashes) and who holds it; the
 * bytes go between browsers over PeerJS data channels and never through the server.
 */

/** The bytes of every chunk but the last; each chunk is hashed on its own. */
export const FILE_CHUNK_BYTES = 128 * 1024;
/** The largest file the protocol can describe; a server may set a smaller limit (`FILE_MAX_BYTES`). */
export const FILE_SIZE_CEILING = 2 ** 40;
/** Longest file name, in characters. */
export const FILE_NAME_MAX = 255;

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lower-case hex');
/** An offer's id, chosen by its sender's browser (random). */
export const OfferId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);

// Control characters and bidi overrides make names that lie about what a file is ("gpj.exe").
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Who an offer goes to: one person (anyone connected), or everyone in the classroom the sender stands in. */
export const FileAudience = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('person'), userId: UserId }),
  z.strictObject({ kind: z.literal('room') }),
]);
export type FileAudience = z.infer<typeof FileAudience>;

/**
 * `file:offer`: a file this browser will serve. `sha256` is the whole file's; `chunkListHash` is the SHA-256 of the
 * chunks' SHA-256s one after the other (a one-level hash tree), so a receiver can check the chunk list a peer gives it
 * and then every chunk as it arrives, while the offer stays small.
 */
export const FileOffer = z.strictObject({
  id: OfferId,
  to: FileAudience,
  name: z
    .string()
    .trim()
    .min(1)
    .max(FILE_NAME_MAX)
    .refine((s) => !UNPRINTABLE.test(s), { message: 'file name contains control characters' }),
  size: z.number().int().min(1).max(FILE_SIZE_CEILING),
  type: z.string().max(127),
  sha256: sha256Hex,
  chunkListHash: sha256Hex,
});
export type FileOffer = z.infer<typeof FileOffer>;

/** `file:accept`, `file:decline`, `file:cancel`: one offer, by its id. */
export const FileRequest = z.strictObject({ id: OfferId });
export type FileRequest = z.infer<typeof FileRequest>;

/** Someone who serves an offer's chunks: the sender, and every recipient who accepted it. */
export interface FileHolder {
  userId: string;
  /** Their PeerJS id, as the server issued it: a data channel to it reaches them and nobody else. */
  peerId: string;
}

/** An offer as its recipients get it, stamped by the server with the sender's identity and PeerJS id. */
export interface FileOffered {
  id: string;
  from: string;
  fromName: string;
  /** Set for an offer to a classroom: the room. */
  roomId?: string;
  /** For an offer to a classroom: how many it went to (those who take it split the sender's upload by this). */
  recipients?: number;
  name: string;
  size: number;
  type: string;
  sha256: string;
  chunkListHash: string;
  /** Server clock, ms. */
  at: number;
}

/** Why an offer ended for someone: the sender withdrew it or left, it expired, or a receiver declined or cancelled. */
export type FileEndReason = 'withdrawn' | 'sender-left' | 'expired' | 'declined' | 'cancelled';

export type FileOfferReply =
  | { ok: true; id: string; at: number; deliveredTo: number; roomId?: string }
  | { ok: false; error: ProtocolErrorBody };

export type FileAcceptReply =
  { ok: true; offer: FileOffered; holders: FileHolder[] } | { ok: false; error: ProtocolErrorBody };
