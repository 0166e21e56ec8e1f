import type { ServerToClientEvents } from '@campus/protocol';
import type { Cancel, Clock, ClientPort } from '../ports';

export type SentEvent = {
  [E in keyof ServerToClientEvents]: { event: E; payload: Parameters<ServerToClientEvents[E]>[0] };
}[keyof ServerToClientEvents];

/** A ClientPort that records what the world sends it. */
export class RecordingPort implements ClientPort {
  readonly sent: SentEvent[] = [];
  disconnected = false;

  disconnect(): void {
    this.disconnected = true;
  }

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

/** A clock that only moves when told to; timers fire, in order, as it passes their time. */
export class ManualClock implements Clock {
  private timers: Array<{ at: number; seq: number; callback: () => void }> = [];
  private seq = 0;

  constructor(private t = 1_000_000) {}

  now(): number {
    return this.t;
  }

  setTimeout(callback: () => void, ms: number): Cancel {
    const timer = { at: this.t + ms, seq: this.seq++, callback };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  /** How many timers are waiting to fire. */
  pending(): number {
    return this.timers.length;
  }

  advance(ms: number): void {
    const until = this.t + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.t = due.at;
      due.callback();
    }
    this.t = until;
  }
}
