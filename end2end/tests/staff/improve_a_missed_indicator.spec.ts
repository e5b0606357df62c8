import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { expectAccessible } from '../../support/a11y';
import { expectFitsTheScreen } from '../../support/layout';

/** The month before this one, as the period field takes it (`2026-10`), in Shanghai. */
function lastMonth(): string {
  const now = new Date(Date.now() + 8 * 3600_000);
  const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return `${month.getUTCFullYear()}-${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** A day two weeks ahead, as a date field takes it. */
function inTwoWeeks(): string {
  return new Date(Date.now() + 8 * 3600_000 + 14 * 86_400_000).toISOString().slice(0, 10);
}

test('the outlet manager sees an indicator miss its target, drills down to the orders, downloads them and opens an improvement action', async ({ browser, baseURL }) => {
  const tablet = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const page = await tablet.newPage();
  await page.goto('/staff/login');
  await page.getByLabel('用户名').fill('admin');
  await page.getByLabel('密码').fill('demo1234');
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('link', { name: '服务绩效' }).click();

  // Last month, from the demo group's two years of orders: something missed its target.
  await page.getByLabel('统计期').fill(lastMonth());
  await page.getByRole('button', { name: '查看' }).click();
  await expect(page.getByTestId('kpi-misses')).toContainText('项指标未达标');
  const missed = page.locator('tr.missed[data-testid="kpi-row"]').first();
  await expect(missed.getByText('未达标')).toBeVisible();
  const name = (await missed.locator('.kpi-name').innerText()).trim();

  // The records behind the figure: the orders (or surveys, complaints…) it was counted from.
  await missed.getByRole('button', { name: /明细/ }).click();
  const drill = page.getByTestId('kpi-drill');
  await expect(drill.getByRole('heading', { name: `${name}：明细` })).toBeVisible();
  await expect(drill.getByTestId('kpi-drill-row').first()).toBeVisible();
  await expect(drill).toContainText(/共 \d+ 条/);
  await expectAccessible(page, 'performance dashboard with a drill-down');
  await expectFitsTheScreen(page, 'performance dashboard with a drill-down');

  // The same records as an Excel workbook.
  const download = page.waitForEvent('download');
  await drill.getByRole('link', { name: '导出 Excel' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^kpi-.*\.xlsx$/);
  const bytes = readFileSync(await file.path());
  expect(bytes.subarray(0, 2).toString()).toBe('PK');

  // An improvement action for the miss: the problem is written from the figure.
  await missed.getByRole('link', { name: /开改进行动/ }).click();
  await expect(page.getByRole('heading', { name: '改进行动', level: 1 })).toBeVisible();
  const form = page.getByTestId('open-action');
  await expect(form).toContainText(name);
  await expect(form.getByLabel('问题')).toHaveValue(new RegExp(`${lastMonth()} ${name}`));
  await form.getByRole('button', { name: '开启行动' }).click();
  await expect(form.locator('#action-cause-error')).toContainText('必填');
  await form.getByLabel('原因分析').fill('等配件的工单没有及时改承诺时间');
  await form.getByLabel('改进计划').fill('常用件备库存；等件当天告知客户新的交车时间');
  await form.getByLabel('负责人').selectOption({ label: '刘婷' });
  await form.getByLabel('完成期限').fill(inTwoWeeks());
  await form.getByRole('button', { name: '开启行动' }).click();
  await expect(page.getByRole('status').filter({ hasText: '已开启改进行动' })).toBeVisible();
  const action = page.getByTestId('action').filter({ hasText: '等配件的工单' });
  await expect(action).toHaveAttribute('data-stage', 'do');
  await expect(action).toContainText('刘婷');

  // Do: what was done; then the check measures the month after.
  await action.getByLabel('实施情况').fill('已备两套刹车片库存，顾问完成培训');
  await action.getByRole('button', { name: '记录实施情况' }).click();
  await expect(action).toHaveAttribute('data-stage', 'check');
  await expect(action.getByTestId('action-check')).toBeVisible();
  await expectAccessible(page, 'improvement actions');
  await expectFitsTheScreen(page, 'improvement actions');
});
