import type { ScenarioResult } from './Scenario';

/** Where and how a run was made, printed with its results so they can be compared with another machine's. */
export interface RunInfo {
  command: string;
  date: string;
  cpu: string;
  cores: number;
  memoryGB: number;
  node: string;
  /** The 1-minute load average just before the run: other work on the machine skews the figures. */
  loadBefore: number;
  /** The same, just after the run. */
  loadAfter?: number;
  /** Trials that fell over (the server or the machine overwhelmed), in words. */
  failures?: string[];
}

const fixed = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const kb = (bytes: number): string => fixed(bytes / 1024, 2);

function modeLabel(r: ScenarioResult): string {
  if (r.mode === 'periodic') return `periodic ${r.hz} Hz`;
  if (r.mode === 'flood') return `edge + flooder ${r.floodRate}/s`;
  return 'edge-triggered';
}

/** One row per scenario, as a Markdown table (also readable in a terminal). */
export function resultsTable(results: readonly ScenarioResult[]): string {
  const head = [
    'users',
    'mode',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'moves up /user/s',
    'msgs up /user/s',
    'KB up /user/s',
    'msgs down /user/s',
    'KB down /user/s',
    'server CPU %',
    'server RSS MB',
    'loadgen CPU %',
    'load avg',
  ];
  const rows = results.map((r) => [
    String(r.users),
    modeLabel(r),
    fixed(r.latencyMs.p50),
    fixed(r.latencyMs.p95),
    fixed(r.latencyMs.p99),
    fixed(r.perUser.upMoves, 2),
    fixed(r.perUser.upMessages, 2),
    kb(r.perUser.upBytes),
    fixed(r.perUser.downMessages, 1),
    kb(r.perUser.downBytes),
    `${fixed(r.server.cpuPercent, 0)} (max ${fixed(r.server.cpuPercentMax, 0)})`,
    fixed(r.server.rssMBMax, 0),
    fixed(r.loadgen.cpuPercent, 0),
    fixed(r.loadAverage, 1),
  ]);
  return [head, head.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** How each target of the capacity issue came out, in sentences with the numbers. */
export function verdicts(results: readonly ScenarioResult[]): string[] {
  const edge = results.filter((r) => r.mode === 'edge').sort((a, b) => a.users - b.users);
  const out: string[] = [];
  const ok = (met: boolean): string => (met ? '**met**' : '**missed**');

  const within = edge.filter((r) => r.latencyMs.p99 <= 50 && r.server.survived);
  const best = within.at(-1);
  if (best) {
    out.push(
      `Users in one world at p99 movement latency ≤ 50 ms: **${best.users}** of the sizes tried ` +
        `(p99 ${fixed(best.latencyMs.p99)} ms; server ${fixed(best.server.cpuPercent, 0)} % of a core, ` +
        `${fixed(best.server.rssMBMax, 0)} MB resident). Target at least 1,000: ${ok(best.users >= 1000)}` +
        (edge.some((r) => r.users >= 2000) ? `; stretch 2,000: ${ok(best.users >= 2000)}.` : '.'),
    );
  } else if (edge.length > 0) {
    out.push(`No size tried kept p99 movement latency ≤ 50 ms. Target at least 1,000: **missed**.`);
  }
  const missed = edge.filter((r) => !within.includes(r));
  for (const r of missed) {
    out.push(
      `At ${r.users} users p99 was ${fixed(r.latencyMs.p99)} ms (server ${fixed(r.server.cpuPercent, 0)} % of a core, ` +
        `load generator ${fixed(r.loadgen.cpuPercent, 0)} %).`,
    );
  }
  const spread = edge.filter((r) => r.p99Trials && r.p99Trials.length > 1);
  if (spread.length > 0) {
    out.push(
      'p99 of each trial, edge-triggered: ' +
        spread.map((r) => `${r.users}: ${r.p99Trials!.map((v) => fixed(v)).join(' / ')} ms`).join('; ') +
        '.',
    );
  }

  if (edge.length >= 2) {
    const first = edge[0]!;
    const last = edge.at(-1)!;
    const ratio = last.perUser.downBytes / first.perUser.downBytes;
    const ratios = edge.map((r) => r.perUser.downBytes / first.perUser.downBytes);
    const flat = ratios.every((q) => q >= 0.75 && q <= 1.25);
    const spread = edge.map((r) => `${r.users}: ${kb(r.perUser.downBytes)} KB/s`).join(', ');
    out.push(
      `Downstream bytes per user at constant density, ${first.users} → ${last.users} users: ${spread}; ` +
        `×${fixed(ratio, 2)} end to end, every size within ×${fixed(Math.min(...ratios), 2)}–` +
        `×${fixed(Math.max(...ratios), 2)} of the smallest. Target flat within ±25 %: ${ok(flat)}.`,
    );
  }

  for (const p of results.filter((r) => r.mode === 'periodic')) {
    const e = edge.find((r) => r.users === p.users);
    if (!e) continue;
    const ratio = p.perUser.upMoves / e.perUser.upMoves;
    out.push(
      `${p.users} users, upstream movement messages per user per second: edge-triggered ${fixed(e.perUser.upMoves, 2)}, ` +
        `periodic ${p.hz} Hz ${fixed(p.perUser.upMoves, 2)}: ${fixed(ratio, 1)}× fewer (downstream ` +
        `${kb(e.perUser.downBytes)} vs ${kb(p.perUser.downBytes)} KB/s, p99 ${fixed(e.latencyMs.p99)} vs ` +
        `${fixed(p.latencyMs.p99)} ms). Target at least 10× fewer: ${ok(ratio >= 10)}.`,
    );
  }

  for (const f of results.filter((r) => r.mode === 'flood')) {
    const e = edge.find((r) => r.users === f.users);
    if (!e) continue;
    const ratio = f.latencyMs.p99 / e.latencyMs.p99;
    const flood = f.flood
      ? ` The flooder (its own process, ${fixed(f.flood.cpuPercent, 0)} % of a core) sent ` +
        `${f.flood.sent.toLocaleString('en')} messages and got ${f.flood.rateLimited} RATE_LIMITED ` +
        `errors (the rest over budget were dropped unanswered)` +
        (f.flood.closed > 0
          ? `; it was closed ${f.flood.closed} times (TOO_MANY_MESSAGES) and came back each time as someone new.`
          : '.')
      : '';
    out.push(
      `${f.users} users, p99 of normal users without and with one client flooding ${f.floodRate} msg/s: ` +
        `${fixed(e.latencyMs.p99)} vs ${fixed(f.latencyMs.p99)} ms (×${fixed(ratio, 2)}). ` +
        `Target within 2×: ${ok(ratio <= 2)}.${flood}`,
    );
  }
  return out;
}

/** The section of docs/benchmarks.md between the capacity markers. */
export function docsSection(info: RunInfo, results: readonly ScenarioResult[]): string {
  return [
    '<!-- bench:capacity -->',
    '## Capacity: people in one world, traffic per person, hostile clients',
    '',
    `Command: \`${info.command}\` — ${info.date}, on ${info.cpu} (${info.cores} cores, ${fixed(info.memoryGB, 0)} GB), ` +
      `Node ${info.node}; load average ${fixed(info.loadBefore, 2)} before the run` +
      (info.loadAfter !== undefined ? ` and ${fixed(info.loadAfter, 2)} after` : '') +
      '. The server runs as its own process ' +
      'on 127.0.0.1 and the load generator on the same machine, so they share its cores; both CPU figures are in % of ' +
      'one core. Written by `npm run bench` (apps/loadgen); the raw numbers are in ' +
      '[benchmarks/capacity.json](benchmarks/capacity.json).',
    '',
    ...(trialsOf(results) > 1
      ? [
          `Every figure is the median of ${trialsOf(results)} trials, run as whole rounds one after another ` +
            '(the p99 of each trial is in the JSON, `p99Trials`)' +
            (info.failures?.length ? `; trials that failed are left out: ${info.failures.join('; ')}.` : '.'),
          '',
        ]
      : info.failures?.length
        ? [`Failed: ${info.failures.join('; ')}.`, '']
        : []),
    '![Movement latency and downstream traffic per person against people in the world](benchmarks/capacity.svg)',
    '',
    ...verdicts(results).map((v) => `- ${v}`),
    '',
    resultsTable(results),
    '<!-- /bench:capacity -->',
  ].join('\n');
}

function trialsOf(results: readonly ScenarioResult[]): number {
  return Math.max(...results.map((r) => r.trials ?? 1));
}

/** Replaces the capacity section of `existing` (or appends one). */
export function withDocsSection(existing: string, section: string): string {
  const pattern = /<!-- bench:capacity -->[\s\S]*<!-- \/bench:capacity -->/;
  return pattern.test(existing)
    ? existing.replace(pattern, () => section)
    : `${existing.trimEnd()}\n\n${section}\n`;
}

/**
 * Two line charts side by side, as a self-contained SVG: movement latency (p50, p99; and p99 with the flooder and
 * with periodic clients) against people in the world, with the 50 ms target; and downstream KB per person per second.
 */
export function capacityChart(results: readonly ScenarioResult[]): string {
  const W = 960;
  const H = 360;
  const panelW = 360;
  const panelH = 240;
  const top = 50;
  const lefts = [70, 560];
  const users = [...new Set(results.map((r) => r.users))].sort((a, b) => a - b);
  const maxUsers = Math.max(...users, 1);
  const series = (mode: string, pick: (r: ScenarioResult) => number): Array<[number, number]> =>
    results
      .filter((r) => r.mode === mode)
      .sort((a, b) => a.users - b.users)
      .map((r) => [r.users, pick(r)] as [number, number])
      .filter(([, v]) => Number.isFinite(v));
  const latency = [
    {
      name: 'p50 edge-triggered',
      color: '#5b8def',
      dash: '',
      points: series('edge', (r) => r.latencyMs.p50),
    },
    {
      name: 'p99 edge-triggered',
      color: '#1f3f99',
      dash: '',
      points: series('edge', (r) => r.latencyMs.p99),
    },
    {
      name: 'p99 with flooder',
      color: '#d9480f',
      dash: '6 4',
      points: series('flood', (r) => r.latencyMs.p99),
    },
    {
      name: 'p99 periodic',
      color: '#7b8794',
      dash: '2 3',
      points: series('periodic', (r) => r.latencyMs.p99),
    },
  ].filter((s) => s.points.length > 0);
  const bytes = [
    {
      name: 'edge-triggered',
      color: '#1f3f99',
      dash: '',
      points: series('edge', (r) => r.perUser.downBytes / 1024),
    },
    {
      name: 'periodic',
      color: '#7b8794',
      dash: '2 3',
      points: series('periodic', (r) => r.perUser.downBytes / 1024),
    },
  ].filter((s) => s.points.length > 0);
  // Latency is scaled to the edge-triggered runs and the target; a saturated periodic run goes off the top, labelled.
  const scaleLatency = latency.filter((l) => !l.name.includes('periodic'));
  const panels = [
    {
      title: 'Movement latency, send → each observer (ms)',
      lines: latency,
      scaleBy: scaleLatency.length > 0 ? scaleLatency : latency,
      target: 50,
    },
    { title: 'Downstream per person (KB/s)', lines: bytes, scaleBy: bytes, target: undefined },
  ];
  const parts: string[] = [];
  panels.forEach((panel, i) => {
    const left = lefts[i]!;
    const values = panel.scaleBy.flatMap((l) => l.points.map(([, v]) => v));
    const maxY = niceMax(Math.max(...values, (panel.target ?? 0) * 1.5, 1e-9) * 1.1);
    const x = (u: number): number => left + (u / maxUsers) * panelW;
    const y = (v: number): number => top + panelH - (Math.min(v, maxY) / maxY) * panelH;
    parts.push(
      `<text x="${left}" y="${top - 18}" font-size="14" font-weight="bold">${esc(panel.title)}</text>`,
    );
    parts.push(
      `<line x1="${left}" y1="${top + panelH}" x2="${left + panelW}" y2="${top + panelH}" stroke="#333"/>`,
      `<line x1="${left}" y1="${top}" x2="${left}" y2="${top + panelH}" stroke="#333"/>`,
    );
    for (let k = 0; k <= 4; k++) {
      const v = (maxY * k) / 4;
      parts.push(
        `<line x1="${left}" y1="${y(v)}" x2="${left + panelW}" y2="${y(v)}" stroke="#ddd"/>`,
        `<text x="${left - 6}" y="${y(v) + 4}" font-size="11" text-anchor="end">${fmt(v)}</text>`,
      );
    }
    for (const u of users) {
      parts.push(
        `<text x="${x(u)}" y="${top + panelH + 16}" font-size="11" text-anchor="middle">${u}</text>`,
      );
    }
    parts.push(
      `<text x="${left + panelW / 2}" y="${top + panelH + 34}" font-size="12" text-anchor="middle">people in the world</text>`,
    );
    if (panel.target !== undefined) {
      parts.push(
        `<line x1="${left}" y1="${y(panel.target)}" x2="${left + panelW}" y2="${y(panel.target)}" stroke="#2b8a3e" stroke-dasharray="8 4"/>`,
        `<text x="${left + panelW - 4}" y="${y(panel.target) - 4}" font-size="11" text-anchor="end" fill="#2b8a3e">target ${panel.target} ms</text>`,
      );
    }
    panel.lines.forEach((line, j) => {
      const d = line.points
        .map(([u, v], k) => `${k === 0 ? 'M' : 'L'}${x(u).toFixed(1)},${y(v).toFixed(1)}`)
        .join(' ');
      parts.push(
        `<path d="${d}" fill="none" stroke="${line.color}" stroke-width="2"${line.dash ? ` stroke-dasharray="${line.dash}"` : ''}/>`,
      );
      for (const [u, v] of line.points) {
        parts.push(`<circle cx="${x(u).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" fill="${line.color}"/>`);
        if (v > maxY) {
          parts.push(
            `<text x="${(x(u) + 5).toFixed(1)}" y="${(y(v) + 12).toFixed(1)}" font-size="10" fill="${line.color}">↑ ${fmt(v)}</text>`,
          );
        }
      }
      const ly = top + panelH + 52 + j * 16;
      parts.push(
        `<line x1="${left}" y1="${ly - 4}" x2="${left + 24}" y2="${ly - 4}" stroke="${line.color}" stroke-width="2"${line.dash ? ` stroke-dasharray="${line.dash}"` : ''}/>`,
        `<text x="${left + 30}" y="${ly}" font-size="11">${esc(line.name)}</text>`,
      );
    });
  });
  const height = H + 16 * Math.max(latency.length, bytes.length);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}" font-family="sans-serif">`,
    `<rect width="${W}" height="${height}" fill="#fff"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

function niceMax(v: number): number {
  const step = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * step >= v) return m * step;
  return 10 * step;
}

function fmt(v: number): string {
  if (v === 0) return '0';
  return v >= 10 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toFixed(2);
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
