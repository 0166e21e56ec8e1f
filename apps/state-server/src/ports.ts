import type { ServerToClientEvents } from '@campus/protocol';

/** What the world logic needs of one connected session: send it an event, or end it. Socket.IO is one implementation. */
export interface ClientPort {
  send<E extends keyof ServerToClientEvents>(event: E, ...args: Parameters<ServerToClientEvents[E]>): void;
  /** Closes the connection from the server's side (after a takeover). */
  disconnect(): void;
}

/** Cancels a scheduled callback; calling it twice, or after it ran, does nothing. */
export type Cancel = () => void;

/** The world's sense of time, injected so tests can control it: a clock in ms, and timers. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): Cancel;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    handle.unref?.();
    return () => clearTimeout(handle);
  },
};
