import { FILE_CHUNK_BYTES, OfferId } from '@campus/protocol';
import { z } from 'zod';

/**
 * What two browsers say to each other over a file data channel. Requests and news are JSON text, checked against
 * these schemas because the other side may be hostile; chunks and chunk lists are binary frames:
 * `[kind u8][id length u8][id ascii][index u32 big-endian][payload]`.
 */
export const PeerRequest = z.discriminatedUnion('t', [
  /** Send me the offer's chunk hashes from `from` on (one frame of up to LIST_PAGE hashes). */
  z.strictObject({ t: z.literal('list'), id: OfferId, from: z.number().int().min(0) }),
  /** Send me chunk `index`. */
  z.strictObject({ t: z.literal('want'), id: OfferId, index: z.number().int().min(0) }),
  /** Forget what I asked of this offer (I cancelled it): nothing more is to be sent. */
  z.strictObject({ t: z.literal('drop'), id: OfferId }),
  /** Which chunks I hold: a bitfield, base64 (ChunkBitfield's). */
  z.strictObject({ t: z.literal('have'), id: OfferId, bits: z.string().max(1_500_000) }),
  /** I now hold chunk `index` too. */
  z.strictObject({ t: z.literal('got'), id: OfferId, index: z.number().int().min(0) }),
  /** I cannot serve what you asked of this offer (not allowed, not held, or gone). */
  z.strictObject({
    t: z.literal('none'),
    id: OfferId,
    index: z.number().int().min(-1),
    why: z.string().max(40),
  }),
]);
export type PeerRequest = z.infer<typeof PeerRequest>;

export const FrameKind = { CHUNK: 1, LIST: 2 } as const;
export type FrameKind = (typeof FrameKind)[keyof typeof FrameKind];

/** Chunk hashes per list frame: 4096 × 32 bytes = 128 KiB, like a chunk, well under a data channel's message limit. */
export const LIST_PAGE = 4096;
/** The largest frame anyone may send: a full chunk, or a full page of the list, and its header. */
export const FRAME_MAX = Math.max(FILE_CHUNK_BYTES, LIST_PAGE * 32) + 2 + 64 + 4;

export interface Frame {
  kind: FrameKind;
  id: string;
  index: number;
  payload: Uint8Array;
}

const ascii = new TextEncoder();
const unascii = new TextDecoder();

/** A binary frame for a chunk or a page of the chunk list. */
export function encodeFrame(kind: FrameKind, id: string, index: number, payload: Uint8Array): ArrayBuffer {
  const idBytes = ascii.encode(id);
  const out = new Uint8Array(2 + idBytes.length + 4 + payload.length);
  out[0] = kind;
  out[1] = idBytes.length;
  out.set(idBytes, 2);
  new DataView(out.buffer).setUint32(2 + idBytes.length, index);
  out.set(payload, 6 + idBytes.length);
  return out.buffer;
}

/** The frame in `data`, or undefined for anything malformed (a wrong kind, a bad id, a frame too large). */
export function decodeFrame(data: ArrayBuffer): Frame | undefined {
  if (data.byteLength < 6 || data.byteLength > FRAME_MAX) return undefined;
  const bytes = new Uint8Array(data);
  const kind = bytes[0];
  const idLength = bytes[1] ?? 0;
  if ((kind !== FrameKind.CHUNK && kind !== FrameKind.LIST) || 6 + idLength > bytes.length) return undefined;
  const id = unascii.decode(bytes.subarray(2, 2 + idLength));
  if (!OfferId.safeParse(id).success) return undefined;
  const index = new DataView(data).getUint32(2 + idLength);
  return { kind, id, index, payload: bytes.subarray(6 + idLength) };
}

/** The request in a text message, or undefined for anything that is not one. */
export function decodeRequest(text: string): PeerRequest | undefined {
  if (text.length > 1_600_000) return undefined;
  try {
    const parsed = PeerRequest.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One data channel to one peer, as the file code needs it; `RtcFileChannel` is the browser's, tests use a pair of
 * in-memory ones. Sending past `bufferedAmount`'s high mark waits on `drained`.
 */
export interface FileChannel {
  send(data: string | ArrayBuffer): void;
  readonly bufferedAmount: number;
  /** Resolves once the send buffer has fallen below its low mark (at once if it is already below). */
  drained(): Promise<void>;
  onMessage(listener: (data: string | ArrayBuffer) => void): void;
  onClose(listener: () => void): void;
  readonly open: boolean;
  close(): void;
}

/** Sends a request as JSON text. */
export function sendRequest(channel: FileChannel, request: PeerRequest): void {
  if (channel.open) channel.send(JSON.stringify(request));
}
