import { browserClock, type Cancel, type ClientClock } from '../clock';

/**
 * Reconnect delays: exponential, capped, with full jitter (a uniformly random wait between zero and the cap for that
 * attempt), so a crowd disconnected at once by a server restart does not come back at once.
 */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly baseMs = 500,
    private readonly capMs = 15_000,
    private readonly random: () => number = Math.random,
  ) {}

  /** The ceiling for the next wait, before jitter. */
  get ceiling(): number {
    return Math.min(this.capMs, this.baseMs * 2 ** this.attempt);
  }

  /** The next wait in ms; each call backs off further. */
  next(): number {
    const delay = Math.floor(this.random() * this.ceiling);
    this.attempt = Math.min(this.attempt + 1, 30);
    return delay;
  }

  reset(): void {
    this.attempt = 0;
  }
}

/** Tries `attempt` again and again, waiting Backoff delays in between, until told it succeeded or to stop. */
export class RetryLoop {
  private timer: Cancel | undefined;
  private running = false;

  constructor(
    private readonly attempt: () => void,
    private readonly backoff: Backoff,
    private readonly onWait: (ms: number) => void = () => {},
    private readonly clock: ClientClock = browserClock,
  ) {}

  get active(): boolean {
    return this.running;
  }

  /** Schedules the next attempt (call again after each failure); `waitMs` overrides the backoff for this one. */
  retry(waitMs?: number): void {
    this.running = true;
    if (this.timer !== undefined) return;
    const wait = waitMs ?? this.backoff.next();
    this.onWait(wait);
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      if (this.running) this.attempt();
    }, wait);
  }

  succeeded(): void {
    this.stop();
    this.backoff.reset();
  }

  stop(): void {
    this.running = false;
    this.timer?.();
    this.timer = undefined;
  }
}
