import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** Fails on serious or critical accessibility violations of the page as it is now. */
async function axeClean(page: Page, where: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad, `accessibility violations on ${where}`).toEqual([]);
}

/**
 * Fails on serious or critical accessibility violations of the page as it is now, in the
 * language it shows and, through the page's own language switch (when it has one), in the
 * other; then switches back, leaving everything typed as it was.
 */
export async function expectAccessible(page: Page, where: string) {
  await axeClean(page, where);
  const language = page.locator('button.lang-switch');
  if ((await language.count()) !== 1 || !(await language.isVisible())) return;
  const other = (await language.textContent())?.trim() ?? '';
  await language.click();
  await expect(language).not.toHaveText(other);
  await axeClean(page, `${where} (in ${other})`);
  await language.click();
  await expect(language).toHaveText(other);
}
