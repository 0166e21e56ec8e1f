import type { Clock } from './ports';

/** One condition for taking traffic, e.g. "listening" or "redis connected"; a throw or a rejection counts as false. */
export type ReadinessCheck = () => boolean | Promise<boolean>;

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, boolean>;
}

/**
 * Whether this node should be sent new clients (`GET /readyz`): ready when every named check passes. Other parts of
 * the server add their own, e.g. `readiness.add('redis', () => redis.isReady)`.
 */
export class Readiness {
  private readonly checks = new Map<string, ReadinessCheck>();

  constructor(
    private readonly clock: Clock,
    /** A check that has not answered by then counts as failed, so a hung dependency cannot hang the probe. */
    private readonly timeoutMs = 2000,
  ) {}

  /** Adds (or replaces) a named check. */
  add(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  async evaluate(): Promise<ReadinessReport> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => [name, await this.run(check)] as const),
    );
    const checks = Object.fromEntries(entries);
    return { ready: entries.every(([, passed]) => passed), checks };
  }

  private run(check: ReadinessCheck): Promise<boolean> {
    return new Promise((resolve) => {
      const cancel = this.clock.setTimeout(() => resolve(false), this.timeoutMs);
      const settle = (passed: boolean): void => {
        cancel();
        resolve(passed);
      };
      try {
        Promise.resolve(check()).then(
          (passed) => settle(passed === true),
          () => settle(false),
        );
      } catch {
        settle(false);
      }
    });
  }
}
