import { expect, test, type Browser } from '@playwright/test';
import { expectAccessible } from '../../support/a11y';
import { expectAllEnglish, expectFitsTheScreen } from '../../support/layout';

/** The quarter before this one, as the quarter field takes it (`2026-Q3`), in Shanghai. */
function lastQuarter(): string {
  const now = new Date(Date.now() + 8 * 3600_000);
  const q = Math.floor(now.getUTCMonth() / 3);
  return q === 0 ? `${now.getUTCFullYear() - 1}-Q4` : `${now.getUTCFullYear()}-Q${q}`;
}

async function signIn(browser: Browser, baseURL: string | undefined, username: string) {
  const tablet = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
  const page = await tablet.newPage();
  await page.goto('/staff/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill('demo1234');
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('link', { name: '服务积分' }).click();
  await expect(page.getByRole('heading', { name: '服务积分', level: 1 })).toBeVisible();
  await page.getByLabel('季度').fill(lastQuarter());
  await page.getByRole('button', { name: '查看' }).click();
  await expect(page.getByTestId('scores-period')).toContainText(lastQuarter());
  return page;
}

test('an advisor sees their own service points, the outlet manager their people ranked, and headquarters sets the weights', async ({ browser, baseURL }) => {
  // The advisor: her own card only, and how points are given.
  const advisor = await signIn(browser, baseURL, 'advisor');
  const own = advisor.getByTestId('scorecard');
  await expect(own).toHaveCount(1);
  await expect(own).toContainText('刘婷');
  await expect(own).toContainText('服务顾问');
  await expect(own).toContainText(/门店第 \d+ 名，区域第 \d+ 名/);
  await expect(advisor.getByTestId('points-rule')).toContainText('每次返修扣 5 分');
  await expect(advisor.getByTestId('weights-form')).toHaveCount(0);

  // The outlet manager: every advisor and technician at Pudong, best first.
  const manager = await signIn(browser, baseURL, 'admin');
  const cards = manager.getByTestId('scorecard');
  expect(await cards.count()).toBeGreaterThan(1);
  await expect(cards.first()).toContainText('门店第 1 名');
  await expect(manager.getByTestId('scorecard').filter({ hasText: '技师' }).first()).toBeVisible();
  await expectAccessible(manager, 'service points');
  await expectFitsTheScreen(manager, 'service points');
  const names = await manager.locator('[data-testid="scorecard"] .kpi-name').allInnerTexts();
  await manager.getByRole('button', { name: 'English' }).click();
  await expect(manager.getByRole('heading', { name: 'Service points', level: 1 })).toBeVisible();
  await expectAllEnglish(manager, 'service points', names.map((n) => n.trim()));
  await expectAccessible(manager, 'service points in English');

  // Headquarters: a weight out of range is explained at its field; a right one is saved.
  const hq = await signIn(browser, baseURL, 'hqadmin');
  const form = hq.getByTestId('weights-form');
  await form.getByLabel('每次返修扣分').fill('101');
  await form.getByRole('button', { name: '保存积分规则' }).click();
  await expect(hq.locator('#weight-comeback-error')).toContainText('0 到 100 之间的整数');
  await form.getByLabel('每次返修扣分').fill('6');
  await form.getByRole('button', { name: '保存积分规则' }).click();
  await expect(hq.getByRole('status').filter({ hasText: '积分规则已保存' })).toBeVisible();
  await expect(hq.getByTestId('points-rule')).toContainText('每次返修扣 6 分');
  await expectAccessible(hq, 'service points with the weights');
  // Put back (other specs read the default rules).
  await form.getByLabel('每次返修扣分').fill('5');
  await form.getByRole('button', { name: '保存积分规则' }).click();
  await expect(hq.getByTestId('points-rule')).toContainText('每次返修扣 5 分');
});
