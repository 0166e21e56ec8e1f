import { MAX_USERS } from './openMap';

/** What one `npm run bench` run measures. */
export interface BenchOptions {
  /** World sizes to measure, in simulated people. */
  users: number[];
  /** Seconds of measurement per scenario, after the warm-up. */
  duration: number;
  warmup: number;
  /** Also run each size with clients that send their position this many times a second while walking. */
  periodicHz: number | undefined;
  /** The sizes to run periodic clients at (all of `users` when undefined). */
  periodicUsers: number[] | undefined;
  /** Also run each size with one extra client flooding the server (messages a second). */
  floodRate: number | undefined;
  /** The sizes to run the flooder at (all of `users` when undefined). */
  floodUsers: number[] | undefined;
  /** Where the JSON and the SVG chart go; the docs section is written next to it. */
  outDir: string;
  /** Rewrite the capacity section of docs/benchmarks.md. */
  writeDocs: boolean;
  seed: number;
  /** Trials of every scenario; each figure reported is the median. */
  repeat: number;
}

export const DEFAULTS: BenchOptions = {
  users: [100, 250, 500, 1000],
  duration: 20,
  warmup: 5,
  periodicHz: undefined,
  periodicUsers: undefined,
  floodRate: undefined,
  floodUsers: undefined,
  outDir: 'docs/benchmarks',
  writeDocs: true,
  seed: 1,
  repeat: 1,
};

export const USAGE = `npm run bench -- [options]

  --users 100,250,500,1000   world sizes to measure (simulated people)
  --duration 20              seconds measured per scenario (after the warm-up)
  --warmup 5                 seconds of warm-up per scenario
  --periodic 10              also run each size with clients that send positions at this rate while walking
  --periodic-users 100,500   ...but only these sizes
  --flood [5000]             also run each size with one client flooding this many messages a second
  --flood-users 100,1000     ...but only these sizes
  --out docs/benchmarks      where to write capacity.json and capacity.svg
  --no-docs                  do not rewrite the capacity section of docs/benchmarks.md
  --seed 1                   random seed for the simulated people
  --repeat 3                 run everything this many times and report the median of each figure`;

/** Reads the command line; throws with a message naming the bad option. */
export function parseOptions(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = { ...DEFAULTS, users: [...DEFAULTS.users] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${arg} needs a value`);
      return v;
    };
    const number = (min: number): number => {
      const raw = value();
      const n = Number(raw);
      if (!Number.isFinite(n) || n < min)
        throw new Error(`${arg} must be a number of at least ${min}, not "${raw}"`);
      return n;
    };
    const sizes = (): number[] =>
      value()
        .split(',')
        .map((s) => {
          const n = Number(s.trim());
          if (!Number.isInteger(n) || n < 2)
            throw new Error(`${arg} takes whole numbers of at least 2, not "${s}"`);
          if (n > MAX_USERS)
            throw new Error(`${arg}: at most ${MAX_USERS} (the largest map at constant density)`);
          return n;
        });
    switch (arg) {
      case '--users':
        options.users = sizes();
        break;
      case '--periodic-users':
        options.periodicUsers = sizes();
        break;
      case '--flood-users':
        options.floodUsers = sizes();
        break;
      case '--duration':
        options.duration = number(1);
        break;
      case '--warmup':
        options.warmup = number(0);
        break;
      case '--periodic':
        options.periodicHz = number(0.1);
        break;
      case '--flood': {
        const next = argv[i + 1];
        options.floodRate = next !== undefined && /^\d+$/.test(next) ? number(1) : 5000;
        break;
      }
      case '--out':
        options.outDir = value();
        break;
      case '--no-docs':
        options.writeDocs = false;
        break;
      case '--seed':
        options.seed = number(0);
        break;
      case '--repeat':
        options.repeat = Math.round(number(1));
        break;
      case '--help':
      case '-h':
        throw new Error(USAGE);
      default:
        throw new Error(`unknown option ${arg}\n\n${USAGE}`);
    }
  }
  return options;
}
