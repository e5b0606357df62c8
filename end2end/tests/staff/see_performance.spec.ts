import { expect, test } from '@playwright/test';
import { expectAccessible } from '../../support/a11y';
import { expectAllEnglish, expectFitsTheScreen } from '../../support/layout';

test('the outlet manager reads the month\'s indicators with their formulas and targets, and picks a quarter', async ({ browser, baseURL }) => {
  const tablet = await browser.newContext({ baseURL, viewport: { width: 768, height: 1024 } });
  const page = await tablet.newPage();
  await page.goto('/staff/login');
  await page.getByLabel('用户名').fill('admin');
  await page.getByLabel('密码').fill('demo1234');
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('link', { name: '服务绩效' }).click();
  await expect(page.getByRole('heading', { name: '服务绩效', level: 1 })).toBeVisible();

  // Twenty-four indicators in five areas, each with its formula in plain words and its target.
  const rows = page.getByTestId('kpi-row');
  await expect(rows).toHaveCount(24);
  await expect(page.locator('tr.kpi-area', { hasText: '满意度' })).toBeVisible();
  await expect(rows.filter({ hasText: '按时交车率' })).toContainText('在接车时承诺的时间之前交车的比例');
  await expect(rows.filter({ hasText: '按时交车率' })).toContainText('≥ 95.0 %');
  await expect(page.getByTestId('kpi-scope')).toContainText('上海浦东服务中心');
  await expectAccessible(page, 'performance dashboard');
  await expectFitsTheScreen(page, 'performance dashboard');

  // A period that is not a month or a quarter is refused at its field; a quarter is shown.
  await page.getByLabel('统计期').fill('11/2026');
  await page.getByRole('button', { name: '查看' }).click();
  await expect(page.locator('#kpi-period-error')).toContainText('2026-Q4');
  await page.getByLabel('统计期').fill('2026-Q3');
  await page.getByRole('button', { name: '查看' }).click();
  await expect(page.getByTestId('kpi-scope')).toContainText('2026年7月1日');
  await expect(rows).toHaveCount(24);

  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Service performance', level: 1 })).toBeVisible();
  // The car models in the fault frequency are what people typed, not the interface's words.
  const models = ['大众 朗逸', '丰田 卡罗拉', '本田 雅阁', '别克 英朗', '日产 轩逸', '比亚迪 秦PLUS'];
  await expectAllEnglish(page, 'performance dashboard', models);
});
