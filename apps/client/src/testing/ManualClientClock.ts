import { ManualClock } from '@campus/state-server/testing';
import type { Cancel, ClientClock } from '../clock';

/**
 * A client clock that moves only when told to: the server's ManualClock (timers fire in order as it passes their
 * time), plus a wall clock and frames, one of which runs at the end of each `advance`.
 */
export class ManualClientClock extends ManualClock implements ClientClock {
  private readonly frames = new Set<(now: number) => void>();

  constructor(
    start = 10_000,
    /** The wall clock's lead over the monotonic one. */
    private readonly wallOffset = 1_700_000_000_000,
  ) {
    super(start);
  }

  wallNow(): number {
    return this.now() + this.wallOffset;
  }

  everyFrame(callback: (now: number) => void): Cancel {
    this.frames.add(callback);
    return () => this.frames.delete(callback);
  }

  /** How many frame loops are running. */
  frameCallbacks(): number {
    return this.frames.size;
  }

  /** Moves time on by `ms`, firing due timers in order, then one frame at the end. */
  override advance(ms: number): void {
    super.advance(ms);
    for (const frame of [...this.frames]) frame(this.now());
  }
}
