import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { expectFitsPhones, expectNoInterfaceChinese } from './layout';

/** Fails on serious or critical accessibility violations of the page as it is now. */
async function axeClean(page: Page, where: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad, `accessibility violations on ${where}`).toEqual([]);
}

/** A portal page (the console's are under /staff) is read on phones. */
async function usable(page: Page, where: string) {
  await axeClean(page, where);
  if (!new URL(page.url()).pathname.startsWith('/staff')) await expectFitsPhones(page, where);
}

/**
 * Fails on serious or critical accessibility violations of the page as it is now — and, for a
 * portal page, when it does not fit a 360 or 390 px phone — in the language it shows and,
 * through the page's own language switch (when it has one), in the other (where, in English,
 * nothing the interface writes may stay Chinese); then switches back, leaving everything typed
 * as it was.
 */
export async function expectAccessible(page: Page, where: string) {
  await usable(page, where);
  const language = page.locator('button.lang-switch');
  if ((await language.count()) !== 1 || !(await language.isVisible())) return;
  const other = (await language.textContent())?.trim() ?? '';
  await language.click();
  await expect(language).not.toHaveText(other);
  await usable(page, `${where} (in ${other})`);
  if (other === 'English') await expectNoInterfaceChinese(page, where);
  await language.click();
  await expect(language).toHaveText(other);
}
