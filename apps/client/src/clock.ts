/** Stops a timer or a frame loop. */
export type Cancel = () => void;

/**
 * The client's time and timers, injected so its controllers run in unit tests on a clock the test moves (like the
 * server's `Clock`). `now` is this page's monotonic clock (performance.now), `wallNow` the wall clock (Date.now).
 */
export interface ClientClock {
  now(): number;
  wallNow(): number;
  setTimeout(callback: () => void, ms: number): Cancel;
  /** Calls `callback` once per frame with the time, until cancelled. */
  everyFrame(callback: (now: number) => void): Cancel;
}

/** The browser's clock: performance.now, Date.now, setTimeout and requestAnimationFrame. */
export const browserClock: ClientClock = {
  now: () => performance.now(),
  wallNow: () => Date.now(),
  setTimeout(callback, ms) {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
  everyFrame(callback) {
    let running = true;
    let frame = 0;
    const loop = (): void => {
      if (!running) return;
      callback(performance.now());
      frame = requestAnimationFrame(loop);
    };
    frame = requestAnimationFrame(loop);
    return () => {
      running = false;
      cancelAnimationFrame(frame);
    };
  },
};
