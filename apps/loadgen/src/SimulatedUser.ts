import { randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import {
  DIRECTIONS,
  PROTOCOL_VERSION,
  type ClientToServerEvents,
  type Direction,
  type JoinReply,
  type MoveMessage,
  type Point,
  type ServerToClientEvents,
} from '@campus/protocol';
import { positionAlong, travelLimit, type MovementStroke, type WorldMap } from '@campus/world';
import type { EnginePacket, Recorder } from './Recorder';

/** How a simulated client reports movement: on change only (this campus), or also at a fixed rate while walking. */
export type Cadence = { kind: 'edge' } | { kind: 'periodic'; hz: number };

export interface Behaviour {
  /** A stroke lasts this long before a turn or a stop (ms). */
  strokeMs: [number, number];
  /** A pause between walks (ms). */
  pauseMs: [number, number];
  /** Chance that a stroke ends in a turn rather than a stop. */
  turnChance: number;
  /** Mean time between two nearby chat messages from one person (ms). */
  chatEveryMs: number;
}

export const PERSON: Behaviour = {
  strokeMs: [500, 3000],
  pauseMs: [500, 4000],
  turnChance: 0.6,
  chatEveryMs: 30_000,
};

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * One simulated person over the real protocol: connects with a fresh identity, joins where it is put, then walks in
 * strokes with turns and pauses and says something nearby now and then, as the web client would send it. The server
 * runs on the same machine, so its clock is this one's (`Date.now()`).
 */
export class SimulatedUser {
  userId = '';
  private stroke: MovementStroke;
  private limit = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private ticker: NodeJS.Timeout | undefined;
  private stopped = false;
  private chats = 0;

  private constructor(
    private readonly socket: Client,
    private readonly map: WorldMap,
    private readonly random: () => number,
    private readonly recorder: Recorder,
    private readonly cadence: Cadence,
    private readonly behaviour: Behaviour,
    at: Point,
  ) {
    this.stroke = { position: at, direction: 'down', isMoving: false, startedAt: Date.now() };
  }

  /** Connects and joins at `at`; rejects if the server refuses. */
  static async join(
    url: string,
    map: WorldMap,
    random: () => number,
    recorder: Recorder,
    cadence: Cadence,
    at: Point,
    behaviour: Behaviour = PERSON,
  ): Promise<SimulatedUser> {
    const socket: Client = io(url, {
      transports: ['websocket'],
      auth: { protocolVersion: PROTOCOL_VERSION, secret: randomBytes(32).toString('base64url') },
      reconnection: false,
      forceNew: true,
    });
    socket.io.on('open', () => {
      const engine = socket.io.engine as unknown as {
        on(event: 'packet' | 'packetCreate', listener: (packet: EnginePacket) => void): void;
      };
      engine.on('packet', (p) => recorder.packetDown(p));
      engine.on('packetCreate', (p) => recorder.packetUp(p));
    });
    socket.on('user:moved', (p) => recorder.received(p));
    const user = new SimulatedUser(socket, map, random, recorder, cadence, behaviour, at);
    let reply: JoinReply;
    try {
      reply = await socket.timeout(30_000).emitWithAck('join', {
        name: 'Visitor',
        appearance: { look: 'sky' },
        resume: { position: at, direction: 'down' },
      });
    } catch (err) {
      socket.disconnect();
      throw err;
    }
    if (!reply.ok) {
      socket.disconnect();
      throw new Error(`join refused: ${reply.error.reason}`);
    }
    user.userId = reply.userId;
    user.stroke = { ...reply.self.position, position: { ...reply.self.position.position } };
    return user;
  }

  /** Starts walking and talking, after a random moment so that people do not all move in step. */
  start(): void {
    this.after(this.random() * this.behaviour.pauseMs[1], () => this.walk());
    this.scheduleChat();
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (this.ticker) clearInterval(this.ticker);
    this.socket.disconnect();
  }

  get chatsSent(): number {
    return this.chats;
  }

  private walk(): void {
    const here = this.here();
    // Somewhere with room to walk, not into the wall it stands against.
    const choices = DIRECTIONS.filter((d) => d !== this.stroke.direction || !this.stroke.isMoving).filter(
      (d) => travelLimit(this.map, here, d) > 48,
    );
    const direction = choices[Math.floor(this.random() * choices.length)];
    if (!direction) {
      this.after(this.span(this.behaviour.pauseMs), () => this.walk());
      return;
    }
    this.send(here, direction, true);
    if (this.cadence.kind === 'periodic') this.tick(this.cadence.hz);
    this.after(this.span(this.behaviour.strokeMs), () => {
      if (this.random() < this.behaviour.turnChance) this.walk();
      else this.rest();
    });
  }

  private rest(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    this.send(this.here(), this.stroke.direction, false);
    this.after(this.span(this.behaviour.pauseMs), () => this.walk());
  }

  /** A periodic-update client: while walking, its position again and again, each one a new stroke. */
  private tick(hz: number): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = setInterval(() => {
      if (!this.stroke.isMoving || this.stopped) return;
      this.send(this.here(), this.stroke.direction, true);
    }, 1000 / hz);
  }

  private send(position: Point, direction: Direction, isMoving: boolean): void {
    if (this.stopped) return;
    const startedAt = Date.now();
    const move: Required<MoveMessage> = { position, direction, isMoving, startedAt };
    this.stroke = { position, direction, isMoving, startedAt };
    this.limit = isMoving ? travelLimit(this.map, position, direction) : 0;
    this.recorder.sent(this.userId, move);
    this.socket.emit('move', move);
  }

  private scheduleChat(): void {
    // Exponential gaps: a steady trickle with no rhythm.
    const gap = -Math.log(1 - this.random()) * this.behaviour.chatEveryMs;
    this.after(gap, () => {
      const id = `c${randomBytes(6).toString('base64url')}`;
      this.chats++;
      void this.socket
        .timeout(10_000)
        .emitWithAck('chat:send', { id, scope: 'nearby', text: 'Hello from the load generator' })
        .catch(() => {});
      this.scheduleChat();
    });
  }

  private here(): Point {
    return positionAlong(this.stroke, this.limit, Date.now());
  }

  private span([min, max]: [number, number]): number {
    return min + this.random() * (max - min);
  }

  private after(ms: number, fn: () => void): void {
    if (this.stopped) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.stopped) fn();
    }, ms);
    this.timers.add(t);
  }
}
