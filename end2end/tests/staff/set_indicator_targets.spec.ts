import { expect, test } from '@playwright/test';
import { expectAccessible } from '../../support/a11y';
import { expectAllEnglish, expectFitsTheScreen } from '../../support/layout';

/** The quarter before this one, as the period field takes it (`2026-Q3`), in Shanghai. */
function lastQuarter(): string {
  const now = new Date(Date.now() + 8 * 3600_000);
  const q = Math.floor(now.getUTCMonth() / 3);
  return q === 0 ? `${now.getUTCFullYear() - 1}-Q4` : `${now.getUTCFullYear()}-Q${q}`;
}

/** The history generator's car models: what people typed, not the interface's words. */
const models = ['大众 朗逸', '丰田 卡罗拉', '本田 雅阁', '别克 英朗', '日产 轩逸', '比亚迪 秦PLUS'];

test('the outlet manager sets a target for the outlet, sees the dashboard hold the figure to it, and reads the most frequent findings by model and mileage', async ({ browser, baseURL }) => {
  const tablet = await browser.newContext({ baseURL, viewport: { width: 768, height: 1024 } });
  const page = await tablet.newPage();
  await page.goto('/staff/login');
  await page.getByLabel('用户名').fill('admin');
  await page.getByLabel('密码').fill('demo1234');
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('link', { name: '服务绩效' }).click();
  await page.getByLabel('统计期').fill(lastQuarter());
  await page.getByRole('button', { name: '查看' }).click();
  const nps = page.getByTestId('kpi-row').filter({ hasText: '净推荐值' });
  await expect(nps).toContainText('≥ 50.0');
  await expect(nps).toContainText('指南默认');

  // Fault frequency: the services and findings of the quarter's orders, by model and mileage.
  const faults = page.getByTestId('faults');
  await expect(faults.getByRole('heading', { name: '故障频次' })).toBeVisible();
  await expect(faults).toContainText(/本期共开单 \d+ 张/);
  await expect(faults.getByTestId('fault-row').first()).toBeVisible();
  await expect(faults.getByRole('columnheader', { name: '里程段' }).first()).toBeVisible();
  await expect(faults).toContainText('万公里');

  // The outlet's own target: a wrong number is explained at its field, a right one is saved.
  await page.getByRole('link', { name: '设定目标' }).click();
  await expect(page.getByRole('heading', { name: '指标目标', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: '门店目标' })).toBeVisible();
  const field = page.getByLabel('净推荐值（NPS）');
  await expect(field).toHaveValue('');
  await field.fill('70.55');
  await page.getByRole('button', { name: '保存目标' }).click();
  await expect(page.locator('#target-nps-error')).toContainText('-100 到 100 之间的数，最多一位小数');
  await expect(field).toHaveValue('70.55');
  await field.fill('70');
  await page.getByRole('button', { name: '保存目标' }).click();
  await expect(page.getByRole('status').filter({ hasText: '目标已保存' })).toBeVisible();
  await expectAccessible(page, 'indicator targets');
  await expectFitsTheScreen(page, 'indicator targets');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Indicator targets', level: 1 })).toBeVisible();
  await expectAllEnglish(page, 'indicator targets', []);
  await expectAccessible(page, 'indicator targets in English');
  await page.getByRole('button', { name: '中文' }).click();

  // The dashboard holds Pudong's NPS to Pudong's target now.
  await page.getByRole('link', { name: '返回服务绩效' }).click();
  await page.getByLabel('统计期').fill(lastQuarter());
  await page.getByRole('button', { name: '查看' }).click();
  await expect(nps).toContainText('≥ 70.0');
  await expect(nps).toContainText('本店目标');
  // The figure's trend: eight quarters up to this one, its target as a second line, and the
  // numbers as a table for screen readers.
  await nps.getByRole('button', { name: /明细/ }).click();
  const trend = page.getByTestId('kpi-trend');
  await expect(trend.getByRole('heading', { name: '净推荐值（NPS）：趋势' })).toBeVisible();
  await expect(trend.locator('svg.kpi-chart')).toBeVisible();
  await expect(trend.locator('table tbody tr')).toHaveCount(8);
  await expect(trend.locator('table tbody tr').last()).toContainText(lastQuarter());
  await expect(trend.locator('table tbody tr').last()).toContainText('≥ 70.0');
  await expectAccessible(page, 'performance dashboard with fault frequency');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByTestId('faults').getByRole('heading', { name: 'Fault frequency' })).toBeVisible();
  await expectAllEnglish(page, 'performance dashboard with fault frequency', models);
  await page.getByRole('button', { name: '中文' }).click();

  // Cleared, the guideline's target applies again (other specs read the defaults).
  await page.getByRole('link', { name: '设定目标' }).click();
  await page.getByLabel('净推荐值（NPS）').fill('');
  await page.getByRole('button', { name: '保存目标' }).click();
  await expect(page.getByRole('status').filter({ hasText: '目标已保存' })).toBeVisible();
});
