import { randomUUID } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import express from 'express';
import { Server } from 'socket.io';
import {
  ConnectRefusal,
  type CrowdPolicy,
  Limits,
  codeName,
  type RoleGrant,
  type ServerToClientEvents,
} from '@campus/protocol';
import type { WorldMap } from '@campus/world';
import { ChatRelay } from './ChatRelay';
import type { ClassroomSfu } from './classrooms/ClassroomSfu';
import { Classrooms } from './classrooms/Classrooms';
import { LiveKitSfu, type LiveKitConfig } from './classrooms/LiveKitSfu';
import { liveKitWebhook } from './classrooms/liveKitWebhook';
import { DEFAULT_CROWD } from './classrooms/crowd';
import { openMap, serveMapFiles } from './mapFiles';
import { MediaLibrary, serveMediaLibrary } from './mediaLibrary';
import { serveClientFiles } from './clientFiles';
import { ClusterBridge, type ClusterTimings } from './cluster/ClusterBridge';
import { connectRedis } from './cluster/connectRedis';
import { admitConnections } from './admission';
import { ConnectionRouter, type InboundLimits } from './ConnectionRouter';
import { mountPeerSignaling } from './peerSignaling';
import { PeerRegistry } from './PeerRegistry';
import type { IceConfig } from './TurnCredentials';
import { jsonLogger, withFields, type Logger } from './logger';
import { Occupancy } from './Occupancy';
import { PromMetrics } from './Metrics';
import { systemClock, type Clock } from './ports';
import { RateLimiter, type BucketSpec } from './RateLimiter';
import { Readiness } from './Readiness';
import { WorldRoom, type WorldRoomOptions } from './WorldRoom';
import type { RoleStore } from './teaching/RoleStore';
import { MemoryLessonBoard } from './lessons/LessonBoard';
import { Lessons } from './lessons/Lessons';
import { MemoryRoomRecords } from './screens/RoomRecords';
import { Screens } from './screens/Screens';
import { FILE_MAX_BYTES_DEFAULT, FILE_OFFER_RATE, FileOffers } from './files/FileOffers';
import { Roles } from './teaching/Roles';

export { PEER_PATH } from './peerSignaling';

/** The server reads every client event as unknown and parses it itself (ConnectionRouter). */
type UntrustedClientEvents = Record<string, (...args: unknown[]) => void>;

export interface StateServerOptions {
  mapFile: string;
  /** Serve the map's images from this folder instead of the map's own (`MAP_ROOT`). */
  mapRoot?: string;
  /** The videos to list and serve at `/media` (`MEDIA_DIR`); none when absent. */
  mediaDir?: string;
  /** The built client to serve at `/`; skipped when the folder does not exist (e.g. under `npm run dev`). */
  clientDir?: string;
  clock?: Clock;
  /** Give it this process's node id as a field (`main.ts` does); each connection adds its session and user ids. */
  logger?: Logger;
  /** This process's name behind a load balancer: the `node` label on every metric, its name in a cluster. */
  nodeId?: string;
  /** Also export Node's process metrics (CPU, memory, event loop); for the real process, not for tests. */
  processMetrics?: boolean;
  /** How long a drain waits for clients to move elsewhere before closing on them; 5 s by default. */
  drainTimeoutMs?: number;
  room?: WorldRoomOptions;
  /** Per-user limits; defaults suit people typing, not scripts. */
  limits?: { chat?: BucketSpec; profile?: BucketSpec; announcements?: BucketSpec; files?: BucketSpec };
  /** The largest file people may offer each other (`FILE_MAX_BYTES`); 1 GiB by default. */
  fileMaxBytes?: number;
  /** Per-connection budgets for each kind of message, and how abuse escalates (FloodGuard's defaults when absent). */
  inbound?: InboundLimits;
  /** STUN/TURN for proximity media; by default none (fine on one machine or a LAN). */
  ice?: IceConfig;
  /** A LiveKit server for classrooms; without one they run as a capped mesh among members. */
  livekit?: LiveKitConfig;
  /** Replaces the LiveKit room service (tokens, removals), e.g. with a recording fake in tests. */
  sfu?: ClassroomSfu;
  /** Without an SFU, the most people in one classroom's mesh. */
  meshCap?: number;
  /** With LiveKit: when proximity links move to the SFU (docs/media.md). */
  crowd?: CrowdPolicy;
  /**
   * The most people this server holds at once (connected, or held for their grace period); one more is refused at
   * connect with `4001 SERVER_FULL`. No cap when absent.
   */
  maxPeople?: number;
  /**
   * Redis shared by several nodes (`REDIS_URL`): every node keeps the whole world, in step through it (see
   * docs/scaling.md). Without it the world lives in this one process.
   */
  redisUrl?: string;
  /** How often nodes of a cluster say they are alive and check on each other (tests shorten it). */
  cluster?: ClusterTimings;
  /**
   * Teacher links (docs/teaching.md): where roles are kept (in Redis in a cluster, unless given) and the signing
   * secret (`TEACHER_SECRET`; else the store makes one and keeps it). Without a store nobody can claim a role.
   */
  teaching?: { store?: RoleStore; secret?: string };
}

export interface StateServer {
  readonly http: HttpServer;
  readonly io: Server<UntrustedClientEvents, ServerToClientEvents>;
  readonly room: WorldRoom;
  readonly map: WorldMap;
  readonly classrooms: Classrooms;
  /** What `GET /readyz` checks; add a check for each dependency the node cannot serve without. */
  readonly readiness: Readiness;
  readonly metrics: PromMetrics;
  /** The videos served at `/media`. */
  readonly media: MediaLibrary;
  /** Starts listening; resolves with the bound port (useful with port 0). */
  listen(port: number, host?: string): Promise<number>;
  /**
   * Leaves gracefully (on SIGTERM): stops accepting connections, reports not ready, tells every client to reconnect
   * (they land on another node), waits for them to go (at most `drainTimeoutMs`) and closes.
   */
  drain(): Promise<void>;
  close(): Promise<void>;
}

/** Builds the one-process server: the built client, the map, Socket.IO and PeerJS signaling on one HTTP server. */
export async function createStateServer(options: StateServerOptions): Promise<StateServer> {
  const clock = options.clock ?? systemClock;
  const log = options.logger ?? jsonLogger;
  // Every problem with the map is logged as one line; a map that cannot be used throws MapLoadError after that.
  const mapBundle = openMap(options.mapFile, options.mapRoot, log);
  const map = mapBundle.world;
  const ice = options.ice ?? { stunUrls: [], turnUrls: [], turnTtlSeconds: 3600 };
  const nodeId = options.nodeId ?? randomUUID().slice(0, 8);
  const redis = options.redisUrl
    ? await connectRedis(
        options.redisUrl,
        map.areas.map((area) => area.id),
        log,
      )
    : undefined;
  // In a cluster, the node that runs the signaling (Caddy sends everyone's to one) checks tokens any node issued.
  const peers = new PeerRegistry(redis?.peers);
  const room = new WorldRoom(map, clock, {
    ...options.room,
    // Through the Socket.IO adapter to the socket of the user's session, on whichever node it is.
    ...(redis
      ? { forwardChat: (userId, message) => void io.to(userRoom(userId)).emit('chat:message', message) }
      : {}),
  });
  room.observe({
    left: (userId) =>
      void peers
        .revoke(userId)
        .catch((err: unknown) => log.warn({ err: String(err), userId }, 'could not revoke a peer token')),
  });
  const livekit = options.livekit ? new LiveKitSfu(options.livekit) : undefined;
  const sfu = options.sfu ?? livekit;
  const classrooms = new Classrooms(room, clock, log, {
    ...(sfu ? { sfu } : {}),
    meshCap: options.meshCap ?? 8,
    ...(redis ? { seats: redis.link } : {}),
  });
  const chat = new ChatRelay(
    room,
    clock,
    new RateLimiter(options.limits?.chat ?? { burst: 8, perSecond: 1 }, clock),
  );
  const profileLimiter = new RateLimiter(options.limits?.profile ?? { burst: 5, perSecond: 0.5 }, clock);
  const roleStore = options.teaching?.store ?? redis?.roles;
  const roles = roleStore ? new Roles(roleStore, clock, options.teaching?.secret) : undefined;
  const lessons = new Lessons(room, classrooms, redis?.lessons ?? new MemoryLessonBoard(), clock, log, {
    ...(roles ? { roles } : {}),
    ...(sfu ? { sfu } : {}),
    ...(options.limits?.announcements ? { announcements: options.limits.announcements } : {}),
  });
  const mediaLibrary = new MediaLibrary(options.mediaDir);
  const screens = new Screens(
    room,
    classrooms,
    redis?.screens ?? new MemoryRoomRecords(),
    mediaLibrary,
    clock,
    log,
    { lessons, ...(roles ? { roles } : {}) },
  );
  const fileLimiter = new RateLimiter(options.limits?.files ?? FILE_OFFER_RATE, clock);
  const maxBytes = options.fileMaxBytes ?? FILE_MAX_BYTES_DEFAULT;
  const files = new FileOffers(room, peers, clock, fileLimiter, { maxBytes });
  const occupancy = new Occupancy(options.maxPeople, () => room.localUsers());

  const app = express();
  app.disable('x-powered-by');
  const http = createServer(app);
  // Every connection, upgraded ones included (Socket.IO's and PeerJS's WebSockets), so close() can end them all.
  const connections = new Set<Duplex>();
  http.on('connection', (connection: Duplex) => {
    connections.add(connection);
    connection.once('close', () => connections.delete(connection));
  });

  let draining = false;
  const readiness = new Readiness(clock);
  readiness.add('listening', () => http.listening);
  readiness.add('accepting', () => !draining);
  if (redis) readiness.add('redis', () => redis.isReady());
  const metrics = new PromMetrics(
    {
      connectedUsers: () =>
        new Set(Array.from(io.of('/').sockets.values(), (socket) => socket.data.userId as string)).size,
      classroomOccupancy: () =>
        map.areas.map((area) => [area.id, classrooms.membersOf(area.id).length] as const),
    },
    {
      ...(options.nodeId ? { nodeId: options.nodeId } : {}),
      processMetrics: options.processMetrics ?? false,
    },
  );

  app.use((_req, res, next) => {
    // While draining, keep-alive connections (a proxy's pool) close after each answer, so they stop bringing traffic.
    if (draining) res.set('Connection', 'close');
    next();
  });
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/readyz', (_req, res) => {
    void readiness.evaluate().then((report) => res.status(report.ready ? 200 : 503).json(report));
  });
  app.get('/metrics', (_req, res) => {
    void metrics.scrape().then((text) => res.type(metrics.contentType).send(text));
  });
  // The map the server enforces is the one the client draws: both read this file.
  // LiveKit tells us who joined which room; anyone in a room's media who is not its member is removed.
  const webhook = liveKitWebhook(livekit, classrooms, sfu, log, metrics, room);
  app.post('/livekit/webhook', express.text({ type: '*/*', limit: '64kb' }), webhook);
  serveMapFiles(app, mapBundle);
  serveMediaLibrary(app, mediaLibrary);

  mountPeerSignaling(app, http, peers, log);

  if (options.clientDir) serveClientFiles(app, options.clientDir);

  const io = new Server<UntrustedClientEvents, ServerToClientEvents>(http, {
    maxHttpBufferSize: Limits.PAYLOAD_MAX_BYTES,
    serveClient: false,
    ...(redis ? { adapter: redis.adapter } : {}),
  });
  // A session that holds its user's presence hears what other nodes say to that user (forwardChat).
  if (redis)
    room.observe({
      joined: (userId, sessionId) => void io.of('/').sockets.get(sessionId)?.join(userRoom(userId)),
    });

  io.use(
    admitConnections({
      isDraining: () => draining,
      metrics,
      occupancy,
      ...(options.maxPeople !== undefined ? { maxPeople: options.maxPeople } : {}),
      ...(roles ? { roles } : {}),
      log,
    }),
  );

  // Moves are handled synchronously: the world relays an accepted one to every recipient before telling its observers.
  let moveReceivedAt: number | undefined;
  room.observe({
    moved: () => {
      if (moveReceivedAt === undefined) return;
      metrics.moveDispatched((performance.now() - moveReceivedAt) / 1000);
      moveReceivedAt = undefined;
    },
  });

  io.on('connection', (socket) => {
    const userId = socket.data.userId as string;
    const connectionLog = withFields(log, { sessionId: socket.id, userId });
    connectionLog.info({ transport: socket.conn.transport.name }, 'connected');
    const router = new ConnectionRouter({
      userId,
      sessionId: socket.id,
      port: {
        send: (event, ...args) => {
          metrics.messageOut(event);
          socket.emit(event, ...args);
        },
        disconnect: () => void socket.disconnect(true),
      },
      room,
      chat,
      profileLimiter,
      peers,
      ice,
      classrooms,
      ...(livekit ? { nearby: livekit, crowd: options.crowd ?? DEFAULT_CROWD } : {}),
      ...(roles ? { roles } : {}),
      lessons,
      screens,
      files,
      ...(socket.data.role ? { role: socket.data.role as RoleGrant } : {}),
      clock,
      log: connectionLog,
      metrics,
      ...(options.inbound ? { inbound: options.inbound } : {}),
    });
    socket.onAny((event: unknown, ...args: unknown[]) => {
      const name = typeof event === 'string' ? event : String(event);
      moveReceivedAt = name === 'move' ? performance.now() : undefined;
      router.handle(name, args);
      moveReceivedAt = undefined;
    });
    socket.on('disconnect', (reason) => {
      connectionLog.info({ reason }, 'disconnected');
      router.close();
    });
  });

  const bridge = redis
    ? new ClusterBridge(nodeId, room, classrooms, redis.link, clock, log, options.cluster)
    : undefined;
  // Before listening: a newcomer's snapshot must already hold the users of the other nodes.
  await bridge?.start();
  await lessons.start();
  await screens.start();

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closed ??= new Promise<void>((resolve) => {
      void io.close(() => resolve());
      http.closeAllConnections();
      for (const connection of connections) connection.destroy();
    }).then(async () => {
      // Deregisters: whoever is still this node's leaves everywhere now rather than when the heartbeat runs out.
      await bridge?.stop();
      await redis?.close();
    }));

  let drained: Promise<void> | undefined;
  const drain = async (): Promise<void> => {
    draining = true;
    const sockets = [...io.of('/').sockets.values()];
    log.info({ clients: sockets.length }, 'draining: refusing new connections, moving clients elsewhere');
    // No new connections from here on; a load balancer's next attempt goes to another node.
    http.close();
    http.closeIdleConnections();
    const gone = Promise.all(
      sockets.map((socket) =>
        socket.connected
          ? new Promise<void>((resolve) => socket.once('disconnect', () => resolve()))
          : undefined,
      ),
    );
    const code = ConnectRefusal.SERVER_DRAINING;
    for (const socket of sockets) {
      metrics.messageOut('server:draining');
      socket.emit('server:draining', { code, reason: codeName(code) });
    }
    let cancel = (): void => {};
    const timedOut = new Promise<void>((resolve) => {
      cancel = clock.setTimeout(resolve, options.drainTimeoutMs ?? 5000);
    });
    await Promise.race([gone, timedOut]);
    cancel();
    log.info({ stayed: io.of('/').sockets.size }, 'drained: closing');
    await close();
  };

  return {
    http,
    io,
    room,
    map,
    classrooms,
    readiness,
    metrics,
    media: mediaLibrary,
    drain: () => (drained ??= drain()),
    close,
    listen: (port, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => {
          http.off('error', reject);
          resolve((http.address() as AddressInfo).port);
        });
      }),
  };
}

/** The Socket.IO room of the session that holds a user's presence. */
function userRoom(userId: string): string {
  return `user:${userId}`;
}
