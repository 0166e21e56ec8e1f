import { io, type Socket } from 'socket.io-client';
import {
  ConnectRefusal,
  PROTOCOL_VERSION,
  type ChatSend,
  type ChatSendReply,
  type ClientEventName,
  type ClientPayload,
  type ClientReply,
  type ClientToServerEvents,
  type ConnectRefusalData,
  type IsAnswered,
  type JoinReply,
  type JoinRequest,
  type ServerToClientEvents,
  type Status,
} from '@campus/protocol';
import type { MovementStroke } from '@campus/world';
import { browserClock, type Cancel, type ClientClock } from '../clock';
import { Backoff, RetryLoop } from './Backoff';
import { ClockSync } from './ClockSync';

/** The client events the server answers (`request`), and those it does not (`send`). */
export type RequestEvent = {
  [E in ClientEventName]: IsAnswered<E> extends true ? E : never;
}[ClientEventName];
export type MessageEvent = Exclude<ClientEventName, RequestEvent>;

/** Why a request got no answer: the page is offline, or the server did not answer in time. */
export class RequestFailed extends Error {
  constructor(
    readonly event: string,
    readonly why: 'offline' | 'timeout',
  ) {
    super(why === 'offline' ? `not connected (${event})` : `no answer to ${event} in time`);
    this.name = 'RequestFailed';
  }
}

/** Opens the socket; tests open one to an in-process server instead (`InProcessCampus.openSocket`). */
export type OpenSocket = (
  url: string,
  options: {
    auth: { protocolVersion: number; secret: string };
    transports: string[];
    reconnection: false;
  },
) => Socket<ServerToClientEvents, ClientToServerEvents>;

const openSocketIo: OpenSocket = (url, options) => io(url, options);

export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting' | 'full' | 'replaced' | 'refused';
export type JoinedReply = Extract<JoinReply, { ok: true }>;

const REQUEST_TIMEOUT_MS = 5000;
/** A draining server's clients come back within this long: soon, yet spread out, so they do not all land at once. */
const DRAIN_JITTER_MS = 1000;
/** How often a joined page checks its clock against the server's again. */
const CLOCK_RESYNC_MS = 60_000;
const FULL_TEXT = 'The campus is full right now: it lets you in as soon as someone leaves.';

/**
 * The page's one link to the state server: identity, joining, strokes, chat, clock sync. When the connection drops it
 * retries with capped, fully jittered backoff and, once back, joins again from where the avatar stood and hands the
 * fresh snapshot to `onRejoin` listeners. A session taken over by another tab stays down until `takeBack()`.
 */
export class CampusConnection {
  private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  readonly clock = new ClockSync();
  movesSent = 0;
  private readonly statusListeners = new Set<(status: ConnectionStatus, detail?: string) => void>();
  private readonly rejoinListeners = new Set<(reply: JoinedReply) => void>();
  private lastJoin: JoinRequest | undefined;
  private resume: () => JoinRequest['resume'] = () => undefined;
  private readonly reconnect: RetryLoop;
  private halted = false;
  /** The server asked us to move on (it is shutting down): the next reconnect waits only a short jitter. */
  private movingOn = false;
  /** The last attempt was refused because the campus holds as many people as it can; we keep trying. */
  private full = false;
  private resyncTimer: Cancel | undefined;

  constructor(
    secret: string,
    url: string = window.location.origin,
    private readonly time: ClientClock = browserClock,
    openSocket: OpenSocket = openSocketIo,
  ) {
    this.socket = openSocket(url, {
      auth: { protocolVersion: PROTOCOL_VERSION, secret },
      transports: ['websocket', 'polling'],
      // Reconnection is ours: full jitter, a visible countdown, and a rejoin that restores the avatar's place.
      reconnection: false,
    });
    this.reconnect = new RetryLoop(
      () => this.socket.connect(),
      new Backoff(500, 15_000),
      (ms) => {
        const seconds = Math.max(1, Math.round(ms / 1000));
        if (this.full) this.emitStatus('full', `${FULL_TEXT} Trying again in ${seconds} s…`);
        else this.emitStatus('reconnecting', `Connection lost. Reconnecting in ${seconds} s…`);
      },
      time,
    );
    this.socket.on('connect', () => {
      this.full = false;
      this.reconnect.succeeded();
      if (this.lastJoin) void this.rejoin(this.lastJoin);
      else this.emitStatus('online');
    });
    this.socket.on('disconnect', () => {
      if (this.halted) return;
      this.emitStatus('reconnecting');
      this.reconnect.retry(this.movingOn ? Math.floor(Math.random() * DRAIN_JITTER_MS) : undefined);
      this.movingOn = false;
    });
    this.socket.on('connect_error', (err: Error & { data?: ConnectRefusalData }) => {
      if (err.data?.code === ConnectRefusal.PROTOCOL_MISMATCH) {
        this.halt('refused', 'This page is older than the server. Reload to get the new version.');
        return;
      }
      this.full = err.data?.code === ConnectRefusal.SERVER_FULL;
      if (this.full) this.emitStatus('full', FULL_TEXT);
      else this.emitStatus(this.lastJoin ? 'reconnecting' : 'connecting');
      this.reconnect.retry();
    });
    // The server is shutting down: leave now; the load balancer sends the reconnect to another node.
    this.socket.on('server:draining', () => {
      this.movingOn = true;
      this.socket.disconnect();
    });
    this.socket.on('session:replaced', () => {
      this.halt('replaced', 'You opened the campus in another tab or window.');
    });
    // Closed for a reason that reconnecting would not fix (this page sent far too much): say so, and stay away.
    this.socket.on('session:closed', ({ code, reason }) => {
      const why =
        code === ConnectRefusal.TOO_MANY_MESSAGES
          ? 'The server closed the connection because this page sent far too many messages.'
          : 'The server closed the connection.';
      this.halt('refused', `${why} Reload the page to come back. (${code} ${reason})`);
    });
    // Refusals are expected now and then (a move racing a correction); they are logged for whoever debugs.
    this.socket.on('protocol:error', (error) =>
      console.warn(`campus: ${error.reason} on ${error.event}: ${error.message}`),
    );
  }

  onStatus(listener: (status: ConnectionStatus, detail?: string) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Why there is no connection to join with, in words for the person waiting. */
  notConnectedReason(): string {
    return this.full
      ? FULL_TEXT
      : 'Not connected to the campus server yet. Check the server is running, then try again.';
  }

  /** Called with a fresh snapshot each time the connection comes back and the world is joined again. */
  onRejoin(listener: (reply: JoinedReply) => void): () => void {
    this.rejoinListeners.add(listener);
    return () => this.rejoinListeners.delete(listener);
  }

  /** Tells the connection where the avatar stands, so a rejoin after a drop puts it back there. */
  setResumeSource(source: () => JoinRequest['resume']): void {
    this.resume = source;
  }

  /** Enters the world; resolves with the snapshot or rejects with the server's reason. */
  async join(request: JoinRequest): Promise<JoinedReply> {
    const reply = await this.requestJoin(request);
    this.lastJoin = request;
    this.emitStatus('online');
    void this.syncClock(4);
    this.keepClockInStep();
    return reply;
  }

  /**
   * Sends a request the server answers and resolves with its reply (which may be a coded refusal). Rejects with
   * `RequestFailed` when unanswered within REQUEST_TIMEOUT_MS (the one place requests time out); sent while still
   * connecting, it goes out once connected, within the same time.
   */
  async request<E extends RequestEvent>(event: E, payload: ClientPayload<E>): Promise<ClientReply<E>> {
    const timed = this.socket.timeout(REQUEST_TIMEOUT_MS) as unknown as {
      emitWithAck(event: E, payload: ClientPayload<E>): Promise<ClientReply<E>>;
    };
    try {
      return await timed.emitWithAck(event, payload);
    } catch {
      throw new RequestFailed(event, this.socket.connected ? 'timeout' : 'offline');
    }
  }

  /** Sends a message the server does not answer; dropped while offline, like any datagram of state. */
  send<E extends MessageEvent>(event: E, payload: ClientPayload<E>): void {
    (this.socket.emit as unknown as (event: E, payload: ClientPayload<E>) => void)(event, payload);
  }

  /** Listens to a server event; returns the way to stop. */
  on<E extends keyof ServerToClientEvents>(event: E, listener: ServerToClientEvents[E]): () => void {
    const socket = this.socket as unknown as {
      on(event: E, listener: ServerToClientEvents[E]): void;
      off(event: E, listener: ServerToClientEvents[E]): void;
    };
    socket.on(event, listener);
    return () => socket.off(event, listener);
  }

  /** Whether the socket is connected now (requests sent otherwise wait for the connection, or time out). */
  get online(): boolean {
    return this.socket.connected;
  }

  /** Remembers a profile change for future rejoins and sends it. */
  updateProfile(update: { name?: string; look?: JoinRequest['appearance']['look']; status?: Status }): void {
    if (this.lastJoin) {
      this.lastJoin = {
        name: update.name ?? this.lastJoin.name,
        appearance: update.look ? { look: update.look } : this.lastJoin.appearance,
      };
    }
    this.send('profile', {
      ...(update.name ? { name: update.name } : {}),
      ...(update.look ? { appearance: { look: update.look } } : {}),
      ...(update.status ? { status: update.status } : {}),
    });
  }

  /** Leaves for good (a test's end, a page going away): no reconnect follows. */
  close(): void {
    this.halted = true;
    this.resyncTimer?.();
    this.resyncTimer = undefined;
    this.reconnect.stop();
    this.socket.disconnect();
  }

  /** After another tab took over: connect again here, which takes the session back. */
  takeBack(): void {
    this.halted = false;
    this.emitStatus('connecting');
    this.socket.connect();
  }

  /** Sends a new stroke (times in this page's clock). */
  sendStroke(stroke: MovementStroke): void {
    this.movesSent++;
    this.send('move', {
      position: { x: stroke.position.x, y: stroke.position.y },
      direction: stroke.direction,
      isMoving: stroke.isMoving,
      startedAt: Math.max(0, this.clock.toServer(stroke.startedAt)),
    });
  }

  /**
   * Follows these users' presence wherever they are (direct-message partners); resolves with which are online, or
   * undefined when offline or unanswered.
   */
  async watchPresence(userIds: string[]): Promise<string[] | undefined> {
    if (!this.online) return undefined;
    try {
      const reply = await this.request('presence:watch', { userIds });
      return reply.ok ? reply.online : undefined;
    } catch {
      return undefined;
    }
  }

  /** Sends a chat message; resolves with the server's answer, or undefined when offline or unanswered. */
  async sendChat(message: ChatSend): Promise<ChatSendReply | undefined> {
    if (!this.online) return undefined;
    try {
      return await this.request('chat:send', message);
    } catch {
      return undefined;
    }
  }

  /** A few round trips to refine the clock offset; the best one wins. */
  async syncClock(rounds: number): Promise<void> {
    for (let i = 0; i < rounds && this.socket.connected; i++) {
      const sentAt = this.time.now();
      try {
        const serverTime = await this.request('clock', undefined);
        if (typeof serverTime === 'number') this.clock.sample(sentAt, serverTime, this.time.now());
      } catch {
        return;
      }
    }
  }

  private async requestJoin(request: JoinRequest): Promise<JoinedReply> {
    const sentAt = this.time.now();
    const reply = await this.request('join', request);
    if (!reply.ok) throw new Error(reply.error.message);
    this.clock.sample(sentAt, reply.serverTime, this.time.now());
    return reply;
  }

  private async rejoin(request: JoinRequest): Promise<void> {
    // This connection may be to another server (a restart, another node): its clock owes nothing to the last one's.
    this.clock.reset();
    try {
      const resume = this.resume();
      const reply = await this.requestJoin({ ...request, ...(resume ? { resume } : {}) });
      this.emitStatus('online');
      for (const listener of this.rejoinListeners) listener(reply);
      void this.syncClock(4);
      this.keepClockInStep();
    } catch {
      this.socket.disconnect();
      this.emitStatus('reconnecting');
      this.reconnect.retry();
    }
  }

  /** One round trip now and then while joined, so the estimate follows the two clocks drifting apart. */
  private keepClockInStep(): void {
    if (this.resyncTimer) return;
    const tick = (): void => {
      this.resyncTimer = this.time.setTimeout(tick, CLOCK_RESYNC_MS);
      void this.syncClock(1);
    };
    this.resyncTimer = this.time.setTimeout(tick, CLOCK_RESYNC_MS);
  }

  private halt(status: ConnectionStatus, detail: string): void {
    this.halted = true;
    this.resyncTimer?.();
    this.resyncTimer = undefined;
    this.reconnect.stop();
    this.socket.disconnect();
    this.emitStatus(status, detail);
  }

  private emitStatus(status: ConnectionStatus, detail?: string): void {
    for (const listener of this.statusListeners) listener(status, detail);
  }
}
