import { afterEach, describe, expect, it } from 'vitest';
import {
  ConnectRefusal,
  MessageError,
  ServerFault,
  codeName,
  type ChatMessage,
  type PositionState,
  type ProtocolErrorBody,
  type SessionClosed,
} from '@campus/protocol';
import { seededRandom, tiledRows } from '@campus/world/testing';
import { ESCALATION, INBOUND_BUDGETS, type EventKind, type InboundBudget } from './FloodGuard';
import type { Logger } from './logger';
import { isMalformed, MessageFuzzer, type FuzzMessage } from './testing/fuzzMessages';
import {
  connectClient,
  flush,
  joinedClient,
  nextEvent,
  startTestServer,
  type TestClient,
} from './testing/testServer';

const SEED = 20_261_121;
const MESSAGES = 12_000;

// 40 × 16 open tiles with one classroom; the spawn is next to where the well-behaved pair stands.
const rows = Array.from({ length: 16 }, (_, r) => (r === 6 ? '......S' : '').padEnd(40, '.'));
const mapJson = tiledRows(rows, [{ id: 'room-1', name: 'Room 1', capacity: 4, tiles: [20, 2, 8, 6] }]);

/** Malformed messages are refused with one of these, before any state is looked at. */
const MALFORMED = new Set<number>([
  MessageError.INVALID_PAYLOAD,
  MessageError.UNKNOWN_EVENT,
  MessageError.PAYLOAD_TOO_LARGE,
]);

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const undo of cleanups.splice(0).reverse()) await undo();
});

/** A logger that keeps error entries: a handler that threw would log one. */
function errorRecorder(): Logger & { errors: unknown[] } {
  const errors: unknown[] = [];
  const log: Logger & { errors: unknown[] } = {
    errors,
    info: () => {},
    warn: () => {},
    error: (fields, message) => errors.push({ ...fields, message }),
    child: () => log,
  };
  return log;
}

/** The next `event` whose payload passes `match`, or a rejection after `ms`. */
function waitFor<T>(
  socket: TestClient,
  event: string,
  match: (payload: T) => boolean,
  ms: number,
): Promise<T> {
  const s = socket as unknown as {
    on(e: string, h: (p: T) => void): void;
    off(e: string, h: (p: T) => void): void;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      s.off(event, handler);
      reject(new Error(`no matching ${event} within ${ms} ms`));
    }, ms);
    const handler = (payload: T): void => {
      if (!match(payload)) return;
      clearTimeout(timer);
      s.off(event, handler);
      resolve(payload);
    };
    s.on(event, handler);
  });
}

/**
 * Two people standing next to each other who keep using the campus while the fuzzing goes on: Ada turns on the spot
 * (a move) every 50 ms and Bo must see each; every 1.2 s Ada says something nearby and Bo must get it.
 */
async function wellBehavedPair(url: string) {
  const ada = await joinedClient(url, 'Ada', { resume: { position: { x: 100, y: 100 }, direction: 'down' } });
  const bo = await joinedClient(url, 'Bo', { resume: { position: { x: 140, y: 100 }, direction: 'down' } });
  cleanups.push(
    () => void ada.socket.disconnect(),
    () => void bo.socket.disconnect(),
  );
  const failures: string[] = [];
  let moves = 0;
  let chats = 0;
  let slowest = 0;
  let running = true;
  const loop = (async () => {
    let lastChat = 0;
    for (let i = 0; running; i++) {
      const direction = i % 2 === 0 ? 'up' : 'down';
      const started = performance.now();
      const seen = waitFor<PositionState>(
        bo.socket,
        'user:moved',
        (p) => p.userId === ada.reply.userId && p.direction === direction,
        2000,
      );
      ada.socket.emit('move', { position: { x: 100, y: 100 }, direction, isMoving: false });
      try {
        await seen;
        moves++;
      } catch (err) {
        failures.push(`move ${i}: ${String(err)}`);
      }
      slowest = Math.max(slowest, performance.now() - started);
      if (performance.now() - lastChat > 1200) {
        lastChat = performance.now();
        const id = `pair-${String(i).padStart(6, '0')}`;
        const heard = waitFor<ChatMessage>(bo.socket, 'chat:message', (m) => m.id === id, 2000);
        try {
          const reply = await ada.socket
            .timeout(2000)
            .emitWithAck('chat:send', { id, scope: 'nearby', text: `still here ${i}` });
          if (!reply.ok || reply.deliveredTo < 1) failures.push(`chat ${i}: ${JSON.stringify(reply)}`);
          await heard;
          chats++;
        } catch (err) {
          failures.push(`chat ${i}: ${String(err)}`);
        }
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return {
    ada,
    bo,
    stop: async () => {
      running = false;
      await loop;
      return { failures, moves, chats, slowest };
    },
  };
}

/** One fuzzing connection: it sends, and keeps every error and ack answer in order. */
class FuzzConnection {
  readonly errors: ProtocolErrorBody[] = [];
  readonly sent: Array<{ name: string; withAck: boolean }> = [];
  readonly acks = new Map<number, unknown>();

  private constructor(readonly socket: TestClient) {
    socket.on('protocol:error', (e) => this.errors.push(e));
  }

  static async open(url: string, join: boolean): Promise<FuzzConnection> {
    const socket = connectClient(url);
    cleanups.push(() => void socket.disconnect());
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    if (join) await socket.timeout(3000).emitWithAck('join', { name: 'Fuzzer', appearance: { look: 'ink' } });
    return new FuzzConnection(socket);
  }

  send(message: FuzzMessage): void {
    const index = this.sent.length;
    this.sent.push({ name: String(message.event).slice(0, 64), withAck: message.withAck });
    const args: unknown[] = [...message.payloads];
    if (message.withAck) args.push((reply: unknown) => this.acks.set(index, reply));
    (this.socket as unknown as { emit(e: unknown, ...a: unknown[]): void }).emit(message.event, ...args);
  }
}

/** A code from the protocol's tables (named back by codeName), and not the server's own fault. */
const isCoded = (e: { code: number; reason: string }): boolean =>
  e.code !== ServerFault.INTERNAL_ERROR &&
  !/^UNKNOWN_\d+$/.test(codeName(e.code)) &&
  codeName(e.code) === e.reason;

describe('fuzzing the server', () => {
  it(
    `refuses each of ${MESSAGES.toLocaleString('en')} random messages that is malformed with a coded error, ` +
      'never fails, and a well-behaved pair carries on throughout',
    async () => {
      const log = errorRecorder();
      // Budgets out of the way, so every message reaches the parser; the escalation has its own test below.
      const roomy: InboundBudget = { burst: 1e9, perSecond: 1e9, maxChars: 0 };
      const budgets = Object.fromEntries(
        Object.entries(INBOUND_BUDGETS).map(([kind, b]) => [kind, { ...roomy, maxChars: b.maxChars }]),
      ) as Record<EventKind, InboundBudget>;
      const harness = await startTestServer(mapJson, {
        logger: log,
        room: { gracePeriod: 100 },
        inbound: { budgets, escalation: { ...ESCALATION, errorIntervalMs: 0, tolerance: roomy } },
      });
      cleanups.push(() => harness.close());
      const pair = await wellBehavedPair(harness.url);

      const fuzzer = new MessageFuzzer(seededRandom(SEED));
      // Malformed messages go down connections of their own, so each error can be matched to its message;
      // well-formed ones (which the world may accept or refuse) go down others. Half of each have joined.
      const strict = await Promise.all(
        [0, 1, 2, 3, 4, 5].map((i) => FuzzConnection.open(harness.url, i % 2 === 0)),
      );
      const loose = await Promise.all([0, 1].map((i) => FuzzConnection.open(harness.url, i === 0)));
      let malformed = 0;
      for (let i = 0; i < MESSAGES; i++) {
        const message = fuzzer.next();
        if (isMalformed(message)) {
          strict[i % strict.length]!.send(message);
          malformed++;
        } else {
          loose[i % loose.length]!.send(message);
        }
        // Let the server, and the pair, breathe between batches.
        if (i % 200 === 199) await flush(strict[Math.floor(i / 200) % strict.length]!.socket);
      }
      for (const c of [...strict, ...loose]) await flush(c.socket);

      // Raw frames Socket.IO cannot even decode (bad JSON, reserved names, unknown packet types) close only
      // their own connection.
      const frames = [
        '2[bad json',
        '2["disconnect"]',
        '2["connect",{}]',
        '7',
        '2{}',
        '5-["x",{"_placeholder":true}]',
      ];
      let closed = 0;
      for (const frame of frames) {
        const c = await FuzzConnection.open(harness.url, true);
        const gone = new Promise<void>((resolve) => c.socket.once('disconnect', () => resolve()));
        (c.socket.io.engine as unknown as { send(data: string): void }).send(frame);
        if (frame.startsWith('5-'))
          (c.socket.io.engine as unknown as { send(data: string): void }).send('2["x"]');
        await Promise.race([gone.then(() => closed++), new Promise((r) => setTimeout(r, 2000))]);
      }

      const pairResult = await pair.stop();
      const strictSent = strict.reduce((n, c) => n + c.sent.length, 0);
      const looseSent = loose.reduce((n, c) => n + c.sent.length, 0);
      expect(strictSent + looseSent).toBe(MESSAGES);
      expect(malformed).toBeGreaterThan(MESSAGES / 2);

      // Every malformed message got exactly one coded error, in order, naming its event; its ack, if any, too.
      const mismatches: string[] = [];
      for (const c of strict) {
        if (c.errors.length !== c.sent.length)
          mismatches.push(`${c.sent.length} sent, ${c.errors.length} errors`);
        c.sent.forEach((m, i) => {
          const e = c.errors[i];
          if (!e || e.event !== m.name || !MALFORMED.has(e.code) || !isCoded(e))
            mismatches.push(`#${i} ${m.name}: ${JSON.stringify(e)}`);
          const ack = c.acks.get(i) as { ok?: boolean; error?: ProtocolErrorBody } | undefined;
          if (m.withAck && (ack?.ok !== false || ack.error?.code !== e?.code))
            mismatches.push(`#${i} ${m.name}: ack ${JSON.stringify(ack)}`);
        });
      }
      expect(mismatches.slice(0, 10)).toEqual([]);
      // Well-formed ones were accepted or refused with a coded error, never a server fault.
      const looseErrors = loose.flatMap((c) => c.errors);
      expect(looseErrors.filter((e) => !isCoded(e))).toEqual([]);
      expect(closed).toBe(frames.length);
      expect(log.errors).toEqual([]);

      expect(pairResult.failures).toEqual([]);
      expect(pairResult.moves).toBeGreaterThan(10);
      expect(pairResult.chats).toBeGreaterThan(0);
      // The server is still there for newcomers.
      const late = await joinedClient(harness.url, 'Late');
      late.socket.disconnect();
    },
    90_000,
  );

  it('throttles a flood of 5,000 moves a second, then closes it with TOO_MANY_MESSAGES, while others carry on', async () => {
    // The default budgets; only the time a flood is put up with is shortened, from 10 s to 1 s, to keep this quick.
    const harness = await startTestServer(mapJson, {
      room: { gracePeriod: 100 },
      inbound: { escalation: { ...ESCALATION, sustainedMs: 1000 } },
    });
    cleanups.push(() => harness.close());
    const pair = await wellBehavedPair(harness.url);
    const flooder = await joinedClient(harness.url, 'Flood', {
      resume: { position: { x: 120, y: 120 }, direction: 'down' },
    });
    cleanups.push(() => void flooder.socket.disconnect());
    const errors: ProtocolErrorBody[] = [];
    flooder.socket.on('protocol:error', (e) => errors.push(e));
    const closedWith = new Promise<SessionClosed>((resolve) =>
      flooder.socket.once('session:closed', resolve),
    );
    const gone = new Promise<void>((resolve) => flooder.socket.once('disconnect', () => resolve()));
    const boSawLeave = nextEvent(pair.bo.socket, 'user:left', 10_000);
    const started = performance.now();
    for (let i = 0; i < 20_000 && flooder.socket.connected; i++) {
      flooder.socket.emit('move', { position: { x: 120, y: 120 }, direction: 'up', isMoving: false });
      if (i % 100 === 99) await new Promise((r) => setTimeout(r, 20)); // about 5,000 a second
    }
    expect(await closedWith).toMatchObject({
      code: ConnectRefusal.TOO_MANY_MESSAGES,
      reason: 'TOO_MANY_MESSAGES',
    });
    await gone;
    const seconds = (performance.now() - started) / 1000;
    // One coded error at first, then at most one a second: the rest were dropped unanswered.
    expect(errors.every((e) => e.code === MessageError.RATE_LIMITED)).toBe(true);
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(errors.length).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
    // Its avatar left at once, with no grace period.
    expect(await boSawLeave).toEqual({ userId: flooder.reply.userId });
    await new Promise((r) => setTimeout(r, 300));
    const result = await pair.stop();
    expect(result.failures).toEqual([]);
    expect(result.moves).toBeGreaterThan(3);
  }, 30_000);
});
