/**
 * axe-core on every screen a browser suite visits (issue 12): each visit saves a screenshot and the axe result, and
 * the test fails on any serious or critical violation. Minor and moderate ones are recorded in
 * test-results/axe/<name>.json for the totals of the closing notes, not failed on.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ExecutionContext } from 'ava';
import type { Page } from 'playwright-core';
import { screenshot, screenshotDir } from './browser';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const axeDir = path.join(path.dirname(screenshotDir), 'axe');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Runs axe-core in the page (WCAG 2.x A and AA rules) and answers its violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<AxeRunResult> } }).axe;
    type AxeRunResult = {
      violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
    };
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.map(String).join(' ')),
    }));
  });
}

/**
 * One visited screen: a screenshot (test-results/screenshots/<name>.png), the axe result (test-results/axe/<name>.json),
 * and a failed assertion listing every serious or critical violation.
 */
export async function checkScreen(t: ExecutionContext, page: Page, name: string): Promise<AxeViolation[]> {
  await screenshot(page, name);
  const violations = await axeViolations(page);
  await mkdir(axeDir, { recursive: true });
  await writeFile(path.join(axeDir, `${name.replace(/[^a-zA-Z0-9._-]+/g, '-')}.json`), JSON.stringify(violations, null, 2));
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  t.deepEqual(
    blocking.map((v) => `${v.impact} ${v.id}: ${v.help} @ ${v.targets.join(' | ')}`),
    [],
    `axe on ${name}: no serious or critical violations`,
  );
  return violations;
}
