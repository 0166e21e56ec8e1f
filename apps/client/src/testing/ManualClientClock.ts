import type { Cancel, ClientClock } from '../clock';

/** A client clock that moves only when told to; timers and frames run, in order, as it passes their time. */
export class ManualClientClock implements ClientClock {
  private timers: Array<{ at: number; seq: number; callback: () => void }> = [];
  private readonly frames = new Set<(now: number) => void>();
  private seq = 0;

  constructor(
    private t = 10_000,
    /** The wall clock's lead over the monotonic one. */
    private readonly wallOffset = 1_700_000_000_000,
  ) {}

  now(): number {
    return this.t;
  }

  wallNow(): number {
    return this.t + this.wallOffset;
  }

  setTimeout(callback: () => void, ms: number): Cancel {
    const timer = { at: this.t + ms, seq: this.seq++, callback };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  everyFrame(callback: (now: number) => void): Cancel {
    this.frames.add(callback);
    return () => this.frames.delete(callback);
  }

  /** Moves time on by `ms`, firing due timers in order, then one frame at the end. */
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
    for (const frame of [...this.frames]) frame(this.t);
  }
}
