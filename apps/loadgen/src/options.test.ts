import { describe, expect, it } from 'vitest';
import { DEFAULTS, parseOptions } from './options';

describe('parseOptions', () => {
  it('measures the usual sizes, edge-triggered only, by default', () => {
    expect(parseOptions([])).toEqual(DEFAULTS);
    expect(DEFAULTS.users).toEqual([100, 250, 500, 1000]);
  });

  it('reads every option', () => {
    expect(
      parseOptions([
        '--users',
        '50, 200',
        '--duration',
        '5',
        '--warmup',
        '1',
        '--periodic',
        '10',
        '--periodic-users',
        '50',
        '--flood',
        '--out',
        '/tmp/x',
        '--no-docs',
        '--seed',
        '7',
        '--repeat',
        '3',
      ]),
    ).toEqual({
      users: [50, 200],
      duration: 5,
      warmup: 1,
      periodicHz: 10,
      periodicUsers: [50],
      floodRate: 5000,
      floodUsers: undefined,
      outDir: '/tmp/x',
      writeDocs: false,
      seed: 7,
      repeat: 3,
    });
    expect(parseOptions(['--flood', '2000']).floodRate).toBe(2000);
  });

  it('refuses what it cannot use, saying which option', () => {
    expect(() => parseOptions(['--users', '10,abc'])).toThrow(/--users/);
    expect(() => parseOptions(['--users', '100000'])).toThrow(/at most/);
    expect(() => parseOptions(['--duration'])).toThrow(/--duration needs a value/);
    expect(() => parseOptions(['--periodic', '-1'])).toThrow(/--periodic/);
    expect(() => parseOptions(['--fast'])).toThrow(/unknown option --fast/);
  });
});
