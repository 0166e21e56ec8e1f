import type { MoveMessage, PositionState } from '@campus/protocol';

/** Counts for one direction of traffic. */
export interface Traffic {
  messages: number;
  bytes: number;
}

/** An engine.io packet as the client library reports it. */
export interface EnginePacket {
  type: string;
  data?: unknown;
}

/**
 * What one scenario measures, for all simulated people together: movement dispatch latency (from the sender's
 * `move` to each observer's `user:moved`, on one machine so on one clock) and the traffic both ways, counted as
 * WebSocket frames (payload plus frame header; TCP/IP headers not included).
 */
export class Recorder {
  private measuring = false;
  private startedAt = 0;
  private stoppedAt = 0;
  private samples = new Float64Array(1 << 16);
  private count = 0;
  private readonly sends = new Map<string, number>();
  readonly up: Traffic = { messages: 0, bytes: 0 };
  readonly down: Traffic = { messages: 0, bytes: 0 };
  /** `move` messages sent by the simulated people. */
  movesUp = 0;
  /** Movement events received (`user:moved`). */
  movesDown = 0;

  /** Starts a measurement window: everything counted so far is forgotten. */
  start(): void {
    this.measuring = true;
    this.startedAt = performance.now();
    this.count = 0;
    this.up.messages = this.up.bytes = this.down.messages = this.down.bytes = 0;
    this.movesUp = this.movesDown = 0;
  }

  stop(): void {
    this.measuring = false;
    this.stoppedAt = performance.now();
  }

  /** Seconds in the measurement window. */
  get seconds(): number {
    return ((this.measuring ? performance.now() : this.stoppedAt) - this.startedAt) / 1000;
  }

  sent(userId: string, move: Required<MoveMessage>): void {
    this.sends.set(strokeKey(userId, move), performance.now());
    if (this.measuring) this.movesUp++;
  }

  received(position: PositionState): void {
    if (!this.measuring) return;
    this.movesDown++;
    const sentAt = this.sends.get(strokeKey(position.userId, position));
    if (sentAt === undefined) return;
    if (this.count === this.samples.length) {
      const bigger = new Float64Array(this.samples.length * 2);
      bigger.set(this.samples);
      this.samples = bigger;
    }
    this.samples[this.count++] = performance.now() - sentAt;
  }

  packetUp(packet: EnginePacket): void {
    if (!this.measuring) return;
    // Client frames are masked: 4 more bytes.
    this.up.bytes += frameBytes(packet) + 4;
    if (packet.type === 'message') this.up.messages++;
  }

  packetDown(packet: EnginePacket): void {
    if (!this.measuring) return;
    this.down.bytes += frameBytes(packet);
    if (packet.type === 'message') this.down.messages++;
  }

  /** Forgets send times old enough that no observer can still be waiting for them. */
  prune(olderThanMs = 10_000): void {
    const cutoff = performance.now() - olderThanMs;
    for (const [key, at] of this.sends) if (at < cutoff) this.sends.delete(key);
  }

  latency(): { p50: number; p95: number; p99: number; max: number; samples: number } {
    const sorted = this.samples.slice(0, this.count).sort();
    const at = (q: number): number =>
      sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
    return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1), samples: sorted.length };
  }
}

function strokeKey(userId: string, s: Pick<PositionState, 'startedAt' | 'direction' | 'isMoving'>): string {
  return `${userId}|${s.startedAt}|${s.direction}|${s.isMoving ? 1 : 0}`;
}

/** The size of the WebSocket frame carrying one engine.io packet, server side (unmasked). */
export function frameBytes(packet: EnginePacket): number {
  const data = packet.data;
  const payload =
    1 +
    (typeof data === 'string'
      ? Buffer.byteLength(data)
      : data instanceof ArrayBuffer || ArrayBuffer.isView(data)
        ? data.byteLength
        : 0);
  return payload + (payload < 126 ? 2 : payload < 65_536 ? 4 : 10);
}
