import { expect, request as playwrightRequest, test } from '@playwright/test';
import { expectAccessible } from '../../support/a11y';
import { brotliBytes, isWebAssembly, PORTAL_BUDGET, PORTAL_OTHER_PAGES_BUDGET, scriptsLoadedBy, wasmInitiators, wasmText } from '../../support/bundles';
import { customerWithCar } from '../../support/data';
import { trackingLink } from '../../support/repair';

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

test('the portal pages a phone opens first load only the portal, within its budget', async ({ page, request, baseURL }) => {
  // Arrange: a customer's car in the workshop, and its tracking link.
  const [customer, desk, workshop] = await Promise.all([1, 2, 3].map(() => playwrightRequest.newContext({ baseURL })));
  const { phone } = await customerWithCar(customer, '孙女士', '苏E27183');
  const tracking = await trackingLink(desk, workshop, phone, '苏E27183');

  for (const path of ['/', '/login', tracking]) {
    // Arrange & Act
    const scripts = await scriptsLoadedBy(page, path);

    // Assert: the portal's own bundle, nothing of the console's, within the budget.
    expect(scripts.length, path).toBeGreaterThanOrEqual(2);
    expect(scripts.filter((s) => s.startsWith('/staff/')), path).toEqual([]);
    const bytes = await brotliBytes(request, scripts);
    expect(bytes, `${path}: ${bytes} bytes of brotli`).toBeLessThanOrEqual(PORTAL_BUDGET);
    // The page's own modules came with the main module (asked for by index.html), not after it.
    const initiators = await wasmInitiators(page);
    expect(initiators.length, path).toBeGreaterThanOrEqual(2);
    expect(initiators.filter((i) => !i.endsWith(' link')), path).toEqual([]);
    await expectAccessible(page, path);

    // No console screen is inside: their markers are absent from every WebAssembly module the
    // page loaded (the portal's main module and the pack of the page it opened).
    const modules = scripts.filter(isWebAssembly);
    const text = (await Promise.all(modules.map((m) => wasmText(request, m)))).join('\n');
    for (const consoleScreen of ['desk-booking', 'check-in-sheet', 'tracking-qr', 'waiting-job', 'complaint-row']) {
      expect(text.includes(consoleScreen), `${consoleScreen} in ${modules}`).toBe(false);
    }
    // (Each page's own code comes with it, and only with it.)
    expect(text.includes('booking-card'), 'the portal has its own screens').toBe(path === '/');
  }
  await Promise.all([customer, desk, workshop].map((c) => c.dispose()));
});

test("the portal's other pages stay within theirs, and another release's file is not found", async ({ page, request }) => {
  // Act
  const scripts = await scriptsLoadedBy(page, '/survey/a-link-from-a-text-message');
  const missing = await request.get('/portal_home-0123456789abcdef.pack');

  // Assert
  const bytes = await brotliBytes(request, scripts);
  expect(bytes, `a survey link: ${bytes} bytes of brotli`).toBeLessThanOrEqual(PORTAL_OTHER_PAGES_BUDGET);
  expect(missing.status()).toBe(404);
  expect(missing.headers()['content-type'] ?? '').not.toContain('text/html');
});

test('the frame is painted in the saved language before the app arrives, and nothing moves when it takes over', async ({ page, context, baseURL }) => {
  // Every layout shift the page makes, summed (the page's own measure, as Lighthouse's CLS).
  await page.addInitScript(() => {
    (window as unknown as { shifts: number }).shifts = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) {
        if (!entry.hadRecentInput) (window as unknown as { shifts: number }).shifts += entry.value;
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  for (const [language, loading, signIn] of [
    ['zh-CN', '正在加载…', '登录'],
    ['en', 'Loading…', 'Sign in'],
  ]) {
    // Arrange: the saved language, and a WebAssembly download that waits for the test.
    await context.addCookies([{ name: 'aftersales_lang', value: language, url: baseURL! }]);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/*.wasm', async (route) => {
      await held;
      await route.continue();
    });

    // Act: the page as it is before the app.
    await page.goto('/login', { waitUntil: 'commit' });
    const frame = page.locator('#boot');
    // (innerText: what is shown, without the other language's hidden words)
    await expect.poll(() => frame.getByRole('status').innerText()).toBe(loading);
    await expect(frame.getByRole('link', { name: signIn })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', language);
    const barBefore = await frame.locator('.topbar').boundingBox();
    await expectAccessible(page, `the frame (${language})`);

    // Then the app arrives.
    release();
    await expect(page.locator('#boot')).toHaveCount(0);
    await expect(page.getByRole('button', { name: signIn })).toBeVisible();

    // Assert: the app's top bar sits where the frame's was; nothing shifted.
    const barAfter = await page.locator('header.topbar').boundingBox();
    expect(barAfter?.y).toBe(barBefore?.y);
    expect(barAfter?.height).toBe(barBefore?.height);
    expect(await page.evaluate(() => (window as unknown as { shifts: number }).shifts)).toBeLessThan(0.01);
    await page.unroute('**/*.wasm');
  }
});

test('what the first screen waits for is asked while the code downloads, and only once', async ({ page }) => {
  for (const [path, endpoint, shown] of [
    ['/', '/api/auth/me', page.locator('section.hero h1')],
    // A link that leads nowhere: the server's "not found" is the answer the page shows.
    ['/track/a-made-up-token-0001', '/api/orders/track', page.getByTestId('link-not-found')],
  ] as const) {
    // Arrange: a WebAssembly download that waits for the test; every ask of the endpoint counted.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/*.wasm', async (route) => {
      await held;
      await route.continue();
    });
    const asked: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === endpoint) asked.push(r.method());
    });

    // Act
    await page.goto(path, { waitUntil: 'commit' });
    await expect.poll(() => asked.length, `${path}: asked before the code arrived`).toBe(1);
    release();

    // Assert: the page shows the answer it was given, without asking again.
    await expect(shown).toBeVisible();
    await page.waitForTimeout(500);
    expect(asked, path).toEqual(['POST']);
    await page.unroute('**/*.wasm');
    page.removeAllListeners('request');
  }
});

test('a page whose code cannot be fetched says so, and comes when tried again', async ({ page }) => {
  // Arrange: the connection drops while the sign-in pages' pack downloads.
  const accountModule = /\/portal_account-[0-9a-f]+\.pack$/;
  await page.route(accountModule, (route) => route.abort('internetdisconnected'));

  // Act
  await page.goto('/login');

  // Assert: the frame stays, and the page says what happened instead of a dead app.
  const alert = page.getByTestId('page-not-loaded');
  await expect(alert.getByRole('heading', { name: '这个页面没能加载' })).toBeVisible();
  await expect(page.locator('header.topbar')).toBeVisible();
  await expectAccessible(page, 'a page that did not load');

  // Then the connection is back, and trying again brings the page.
  await page.unroute(accountModule);
  await alert.getByRole('button', { name: '重试' }).click();
  await expect(page.getByRole('button', { name: '登录' })).toBeVisible();
});
