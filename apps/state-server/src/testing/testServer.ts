import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import {
  PROTOCOL_VERSION,
  type ClientToServerEvents,
  type JoinReply,
  type JoinRequest,
  type Point,
  type ServerToClientEvents,
} from '@campus/protocol';
import { WALK_SPEED } from '@campus/world';
import { createStateServer, type StateServer, type StateServerOptions } from '../createStateServer';
import { silentLogger } from '../logger';

export type TestClient = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A real state server on 127.0.0.1 (on `port`, or an ephemeral one), serving the given map. */
export async function startTestServer(
  mapJson: unknown,
  options: Partial<StateServerOptions> = {},
  port = 0,
): Promise<{ server: StateServer; url: string; close: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'campus-map-'));
  const mapFile = join(dir, 'map.json');
  await writeFile(mapFile, JSON.stringify(mapJson));
  const server = await createStateServer({ mapFile, logger: silentLogger, ...options });
  const listening = await server.listen(port, '127.0.0.1');
  return { server, url: `http://127.0.0.1:${listening}`, close: () => server.close() };
}

/** A fresh identity secret, as a browser makes on its first visit. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** A real socket.io client speaking the current protocol as a new visitor (override `auth` to be someone else). */
export function connectClient(
  url: string,
  auth: object = { protocolVersion: PROTOCOL_VERSION, secret: newSecret() },
): TestClient {
  return connect(url, { transports: ['websocket'], auth, reconnection: false, forceNew: true });
}

export interface JoinOptions {
  look?: 'sky' | 'rose' | 'moss' | 'sun' | 'plum' | 'ink';
  secret?: string;
  resume?: JoinRequest['resume'];
}

/** Connects and joins; resolves with the join reply. */
export async function joinedClient(
  url: string,
  name: string,
  options: JoinOptions = {},
): Promise<{ socket: TestClient; reply: Extract<JoinReply, { ok: true }>; secret: string }> {
  const secret = options.secret ?? newSecret();
  const socket = connectClient(url, { protocolVersion: PROTOCOL_VERSION, secret });
  const reply = await socket.timeout(5000).emitWithAck('join', {
    name,
    appearance: { look: options.look ?? 'sky' },
    ...(options.resume ? { resume: options.resume } : {}),
  });
  if (!reply.ok) throw new Error(`join refused: ${reply.error.reason}`);
  return { socket, reply, secret };
}

/** Resolves with the next payload of `event`, or rejects after `ms`. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: TestClient,
  event: E,
  ms = 3000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    const handler = (payload: Parameters<ServerToClientEvents[E]>[0]): void => {
      clearTimeout(timer);
      resolve(payload);
    };
    // socket.io-client's typed `once` cannot see through the generic event name.
    (socket as unknown as { once(e: string, h: (p: unknown) => void): void }).once(
      event,
      handler as (p: unknown) => void,
    );
  });
}

/** Records every payload of the given events as they arrive. */
export function recordEvents(
  socket: TestClient,
  events: ReadonlyArray<keyof ServerToClientEvents>,
): Array<{ event: string; payload: unknown }> {
  const log: Array<{ event: string; payload: unknown }> = [];
  for (const event of events) {
    (socket as unknown as { on(e: string, h: (p: unknown) => void): void }).on(event, (payload) =>
      log.push({ event, payload }),
    );
  }
  return log;
}

/** Waits until `check` passes or `ms` elapse (for asserting that something arrived, or that nothing did, over a real network). */
export async function eventually(check: () => void | Promise<void>, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      // An asynchronous check is awaited: its failure must count here, not surface later as an unhandled rejection.
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

/** Round-trips a clock request, so every event the server sent this client before it has arrived. */
export async function flush(socket: TestClient): Promise<void> {
  await socket.timeout(3000).emitWithAck('clock', undefined);
}

/**
 * Walks the client east from `from` for about `ms` and stops, claiming where it stopped (through a west door, back
 * into a room that had put it outside); resolves once the server has the stop.
 */
export async function walkEast(socket: TestClient, from: Point, ms: number): Promise<void> {
  const started = Date.now();
  socket.emit('move', { position: from, direction: 'right', isMoving: true });
  await new Promise((r) => setTimeout(r, ms));
  const walked = ((Date.now() - started) * WALK_SPEED) / 1000;
  socket.emit('move', { position: { x: from.x + walked, y: from.y }, direction: 'right', isMoving: false });
  await flush(socket);
}
