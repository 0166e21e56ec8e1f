import type { ServerToClientEvents } from '@campus/protocol';
import type { Clock, ClientPort } from '../ports';

export type SentEvent = {
  [E in keyof ServerToClientEvents]: { event: E; payload: Parameters<ServerToClientEvents[E]>[0] };
}[keyof ServerToClientEvents];

/** A ClientPort that records what the world sends it. */
export class RecordingPort implements ClientPort {
  readonly sent: SentEvent[] = [];

  send<E extends keyof ServerToClientEvents>(event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    this.sent.push({ event, payload: args[0] } as SentEvent);
  }

  /** Payloads of one event kind, in order. */
  of<E extends keyof ServerToClientEvents>(event: E): Array<Parameters<ServerToClientEvents[E]>[0]> {
    return this.sent.filter((s) => s.event === event).map((s) => s.payload) as Array<
      Parameters<ServerToClientEvents[E]>[0]
    >;
  }
}

/** A clock that only moves when told to. */
export class ManualClock implements Clock {
  constructor(private t = 1_000_000) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}
