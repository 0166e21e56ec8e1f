import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const docsFile = fileURLToPath(new URL('../../../docs/benchmarks.md', import.meta.url));

/** The value at quantile `q` (0–1) of ascending `sorted`, interpolated; NaN for none. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (i - lo);
}

/**
 * Puts `section` (which starts with `<!-- marker -->` and ends with `<!-- /marker -->`) into docs/benchmarks.md,
 * in place of the one before it, or at the end.
 */
export function writeSection(marker: string, section: string): void {
  const existing = existsSync(docsFile)
    ? readFileSync(docsFile, 'utf8')
    : "# Benchmarks\n\nFigures measured on this project's 2-core machine; they are noisy, so each is a median of repeated trials.\n";
  const start = `<!-- ${marker} -->`;
  const end = `<!-- /${marker} -->`;
  const from = existing.indexOf(start);
  const to = existing.indexOf(end);
  const next =
    from >= 0 && to > from
      ? existing.slice(0, from) + section + existing.slice(to + end.length)
      : `${existing.trimEnd()}\n\n${section}\n`;
  writeFileSync(docsFile, next);
}

/** Writes `section` into docs/benchmarks.md (see writeSection) and prints it. */
export function publishSection(marker: string, section: string): void {
  writeSection(marker, section);
  console.log(`\n${section}\n`);
}

/**
 * Watches this process's event loop: how late a 100 ms timer fires, at worst, since `worst()` was last read. A
 * benchmark whose processes stall says so, rather than reporting their stalls as the system's latency.
 */
export function watchEventLoop(): { worst(): number; stop(): void } {
  let expected = Date.now() + 100;
  let worst = 0;
  const timer = setInterval(() => {
    const now = Date.now();
    worst = Math.max(worst, now - expected);
    expected = now + 100;
  }, 100);
  timer.unref();
  return {
    worst: () => {
      const w = worst;
      worst = 0;
      return w;
    },
    stop: () => clearInterval(timer),
  };
}
