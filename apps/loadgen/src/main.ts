/**
 * `npm run bench`: how many people one state server holds. For each world size it starts a fresh server process,
 * simulates that many people over the real protocol, and measures movement latency, traffic per person and the server's
 * CPU and memory; optionally the same against periodic-update clients and with a flooding client. It prints a table,
 * writes docs/benchmarks/capacity.json and capacity.svg, and rewrites the capacity section of docs/benchmarks.md.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseOptions, type BenchOptions } from './options';
import { capacityChart, docsSection, resultsTable, verdicts, withDocsSection, type RunInfo } from './report';
import { label, runScenario, type ScenarioResult, type ScenarioSpec } from './Scenario';
import { seededRandom } from '@campus/world';
import { combineTrials } from './trials';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

async function main(argv: string[]): Promise<void> {
  let options: BenchOptions;
  try {
    options = parseOptions(argv);
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 2;
    return;
  }
  const info: RunInfo = {
    command: ['npm run bench', ...(argv.length ? ['--', ...argv] : [])].join(' '),
    date: new Date().toISOString().slice(0, 10),
    cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus().length,
    memoryGB: totalmem() / 2 ** 30,
    node: process.versions.node,
    loadBefore: loadavg()[0] ?? NaN,
  };
  console.log(
    `${info.command}: ${info.cpu}, ${info.cores} cores, load average ${info.loadBefore.toFixed(2)}`,
  );
  const random = seededRandom(options.seed);
  const trials = new Map<string, ScenarioResult[]>();
  const specs: ScenarioSpec[] = [];
  for (const users of options.users) {
    const base: Omit<ScenarioSpec, 'mode'> = {
      users,
      warmup: options.warmup,
      duration: options.duration,
      random,
      say: (line) => console.log(line),
    };
    const at = (sizes: number[] | undefined): boolean => sizes === undefined || sizes.includes(users);
    specs.push({ ...base, mode: 'edge' });
    if (options.periodicHz !== undefined && at(options.periodicUsers))
      specs.push({ ...base, mode: 'periodic', hz: options.periodicHz });
    if (options.floodRate !== undefined && at(options.floodUsers))
      specs.push({ ...base, mode: 'flood', floodRate: options.floodRate });
  }
  // Whole rounds, one after another, so that a noisy minute on the machine hits one trial of each, not all of one.
  for (let round = 1; round <= options.repeat; round++) {
    if (options.repeat > 1) console.log(`round ${round} of ${options.repeat}`);
    for (const spec of specs) {
      const key = `${spec.users} ${spec.mode}`;
      try {
        const result = await runScenario(spec);
        trials.set(key, [...(trials.get(key) ?? []), result]);
        console.log(resultsTable([result]).split('\n').at(-1));
      } catch (err) {
        // A scenario that falls over (the server or this machine overwhelmed) is reported, and the run goes on.
        console.error(`  ${key}: failed: ${String(err)}`);
        (info.failures ??= []).push(
          `${label(spec)} at ${spec.users} people, round ${round}: ${(err as Error).message}`,
        );
      }
    }
  }
  const results = [...trials.values()].map(combineTrials);

  info.loadAfter = loadavg()[0];
  console.log(`\n${resultsTable(results)}\n`);
  for (const v of verdicts(results)) console.log(`- ${v.replace(/\*\*/g, '')}`);

  const outDir = isAbsolute(options.outDir) ? options.outDir : resolve(repoRoot, options.outDir);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'capacity.json'), `${JSON.stringify({ ...info, results }, null, 2)}\n`);
  writeFileSync(join(outDir, 'capacity.svg'), capacityChart(results));
  console.log(`\nwrote ${join(outDir, 'capacity.json')} and capacity.svg`);
  if (options.writeDocs) {
    const docs = join(repoRoot, 'docs/benchmarks.md');
    const existing = existsSync(docs) ? readFileSync(docs, 'utf8') : '# Benchmarks\n';
    writeFileSync(docs, withDocsSection(existing, docsSection(info, results)));
    console.log(`updated the capacity section of ${docs}`);
  }
}

await main(process.argv.slice(2));
