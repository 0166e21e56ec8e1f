import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { dirname, join } from 'node:path';
import express from 'express';
import { ExpressPeerServer } from 'peer';
import { Server } from 'socket.io';
import {
  ConnectRefusal,
  Handshake,
  IdentitySecret,
  Limits,
  PROTOCOL_VERSION,
  codeName,
  type ConnectRefusalData,
  type ServerToClientEvents,
} from '@campus/protocol';
import { loadTiledMap, type WorldMap } from '@campus/world';
import { ChatRelay } from './ChatRelay';
import type { ClassroomSfu } from './classrooms/ClassroomSfu';
import { Classrooms } from './classrooms/Classrooms';
import { LiveKitSfu, type LiveKitConfig } from './classrooms/LiveKitSfu';
import { ConnectionRouter } from './ConnectionRouter';
import { deriveUserId } from './identity';
import { PeerRegistry } from './PeerRegistry';
import type { IceConfig } from './TurnCredentials';
import { jsonLogger, type Logger } from './logger';
import { systemClock, type Clock } from './ports';
import { RateLimiter, type BucketSpec } from './RateLimiter';
import { WorldRoom, type WorldRoomOptions } from './WorldRoom';

/** Where PeerJS signaling is mounted; the client's PeerJS `path`. */
export const PEER_PATH = '/peerjs';

/** The server reads every client event as unknown and parses it itself (ConnectionRouter). */
type UntrustedClientEvents = Record<string, (...args: unknown[]) => void>;

export interface StateServerOptions {
  mapFile: string;
  /** The built client to serve at `/`; skipped when the folder does not exist (e.g. under `npm run dev`). */
  clientDir?: string;
  clock?: Clock;
  logger?: Logger;
  room?: WorldRoomOptions;
  /** Per-user limits; defaults suit people typing, not scripts. */
  limits?: { chat?: BucketSpec; profile?: BucketSpec };
  /** STUN/TURN for proximity media; by default none (fine on one machine or a LAN). */
  ice?: IceConfig;
  /** A LiveKit server for classrooms; without one they run as a capped mesh among members. */
  livekit?: LiveKitConfig;
  /** Replaces the LiveKit room service (tokens, removals), e.g. with a recording fake in tests. */
  sfu?: ClassroomSfu;
  /** Without an SFU, the most people in one classroom's mesh. */
  meshCap?: number;
}

export interface StateServer {
  readonly http: HttpServer;
  readonly io: Server<UntrustedClientEvents, ServerToClientEvents>;
  readonly room: WorldRoom;
  readonly map: WorldMap;
  readonly classrooms: Classrooms;
  /** Starts listening; resolves with the bound port (useful with port 0). */
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

/** Builds the one-process server: the built client, the map, Socket.IO and PeerJS signaling on one HTTP server. */
export async function createStateServer(options: StateServerOptions): Promise<StateServer> {
  const clock = options.clock ?? systemClock;
  const log = options.logger ?? jsonLogger;
  const mapJson: unknown = JSON.parse(await readFile(options.mapFile, 'utf8'));
  const map = loadTiledMap(mapJson);
  const peers = new PeerRegistry();
  const ice = options.ice ?? { stunUrls: [], turnUrls: [], turnTtlSeconds: 3600 };
  const room = new WorldRoom(map, clock, options.room);
  room.observe({ left: (userId) => peers.revoke(userId) });
  const livekit = options.livekit ? new LiveKitSfu(options.livekit) : undefined;
  const sfu = options.sfu ?? livekit;
  const classrooms = new Classrooms(room, clock, log, {
    ...(sfu ? { sfu } : {}),
    meshCap: options.meshCap ?? 8,
  });
  const chat = new ChatRelay(
    room,
    clock,
    new RateLimiter(options.limits?.chat ?? { burst: 8, perSecond: 1 }, clock),
  );
  const profileLimiter = new RateLimiter(options.limits?.profile ?? { burst: 5, perSecond: 0.5 }, clock);

  const app = express();
  app.disable('x-powered-by');
  const http = createServer(app);

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  // The map the server enforces is the one the client draws: both read this file.
  // LiveKit tells us who joined which room; anyone in a room's media who is not its member is removed.
  app.post('/livekit/webhook', express.text({ type: '*/*', limit: '64kb' }), (req, res) => {
    if (!livekit) {
      res.status(404).json({ error: 'no LiveKit server is configured' });
      return;
    }
    livekit
      .receiveWebhook(String(req.body ?? ''), req.get('Authorization'))
      .then((event) => {
        const identity = event.participant?.identity;
        const roomName = event.room?.name;
        if (
          event.event === 'participant_joined' &&
          identity &&
          roomName &&
          !classrooms.isMember(identity, roomName)
        ) {
          log.warn(
            { userId: identity, roomId: roomName },
            'removing a LiveKit participant who is not a member',
          );
          void sfu?.removeParticipant(roomName, identity).catch(() => {});
        }
        res.json({ ok: true });
      })
      .catch(() => {
        res.status(401).json({ error: 'webhook signature is not valid' });
      });
  });
  app.get('/world/map.json', (_req, res) => {
    res.json(mapJson);
  });
  app.use('/world', express.static(dirname(options.mapFile), { index: false, fallthrough: false }));

  // PeerJS's WebSocket server answers 400 to any upgrade outside its path, which would kill Socket.IO's;
  // so it only ever sees the upgrades meant for it.
  const peerUpgrades = new EventEmitter();
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!req.url?.startsWith(`${PEER_PATH}/`)) return;
    // Only a peer id and token this server issued to an identified user may register for signaling.
    const query = new URL(req.url, 'http://campus').searchParams;
    if (!peers.authorize(query.get('id') ?? '', query.get('token') ?? '')) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    peerUpgrades.emit('upgrade', req, socket, head);
  });
  const peerServer = ExpressPeerServer(peerUpgrades as unknown as HttpServer, {
    path: '/',
    allow_discovery: false,
    proxied: true,
  });
  app.use(PEER_PATH, peerServer);

  if (options.clientDir && existsSync(options.clientDir)) {
    const clientDir = options.clientDir;
    app.use(express.static(clientDir, { index: 'index.html' }));
    app.get(/^\/(?!socket\.io|peerjs|world).*/, (_req, res) => {
      res.sendFile(join(clientDir, 'index.html'));
    });
  }

  const io = new Server<UntrustedClientEvents, ServerToClientEvents>(http, {
    maxHttpBufferSize: Limits.PAYLOAD_MAX_BYTES,
    serveClient: false,
  });

  const refuse = (code: ConnectRefusal, message: string): Error => {
    const refusal = new Error(message) as Error & { data: ConnectRefusalData };
    refusal.data = { code, reason: codeName(code), serverProtocolVersion: PROTOCOL_VERSION };
    return refusal;
  };
  io.use((socket, next) => {
    const handshake = Handshake.safeParse(socket.handshake.auth);
    if (!handshake.success || handshake.data.protocolVersion !== PROTOCOL_VERSION) {
      const version = handshake.success ? handshake.data.protocolVersion : 'missing';
      next(
        refuse(
          ConnectRefusal.PROTOCOL_MISMATCH,
          `protocol version ${version} is not ${PROTOCOL_VERSION}; reload the page`,
        ),
      );
      return;
    }
    const secret = IdentitySecret.safeParse(handshake.data.secret);
    if (!secret.success) {
      next(refuse(ConnectRefusal.IDENTITY_INVALID, 'the handshake needs a 32-byte base64url secret'));
      return;
    }
    // Who this is comes from the secret alone; nothing a client sends later can change it.
    socket.data.userId = deriveUserId(secret.data);
    next();
  });

  io.on('connection', (socket) => {
    const userId = socket.data.userId as string;
    const router = new ConnectionRouter({
      userId,
      sessionId: socket.id,
      port: {
        send: (event, ...args) => void socket.emit(event, ...args),
        disconnect: () => void socket.disconnect(true),
      },
      room,
      chat,
      profileLimiter,
      peers,
      ice,
      classrooms,
      clock,
      log,
    });
    socket.onAny((event: unknown, ...args: unknown[]) => {
      router.handle(typeof event === 'string' ? event : String(event), args);
    });
    socket.on('disconnect', () => {
      router.close();
    });
  });

  return {
    http,
    io,
    room,
    map,
    classrooms,
    listen: (port, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => {
          http.off('error', reject);
          resolve((http.address() as AddressInfo).port);
        });
      }),
    close: () =>
      new Promise((resolve) => {
        void io.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}
