import { expect, test } from '@playwright/test';
import { expectAccessible } from '../../support/a11y';
import { brotliBytes, CONSOLE_BUDGET, scriptsLoadedBy, wasmText } from '../../support/bundles';

test('the console loads its own bundle within its budget, without the portal', async ({ page, request }) => {
  // Act
  const scripts = await scriptsLoadedBy(page, '/staff/login');

  // Assert
  expect(scripts.length).toBeGreaterThanOrEqual(2);
  expect(scripts.every((s) => s.startsWith('/staff/'))).toBe(true);
  const bytes = await brotliBytes(request, scripts);
  expect(bytes, `${bytes} bytes of brotli`).toBeLessThanOrEqual(CONSOLE_BUDGET);
  const text = await wasmText(request, scripts.find((s) => s.endsWith('.wasm'))!);
  for (const portalScreen of ['booking-card', 'my-repair']) {
    expect(text.includes(portalScreen), portalScreen).toBe(false);
  }
  expect(text.includes('desk-booking'), 'the console has its own screens').toBe(true);
  await expectAccessible(page, '/staff/login');
});

test('a link from one app into the other loads the other app', async ({ page }) => {
  // Arrange: the console, and a plain link into the portal on its page.
  await page.goto('/staff/login');
  await expect(page.getByRole('button', { name: '登录' })).toBeVisible();
  await page.evaluate(() => {
    const link = document.createElement('a');
    link.href = '/login';
    link.textContent = 'to the portal';
    document.querySelector('main')!.append(link);
  });

  // Act
  await page.getByRole('link', { name: 'to the portal' }).click();

  // Assert: the portal's sign-in page, loaded by the browser (the portal's own bundle).
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByLabel('手机号')).toBeVisible();

  // And back: a portal page's link into the console.
  await page.evaluate(() => {
    const link = document.createElement('a');
    link.href = '/staff/login';
    link.textContent = 'to the console';
    document.querySelector('main')!.append(link);
  });
  await page.getByRole('link', { name: 'to the console' }).click();
  await expect(page).toHaveURL(/\/staff\/login$/);
  await expect(page.getByLabel('用户名')).toBeVisible();
});
