/**
 * The people of the classroom benchmarks: where Room 101 and the Lecture Hall are and how to walk in, and bots that
 * walk in and join a room's SFU session.
 */
import { LiveKitBot } from '@campus/state-server/testing/livekit-bot';
import { joinedClient } from '@campus/state-server/testing';
import { readFileSync } from 'node:fs';
import {
  MessageError,
  type LiveKitAccess,
  type MoveMessage,
  type Point,
  type PositionState,
  type RoomEnterReply,
} from '@campus/protocol';
import { DEFAULT_MAP_FILE } from '@campus/state-server';
import { loadTiledMap, positionAt, type WorldMap } from '@campus/world';
import { type Person, until } from '../e2e/harness';
import { walkSocket } from './walkingSocket';

/** Room 101 (capacity 12): its door is a two-tile gap at x 11–12 in the south wall; the hallway runs along y 16–19. */
export const ROOM_101 = {
  id: 'room-101',
  path: [{ y: 17 * 16 + 8 }, { x: 12 * 16 }, { y: 10 * 16 + 8 }] as const,
  // Row 10 is clear from x 5 to 18 (desks stand on rows 8 and 11).
  seats: (i: number) => ({ x: (5 + (i % 14)) * 16 + 8, y: 10 * 16 + 8 }),
};
/** The Lecture Hall (capacity 40): entered from the north through a gap at x 19–20; rows 33–34 are clear, benches stand on 35, 37, 39. */
export const HALL = {
  id: 'lecture-hall',
  path: [{ x: 19 * 16 + 8 }, { y: 33 * 16 + 8 }] as const,
  seats: (i: number) => ({ x: (19 + (i % 28)) * 16 + 8, y: (33 + Math.floor(i / 28)) * 16 + 8 }),
};

/**
 * Walks a browser person into a room, and again from where they stopped if they did not get in: on two cores a
 * page busy with several others' media can be a few frames late letting go of a key, and overshoot the door.
 */
export async function walkIn(
  p: Person,
  legs: ReadonlyArray<{ x: number } | { y: number }>,
  roomId: string,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await p.walk(legs);
    try {
      await until(
        () => p.media(),
        (m) => m.classroom === roomId,
        attempt < 3 ? 5000 : 20_000,
      );
      return;
    } catch (err) {
      if (attempt >= 3) throw err;
      console.log(`${p.name} missed the door of ${roomId} (attempt ${attempt}); walking in again`);
    }
  }
}

/**
 * Bots walking in together start this far apart, as a class comes through a door: dozens of strokes started in the
 * same instant, in the process that also runs the server, would reach it late and look implausibly fast.
 */
export const STAGGER_MS = 100;

/** Fails loudly instead of hanging a benchmark run. */
export function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not done within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

let campusMap: WorldMap | undefined;
/** The campus as the server under test has it (the benchmarks run the default map). */
function campus(): WorldMap {
  campusMap ??= loadTiledMap(JSON.parse(readFileSync(DEFAULT_MAP_FILE, 'utf8')) as unknown);
  return campusMap;
}

/**
 * After the server refused a move and put the bot back on a stroke of its own, stops where that stroke has taken the
 * avatar by now (as a browser's walker would) and returns that spot to walk on from.
 */
async function standWhereTheServerSays(
  socket: { emit(event: 'move', message: MoveMessage): unknown },
  corrected: PositionState | undefined,
  fallback: Point,
): Promise<Point> {
  await new Promise((r) => setTimeout(r, 300));
  if (!corrected) return fallback;
  if (!corrected.isMoving) return corrected.position;
  const now = Date.now();
  const position = positionAt(campus(), corrected, now);
  socket.emit('move', { position, direction: corrected.direction, isMoving: false, startedAt: now });
  await new Promise((r) => setTimeout(r, 100));
  return position;
}

/**
 * Walks a bot on the campus to its seat in `room` and enters; returns the server's answer and when it was asked.
 * From where the server placed them: near the spawn, but beside the others once it is crowded. A busy machine can
 * deliver a stop more than a second late; the server then refuses it and puts the bot back, as it would a browser,
 * and the bot walks on from there.
 */
export async function enterAsBot(
  joined: Awaited<ReturnType<typeof joinedClient>>,
  name: string,
  room: typeof ROOM_101 | typeof HALL,
  seat: number,
): Promise<{ reply: Extract<RoomEnterReply, { ok: true }>; enteredAt: number }> {
  let corrected: PositionState | undefined;
  joined.socket.on('self:position', (p) => (corrected = p));
  const spawn = joined.reply.self.position.position;
  const at = room.seats(seat);
  let from = spawn;
  for (let attempt = 1; ; attempt++) {
    await walkSocket(joined.socket, from, [...room.path, { x: at.x }, { y: at.y }]);
    const enteredAt = Date.now();
    const reply = await joined.socket.timeout(5000).emitWithAck('room:enter', { roomId: room.id });
    if (reply.ok) return { reply, enteredAt };
    if (attempt >= 3 || reply.error.code !== MessageError.NOT_IN_AREA)
      throw new Error(
        `${name} not let in: ${JSON.stringify(reply)} (from ${JSON.stringify(spawn)}, put back at ${JSON.stringify(corrected?.position)})`,
      );
    from = await standWhereTheServerSays(joined.socket, corrected, from);
  }
}

/** Frames of a voice (10 ms each) after which a bot that only listens has heard it and stops reading. */
const HEARD_FRAMES = 50;

/**
 * A member of a room who is a bot: joins the world, walks in to its seat, enters, joins the SFU with its token. It
 * subscribes only to `listenTo` (what is measured from it), talks when `tone`; with `audioOnly` it takes only their
 * voice and stops reading it once heard.
 */
export async function roomBot(
  serverUrl: string,
  name: string,
  room: typeof ROOM_101 | typeof HALL,
  seat: number,
  tone: boolean,
  listenTo: readonly string[],
  after = 0,
  audioOnly = false,
): Promise<{
  bot: LiveKitBot;
  userId: string;
  enteredAt: number;
  /** From `room:enter` to being connected to the SFU. */
  joinMs: number;
  close(): Promise<void>;
}> {
  await new Promise((r) => setTimeout(r, after));
  const joined = await joinedClient(serverUrl, name);
  const { reply, enteredAt } = await enterAsBot(joined, name, room, seat);
  if (!reply.livekit) throw new Error(`${name}: the room has no SFU`);
  return joinSfu(reply.livekit, enteredAt);

  async function joinSfu(livekit: LiveKitAccess, enteredAt: number) {
    // A join the SFU does not finish in time is tried once more, as the browsers' LiveKit client does; the time
    // from `room:enter` counts both.
    let bot = new LiveKitBot(name);
    for (let attempt = 1; ; attempt++) {
      try {
        await within(
          30_000,
          `${name} joining LiveKit`,
          bot.join(livekit.url, livekit.token, {
            listenTo,
            audioOnly,
            ...(audioOnly ? { framesToCount: HEARD_FRAMES } : {}),
          }),
        );
        break;
      } catch (err) {
        await bot.leave();
        if (attempt >= 2) throw err;
        bot = new LiveKitBot(name);
      }
    }
    const joinMs = Date.now() - enteredAt;
    if (tone) await within(15_000, `${name} publishing`, bot.publishTone());
    return {
      bot,
      userId: joined.reply.userId,
      enteredAt,
      joinMs,
      close: async () => {
        await bot.leave();
        joined.socket.disconnect();
      },
    };
  }
}
