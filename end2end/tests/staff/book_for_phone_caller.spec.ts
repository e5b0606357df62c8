import { expect, test } from '@playwright/test';
import { Console } from '../../pages/console';
import { expectAccessible } from '../../support/a11y';
import { shanghaiDate, uniquePhone } from '../../support/data';

test('the advisor books for a customer who phones in', async ({ page }) => {
  const phone = uniquePhone();
  const day = shanghaiDate(6);
  const console = new Console(page);
  await console.signIn('advisor');

  await page.getByRole('link', { name: '电话预约' }).first().click();
  await page.getByLabel('客户手机号').fill(phone);
  await page.getByRole('button', { name: '查找' }).click();
  await expect(page.getByText('没有找到这个手机号的客户')).toBeVisible();
  await page.getByLabel('客户称呼').fill('褚先生');
  await page.getByRole('button', { name: '登记新客户' }).click();
  await expect(page.getByText('未开通线上账号')).toBeVisible();
  await expectAccessible(page, 'phone booking: new customer');

  await page.getByLabel('车牌号', { exact: true }).fill('沪AF12345');
  await page.getByLabel('品牌车型').fill('理想 L7');
  await page.getByLabel('当前里程（公里）').fill('8000');
  await page.getByRole('button', { name: '保存车辆' }).click();
  await expect(page.getByRole('radio', { name: /沪A·F12345/ })).toBeChecked();

  await page.getByLabel('新能源三电检测').check();
  await page.getByLabel('客户原话').fill('仪表提示高压系统故障，续航突然掉得很快');
  await page.getByLabel('新能源高压 / 电池故障警告').check();
  await page.getByLabel('日期', { exact: true }).fill(day);
  await page.getByRole('group', { name: '可预约时段' }).getByRole('button', { name: /^10:00–/ }).click();
  await expectAccessible(page, 'phone booking filled in');
  await page.getByRole('button', { name: '为客户预约' }).click();

  await expect(page.getByRole('heading', { name: '已为客户预约' })).toBeVisible();
  const number = (await page.getByTestId('booking-number').textContent())?.trim() ?? '';
  expect(number).toMatch(/^BK/);

  await page.getByRole('main').getByRole('link', { name: '当日预约' }).click();
  await console.showDay(day);
  const card = console.cards().filter({ hasText: number });
  await expect(card).toContainText('褚先生');
  await expect(card).toContainText('电话预约');
  await expect(card).toContainText('紧急');
  await expect(card).toContainText('沪A·F12345');
});
