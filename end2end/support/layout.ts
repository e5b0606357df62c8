import { expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

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

/**
 * The interface's own Chinese: every piece of the zh-CN translations between its
 * placeholders that holds three or more Chinese characters (shorter pieces could be part of
 * what people type), and dates as the Chinese pattern writes them.
 */
const interfaceChinese: string[] = (() => {
  const texts: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === 'string') texts.push(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(JSON.parse(readFileSync(join(__dirname, '../../locales/zh-CN.json'), 'utf8')));
  return texts
    .flatMap((text) => text.split(/\{\{[^}]*\}\}/))
    .map((piece) => piece.trim())
    .filter((piece) => (piece.match(/[\u4e00-\u9fff]/g) ?? []).length >= 3);
})();

/**
 * Fails when the page, in English, still shows text the interface writes in Chinese (a
 * translation, a confirmation or a date that did not follow the switch). What people wrote is
 * not looked at.
 */
export async function expectNoInterfaceChinese(page: Page, where: string) {
  // What people wrote is marked in the page (reasons, notes, the customer's words, messages
  // as they were sent): it is left out while reading.
  const text = await page.evaluate(() => {
    // Through the CSSOM: the page's CSP refuses a <style> element added by script.
    const written = Array.from(
      document.querySelectorAll<HTMLElement>('.reason, .words, .message .text, [data-written]'),
    );
    const before = written.map((el) => el.style.display);
    written.forEach((el) => el.style.setProperty('display', 'none', 'important'));
    const shown = document.body.innerText;
    written.forEach((el, i) => {
      el.style.display = before[i];
    });
    return shown;
  });
  const pieces = [...interfaceChinese.filter((piece) => text.includes(piece)), ...(text.match(/\d{1,2}月\d{1,2}日/g) ?? [])];
  // Each line where such a piece stands, to find it on the page.
  const lines = text.split('\n').filter((line) => pieces.some((piece) => line.includes(piece)));
  // With the element that shows it, to find it in the code.
  const found = await page.evaluate((lines) => {
    const all = Array.from(document.body.querySelectorAll<HTMLElement>('*'));
    return lines.map((line) => {
      const holder = all.filter((el) => el.innerText?.includes(line)).pop();
      return `${line} — in <${holder?.tagName.toLowerCase()} class="${holder?.className ?? ''}">`;
    });
  }, [...new Set(lines)]);
  expect(found, `the interface's Chinese on ${where} in English`).toEqual([]);
}
