import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/**
 * axe-core's violations on the page as it is, at any impact. Rules that do not apply are disabled
 * here, and only here, each with its reason (none so far).
 */
const disabledRules: Record<string, string> = {};

export async function axeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).disableRules(Object.keys(disabledRules)).analyze();
  return results.violations.map((violation) => ({
    rule: violation.id,
    impact: violation.impact,
    nodes: violation.nodes.slice(0, 3).map((node) => node.target.join(' ')),
  }));
}
