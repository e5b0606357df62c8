import { expect, type Page } from '@playwright/test';

/**
 * Fails when the page as it is now does not fit a phone's width: anything wider than the
 * screen (a sideways scroll), or a badge or amount broken over several lines (one character
 * per line in a squeezed table cell).
 */
export async function expectFitsTheScreen(page: Page, where: string) {
  const problems = await page.evaluate(() => {
    const found: string[] = [];
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width) {
      found.push(`the page is ${document.documentElement.scrollWidth}px wide on a ${width}px screen`);
    }
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('.badge, td.num, .totals dd'))) {
      const lines = el.getClientRects().length;
      const style = getComputedStyle(el);
      const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.5;
      const inner = el.getBoundingClientRect().height - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
      if (el.offsetParent !== null && (lines > 1 || inner > lineHeight * 1.6)) {
        found.push(`"${el.textContent?.trim()}" breaks over several lines`);
      }
    }
    return found;
  });
  expect(problems, `layout on ${where}`).toEqual([]);
}

/** `expectFitsTheScreen` at 360 and at 390 px wide, then back to the page's own size. */
export async function expectFitsPhones(page: Page, where: string) {
  const size = page.viewportSize();
  for (const width of [360, 390]) {
    await page.setViewportSize({ width, height: size?.height ?? 800 });
    await expectFitsTheScreen(page, `${where} at ${width} px`);
  }
  if (size) await page.setViewportSize(size);
}

/**
 * Fails when the page, switched to English, still shows Chinese that the interface wrote:
 * everything but `written` (what people typed: names, plates, notes, item names) must be in
 * English. `written` texts are taken out before looking.
 */
export async function expectAllEnglish(page: Page, where: string, written: string[]) {
  const text = await page.locator('main').innerText();
  const left = written.reduce((rest, w) => rest.split(w).join(' '), text);
  const chinese = left.split('\n').filter((line) => /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/.test(line));
  expect(chinese, `Chinese left on ${where} after switching to English`).toEqual([]);
}
