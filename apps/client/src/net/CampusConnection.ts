import { io, type Socket } from 'socket.io-client';
import {
  ConnectRefusal,
  PROTOCOL_VERSION,
  type ClientToServerEvents,
  type ConnectRefusalData,
  type JoinReply,
  type JoinRequest,
  type ServerToClientEvents,
} from '@campus/protocol';
import type { MovementStroke } from '@campus/world';
import { ClockSync } from './ClockSync';

export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting' | 'refused';
export type JoinedReply = Extract<JoinReply, { ok: true }>;

const REQUEST_TIMEOUT_MS = 5000;

/** The page's one link to the state server: joining, sending strokes, clock sync, and connection status. */
export class CampusConnection {
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  readonly clock = new ClockSync();
  private statusListeners = new Set<(status: ConnectionStatus, detail?: string) => void>();
  private lastJoin: JoinRequest | undefined;
  private rejoinListeners = new Set<(reply: JoinedReply) => void>();
  movesSent = 0;

  constructor(
    url: string = window.location.origin,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.socket = io(url, {
      auth: { protocolVersion: PROTOCOL_VERSION },
      transports: ['websocket', 'polling'],
    });
    this.socket.on('connect', () => {
      this.emitStatus('online');
      if (this.lastJoin) void this.rejoin(this.lastJoin);
    });
    this.socket.on('disconnect', () => this.emitStatus('reconnecting'));
    // Refusals are expected now and then (a move racing a correction); they are logged for whoever debugs.
    this.socket.on('protocol:error', (error) =>
      console.warn(`campus: ${error.reason} on ${error.event}: ${error.message}`),
    );
    this.socket.on('connect_error', (err: Error & { data?: ConnectRefusalData }) => {
      if (err.data?.code === ConnectRefusal.PROTOCOL_MISMATCH) {
        this.socket.disconnect();
        this.emitStatus('refused', 'This page is older than the server. Reload to get the new version.');
        return;
      }
      this.emitStatus(this.lastJoin ? 'reconnecting' : 'connecting');
    });
  }

  onStatus(listener: (status: ConnectionStatus, detail?: string) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Called with a fresh snapshot each time the connection comes back and the world is joined again. */
  onRejoin(listener: (reply: JoinedReply) => void): () => void {
    this.rejoinListeners.add(listener);
    return () => this.rejoinListeners.delete(listener);
  }

  /** Enters the world; resolves with the snapshot or rejects with the server's reason. */
  async join(request: JoinRequest): Promise<JoinedReply> {
    const reply = await this.requestJoin(request);
    this.lastJoin = request;
    void this.syncClock(4);
    return reply;
  }

  /** Sends a new stroke (times in this page's clock). */
  sendStroke(stroke: MovementStroke): void {
    this.movesSent++;
    this.socket.emit('move', {
      position: { x: stroke.position.x, y: stroke.position.y },
      direction: stroke.direction,
      isMoving: stroke.isMoving,
      startedAt: Math.max(0, this.clock.toServer(stroke.startedAt)),
    });
  }

  /** A few round trips to refine the clock offset; the best one wins. */
  async syncClock(rounds: number): Promise<void> {
    for (let i = 0; i < rounds && this.socket.connected; i++) {
      const sentAt = this.now();
      try {
        const serverTime = await this.socket.timeout(REQUEST_TIMEOUT_MS).emitWithAck('clock', undefined);
        if (typeof serverTime === 'number') this.clock.sample(sentAt, serverTime, this.now());
      } catch {
        return;
      }
    }
  }

  private async requestJoin(request: JoinRequest): Promise<JoinedReply> {
    const sentAt = this.now();
    const reply = await this.socket.timeout(REQUEST_TIMEOUT_MS).emitWithAck('join', request);
    if (!reply.ok) throw new Error(reply.error.message);
    this.clock.sample(sentAt, reply.serverTime, this.now());
    return reply;
  }

  private async rejoin(request: JoinRequest): Promise<void> {
    try {
      const reply = await this.requestJoin(request);
      for (const listener of this.rejoinListeners) listener(reply);
      void this.syncClock(4);
    } catch {
      // The next reconnect tries again.
    }
  }

  private emitStatus(status: ConnectionStatus, detail?: string): void {
    for (const listener of this.statusListeners) listener(status, detail);
  }
}
