import { browserClock, type ClientClock } from '../clock';
import type { ChunkBitfield } from './ChunkBitfield';
import {
  FrameKind,
  LIST_PAGE,
  encodeFrame,
  sendRequest,
  type FileChannel,
  type PeerRequest,
} from './fileWire';

/** Where an offer's chunks come from: the sender's own file, or the chunks a receiver already holds. */
export interface ChunkSource {
  readonly count: number;
  /** The chunk hashes, once known (a receiver knows them only after checking a peer's list). */
  hashes(): Uint8Array | undefined;
  bits(): ChunkBitfield;
  read(index: number): Promise<Uint8Array>;
}

/**
 * Whether the peer `peerId` may take this offer's chunks from us: only its current holders (the server's
 * `file:holders`, whose PeerJS ids the signaling server vouches for), or `'wait'` while the server's news of someone
 * who just accepted may still be on its way.
 */
export type ServeAllowed = (offerId: string, peerId: string) => boolean | 'wait';

/** The send buffer's high mark: past it, serving waits for the buffer to drain. */
export const SEND_HIGH_WATER = 4 * 1024 * 1024;
/** Requests one peer may queue with us; more are refused, so a hostile peer cannot grow our memory. */
const QUEUE_MAX = 128;
/** How long a request from someone not (yet) among the holders waits for the server's news before it is refused. */
const AUTH_WAIT_MS = 5000;
const AUTH_RECHECK_MS = 200;
/** Chunks read at once for one channel, ahead of sending them. */
const READ_AHEAD = 16;

interface Pending {
  peerId: string;
  channel: FileChannel;
  request: Extract<PeerRequest, { t: 'list' | 'want' }>;
  since: number;
}

/**
 * Serves chunks and chunk lists to the peers that ask, one queue per channel, sending only while the channel's
 * buffer is below its high mark (backpressure), and counting what it sent of each offer.
 */
export class FileSeeder {
  private readonly sources = new Map<string, ChunkSource>();
  private readonly queues = new Map<FileChannel, Pending[]>();
  private readonly pumping = new Set<FileChannel>();
  private readonly sent = new Map<string, number>();
  private readonly clock: ClientClock;
  /** Tests only: changes a chunk on its way out (a peer that sends bad data). */
  tamper: ((index: number, bytes: Uint8Array) => Uint8Array) | undefined;

  constructor(
    private readonly allowed: ServeAllowed,
    clock?: ClientClock,
  ) {
    this.clock = clock ?? browserClock;
  }

  serve(offerId: string, source: ChunkSource): void {
    this.sources.set(offerId, source);
  }

  stop(offerId: string): void {
    this.sources.delete(offerId);
    for (const queue of this.queues.values()) {
      for (let i = queue.length - 1; i >= 0; i--) if (queue[i]?.request.id === offerId) queue.splice(i, 1);
    }
  }

  serving(offerId: string): boolean {
    return this.sources.has(offerId);
  }

  /** Bytes of chunks (not lists) sent of this offer, to everyone. */
  sentBytes(offerId: string): number {
    return this.sent.get(offerId) ?? 0;
  }

  /** A request a peer made of us over `channel`. */
  handle(peerId: string, channel: FileChannel, request: PeerRequest): void {
    switch (request.t) {
      case 'list':
      case 'want': {
        const queue = this.queues.get(channel) ?? [];
        this.queues.set(channel, queue);
        if (queue.length >= QUEUE_MAX) {
          sendRequest(channel, { t: 'none', id: request.id, index: indexOf(request), why: 'busy' });
          return;
        }
        queue.push({ peerId, channel, request, since: this.clock.now() });
        void this.pump(channel);
        return;
      }
      case 'drop': {
        const queue = this.queues.get(channel);
        if (queue)
          this.queues.set(
            channel,
            queue.filter((p) => p.request.id !== request.id),
          );
        return;
      }
      default:
        return;
    }
  }

  /** The channel closed: what it asked for is forgotten. */
  forget(channel: FileChannel): void {
    this.queues.delete(channel);
  }

  private async pump(channel: FileChannel): Promise<void> {
    if (this.pumping.has(channel)) return;
    this.pumping.add(channel);
    try {
      for (;;) {
        const queue = this.queues.get(channel);
        if (!queue || queue.length === 0 || !channel.open) break;
        const batch: Pending[] = [];
        let waiting = false;
        while (queue.length > 0 && batch.length < READ_AHEAD) {
          const next = queue[0]!;
          const verdict = this.allowed(next.request.id, next.peerId);
          if (verdict === 'wait' && this.clock.now() - next.since < AUTH_WAIT_MS) {
            waiting = true;
            break;
          }
          queue.shift();
          if (verdict === true) batch.push(next);
          else
            sendRequest(channel, {
              t: 'none',
              id: next.request.id,
              index: indexOf(next.request),
              why: 'not-allowed',
            });
        }
        // Reads go out together (each is a trip to the browser's file service); answers go back in order.
        const answers = batch.map((p) => this.prepare(p));
        for (const answer of answers) {
          const send = await answer;
          if (channel.bufferedAmount > SEND_HIGH_WATER) await channel.drained();
          send();
        }
        if (waiting) await new Promise<void>((resolve) => this.clock.setTimeout(resolve, AUTH_RECHECK_MS));
      }
    } finally {
      this.pumping.delete(channel);
    }
  }

  /** Reads what a request asks for, and returns how to send the answer. */
  private async prepare({ channel, request }: Pending): Promise<() => void> {
    const source = this.sources.get(request.id);
    const refuse = (index: number, why: string) => () =>
      sendRequest(channel, { t: 'none', id: request.id, index, why });
    if (!source) return refuse(indexOf(request), 'gone');
    if (request.t === 'list') {
      const hashes = source.hashes();
      if (!hashes || request.from >= source.count) return refuse(-1, 'no-list');
      const page = hashes.subarray(request.from * 32, Math.min(source.count, request.from + LIST_PAGE) * 32);
      return () => channel.open && channel.send(encodeFrame(FrameKind.LIST, request.id, request.from, page));
    }
    if (request.index >= source.count || !source.bits().has(request.index))
      return refuse(request.index, 'not-held');
    let bytes: Uint8Array;
    try {
      bytes = await source.read(request.index);
    } catch {
      return refuse(request.index, 'unreadable');
    }
    if (this.tamper) bytes = this.tamper(request.index, bytes);
    return () => {
      if (!channel.open) return;
      channel.send(encodeFrame(FrameKind.CHUNK, request.id, request.index, bytes));
      this.sent.set(request.id, this.sentBytes(request.id) + bytes.length);
    };
  }
}

function indexOf(request: PeerRequest): number {
  return request.t === 'want' ? request.index : -1;
}
