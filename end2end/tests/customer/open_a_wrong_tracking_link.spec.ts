import { expect, test } from '@playwright/test';
import { expectAccessible } from '../../support/a11y';

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

test('a tracking link that leads nowhere says so and whom to call, without claiming the network is down', async ({ page, context, baseURL }) => {
  for (const [language, title, call] of [
    ['zh-CN', '这个跟踪链接无效或已过期', '致电'],
    ['en', 'This tracking link is not valid or has expired', 'Call'],
  ]) {
    // Arrange
    await context.addCookies([{ name: 'aftersales_lang', value: language, url: baseURL! }]);

    // Act
    await page.goto('/track/a-made-up-token-0000');

    // Assert: a page that names the problem and the outlets' phones; no live badge, because
    // nothing is being retried (the server answered 404): its place is kept, unseen.
    const notFound = page.getByTestId('link-not-found');
    await expect(notFound.getByRole('heading', { name: title })).toBeVisible();
    await expect(notFound.getByRole('link', { name: new RegExp(`^${call} `) }).first()).toHaveAttribute('href', /^tel:/);
    await page.waitForTimeout(1500);
    await expect(page.getByTestId('live-badge')).toBeHidden();
    await expectAccessible(page, `a wrong tracking link (${language})`);
  }
});
