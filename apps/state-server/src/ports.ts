import type { ServerToClientEvents } from '@campus/protocol';

/** What the world logic needs of a connected client: a way to send it an event. Socket.IO is one implementation. */
export interface ClientPort {
  send<E extends keyof ServerToClientEvents>(event: E, ...args: Parameters<ServerToClientEvents[E]>): void;
}

/** The world's sense of time, injected so tests can control it. Milliseconds. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
