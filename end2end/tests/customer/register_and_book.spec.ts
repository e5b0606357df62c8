import { expect, test } from '@playwright/test';
import { Portal } from '../../pages/portal';
import { expectAccessible } from '../../support/a11y';
import { shanghaiDate, uniquePhone } from '../../support/data';

test('a new customer registers, adds a car and books an urgent brake repair', async ({ page }) => {
  const portal = new Portal(page);

  await page.goto('/');
  await expectAccessible(page, 'home');
  await portal.register('赵先生', uniquePhone());
  await expect(page).toHaveURL(/\/book$/);
  await expect(page.getByRole('heading', { name: '添加车辆' })).toBeVisible();
  await expectAccessible(page, 'booking form without a car');

  await portal.fillCar('京A12345', '大众 帕萨特', '35000');
  await expect(page.getByRole('radio', { name: /京A·12345/ })).toBeChecked();

  await portal.service('制动系统检修').check();
  await page.getByLabel('问题描述（用您自己的话说）').fill('踩刹车时有异响，刹车踏板变软');
  await page.getByLabel('刹车失灵或异常').check();
  await expect(page.getByText('您的预约将优先安排')).toBeVisible();
  await portal.chooseDay(shanghaiDate(1));
  await portal.window('14:00').click();
  await expect(portal.window('14:00')).toHaveAttribute('aria-pressed', 'true');
  await expectAccessible(page, 'booking form filled in');

  await portal.confirm();
  await expect(page.getByRole('heading', { name: '预约成功' })).toBeVisible();
  await expect(page.getByText('已按紧急预约优先安排')).toBeVisible();
  const number = (await page.getByTestId('booking-number').textContent())?.trim() ?? '';
  expect(number).toMatch(/^BK\d{6}-[2-9A-HJ-NP-Z]{5}$/);
  await expectAccessible(page, 'booking confirmation');

  await page.getByRole('main').getByRole('link', { name: '我的预约' }).click();
  const card = portal.bookingCard(number);
  await expect(card).toContainText('紧急');
  await expect(card).toContainText('14:00–16:00');
  await expect(card).toContainText('制动系统检修');
  await expect(card).toContainText('踩刹车时有异响');
  await expectAccessible(page, 'my bookings');
});

test('the interface switches to English and stays English after a reload', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('爱车保养维修，在线预约');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText("Book your car's service online");
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText("Book your car's service online");
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expectAccessible(page, 'home in English');
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('爱车保养维修，在线预约');
});
