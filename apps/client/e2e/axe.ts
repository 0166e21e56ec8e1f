// axe-core (the npm package) injected into a page: what a school's accessibility audit would flag.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  /** The elements at fault, by selector, with axe's summary of what is wrong with the first. */
  nodes: string[];
  summary: string;
}

/**
 * Runs axe-core's WCAG 2.x A and AA rules over what the page shows now and returns the serious and critical
 * violations, each with the elements at fault. Hidden parts of the page are not audited (axe skips them).
 */
export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    type Result = {
      id: string;
      impact: string | null;
      help: string;
      nodes: Array<{ target: unknown[]; failureSummary?: string }>;
    };
    const axe = (
      window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: Result[] }> } }
    ).axe;
    const { violations } = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact ?? '',
        help: v.help,
        nodes: v.nodes.map((n) => n.target.join(' ')),
        summary: v.nodes[0]?.failureSummary ?? '',
      }));
  });
}

/** The violations as a readable list, for an assertion's message. */
export function describeFindings(findings: AxeFinding[]): string {
  return findings
    .map(
      (f) =>
        `${f.impact} ${f.id}: ${f.help}\n  at ${f.nodes.slice(0, 6).join(', ')}\n  ${f.summary.replace(/\n/g, ' ')}`,
    )
    .join('\n');
}
