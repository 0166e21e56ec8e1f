import type { WorldMap } from '@campus/world';
import { ChatRelay } from '../ChatRelay';
import { Classrooms, type ClassroomsOptions } from '../classrooms/Classrooms';
import { ConnectionRouter } from '../ConnectionRouter';
import { FILE_MAX_BYTES_DEFAULT, FileOffers } from '../files/FileOffers';
import { deriveUserId } from '../identity';
import { MemoryLessonBoard } from '../lessons/LessonBoard';
import { Lessons } from '../lessons/Lessons';
import { silentLogger } from '../logger';
import { PeerRegistry } from '../PeerRegistry';
import { RateLimiter } from '../RateLimiter';
import { MemoryRoleStore } from '../teaching/RoleStore';
import { Roles } from '../teaching/Roles';
import { WorldRoom, type WorldRoomOptions } from '../WorldRoom';
import { ManualClock } from './fakes';

type Listener = (...args: unknown[]) => void;

/**
 * The client end of an in-process connection, shaped like the part of socket.io-client's `Socket` the campus client
 * uses (connect, disconnect, on/off, emit, timeout().emitWithAck). What it sends goes to a real ConnectionRouter and
 * WorldRoom; what the server sends comes back. Nothing travels until the campus is flushed, so tests decide when.
 */
export class TestClientSocket {
  connected = false;
  private readonly listeners = new Map<string, Set<Listener>>();
  private router: ConnectionRouter | undefined;
  private sessions = 0;

  constructor(
    private readonly campus: InProcessCampus,
    readonly userId: string,
  ) {}

  on(event: string, listener: Listener): this {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return this;
  }

  off(event: string, listener: Listener): this {
    this.listeners.get(event)?.delete(listener);
    return this;
  }

  /** Connects (as the server accepts every connection); `connect` is heard on the next flush. */
  connect(): this {
    if (this.connected || this.campus.refusing) {
      if (this.campus.refusing)
        this.campus.enqueue(() => this.deliver('connect_error', new Error('refused')));
      return this;
    }
    this.connected = true;
    const session = `${this.userId}#${++this.sessions}`;
    let router: ConnectionRouter | undefined = undefined;
    router = this.campus.route(this.userId, session, {
      send: (event, ...args) =>
        this.campus.enqueue(() => this.router === router && this.deliver(event, ...args)),
      disconnect: () =>
        this.campus.enqueue(() => this.router === router && this.drop('io server disconnect')),
    });
    this.router = router;
    this.campus.enqueue(() => this.deliver('connect'));
    return this;
  }

  /** Disconnects from this side, as socket.io does: at once, telling the server and the page's listeners. */
  disconnect(): this {
    if (this.connected) this.drop('io client disconnect');
    return this;
  }

  emit(event: string, ...args: unknown[]): this {
    const router = this.router;
    if (this.connected && router) this.campus.enqueue(() => router.handle(event, args));
    return this;
  }

  /** Requests with an acknowledgement; rejects after `ms` (of the page's timers) unanswered, as socket.io does. */
  timeout(ms: number): { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> } {
    return {
      emitWithAck: (event, ...args) =>
        new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('operation has timed out')), ms);
          this.emit(event, ...args, (reply: unknown) => {
            clearTimeout(timer);
            resolve(reply);
          });
        }),
    };
  }

  /** The server side goes away (a crash, a restart): the page hears `disconnect` on the next flush. */
  severFromServer(): void {
    const router = this.router;
    if (!router) return;
    this.router = undefined;
    router.close();
    this.campus.enqueue(() => {
      this.connected = false;
      this.deliver('disconnect', 'transport close');
    });
  }

  private drop(reason: string): void {
    this.connected = false;
    this.router?.close();
    this.router = undefined;
    this.deliver('disconnect', reason);
  }

  private deliver(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(...args);
  }
}

/**
 * A campus server in the test's process: the real WorldRoom, chat relay and classrooms behind a real ConnectionRouter
 * per connection, on a ManualClock, with messages queued both ways until `flush()` (tldraw's TestSocketPair, for
 * Socket.IO-shaped clients). `openSocket` has the signature the client's CampusConnection takes to open its socket.
 */
export class InProcessCampus {
  readonly clock = new ManualClock();
  readonly room: WorldRoom;
  readonly classrooms: Classrooms;
  /** Who teaches: a link signed with `roleStore`'s secret and claimed makes a teacher, as on a real server. */
  readonly roleStore = new MemoryRoleStore();
  readonly lessons: Lessons;
  /** File sharing's tracker, with the default size limit and a roomy rate limit. */
  readonly files: FileOffers;
  private readonly roles: Roles;
  private readonly chat: ChatRelay;
  private readonly limiter: RateLimiter;
  private readonly peers = new PeerRegistry();
  private readonly queue: Array<() => void> = [];
  readonly sockets: TestClientSocket[] = [];
  /** While true, connections are refused (the server is down). */
  refusing = false;

  constructor(map: WorldMap, options: { world?: WorldRoomOptions; classrooms?: ClassroomsOptions } = {}) {
    this.room = new WorldRoom(map, this.clock, { pickSpawn: () => 0, ...options.world });
    this.limiter = new RateLimiter({ burst: 100, perSecond: 100 }, this.clock);
    this.chat = new ChatRelay(this.room, this.clock, this.limiter);
    this.classrooms = new Classrooms(this.room, this.clock, silentLogger, options.classrooms);
    this.roles = new Roles(this.roleStore, this.clock);
    this.lessons = new Lessons(
      this.room,
      this.classrooms,
      new MemoryLessonBoard(),
      this.clock,
      silentLogger,
      {
        roles: this.roles,
      },
    );
    const fileLimiter = new RateLimiter({ burst: 100, perSecond: 100 }, this.clock);
    this.files = new FileOffers(this.room, this.peers, this.clock, fileLimiter, {
      maxBytes: FILE_MAX_BYTES_DEFAULT,
    });
  }

  /** Opens a client socket for the identity in `auth.secret`, not yet connected (CampusConnection connects it). */
  readonly openSocket = (_url: string, options: { auth: { secret: string } }): TestClientSocket => {
    const socket = new TestClientSocket(this, deriveUserId(options.auth.secret));
    this.sockets.push(socket);
    queueMicrotask(() => socket.connect());
    return socket;
  };

  /** Delivers everything queued, both ways, and what that sends in turn, with promise callbacks run in between. */
  async flush(): Promise<void> {
    for (let rounds = 0; rounds < 1000; rounds++) {
      for (let i = 0; i < 10; i++) await Promise.resolve();
      const next = this.queue.shift();
      if (!next) {
        // Handlers may have awaited something (the peer store): give them a last chance to send.
        for (let i = 0; i < 10; i++) await Promise.resolve();
        if (this.queue.length === 0) return;
        continue;
      }
      next();
    }
    throw new Error('the in-process campus kept talking for 1000 messages');
  }

  /** @internal */
  enqueue(delivery: () => void): void {
    this.queue.push(delivery);
  }

  /** @internal */
  route(userId: string, sessionId: string, port: ConstructorParameters<typeof ConnectionRouter>[0]['port']) {
    return new ConnectionRouter({
      userId,
      sessionId,
      port,
      room: this.room,
      chat: this.chat,
      profileLimiter: this.limiter,
      peers: this.peers,
      classrooms: this.classrooms,
      roles: this.roles,
      lessons: this.lessons,
      files: this.files,
      ice: { stunUrls: [], turnUrls: [], turnSecret: 'in-process-secret-0123456789', turnTtlSeconds: 600 },
      clock: this.clock,
      log: silentLogger,
    });
  }
}
