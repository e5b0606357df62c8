import { expect, test } from '@playwright/test';
import { Console } from '../../pages/console';
import { expectAccessible } from '../../support/a11y';
import { bookViaApi } from '../../support/booking';
import { callServerFn, customerWithCar, serviceId, shanghaiDate } from '../../support/data';
import { expectAllEnglish, expectFitsTheScreen } from '../../support/layout';

test('the outlet manager closes a day: the grid loses it, the customer is told, the desk sees the booking to move', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  // Arrange: a customer booked a service nine days from now.
  const phone = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const owner = await phone.newPage();
  const { carId } = await customerWithCar(owner.request, '卫先生', '沪C77123');
  const day = shanghaiDate(9);
  const number = await bookViaApi(owner.request, carId, day, '10:00', 'minor_maintenance');

  // The outlet manager opens the settings from the console's menu.
  const tablet = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
  const page = await tablet.newPage();
  await new Console(page).signIn('admin');
  await page.getByRole('link', { name: '门店设置' }).click();
  await expect(page.getByRole('heading', { name: '门店设置', level: 1 })).toBeVisible();
  await expect(page.getByLabel('可提前预约天数')).toHaveValue('14');
  await expectAccessible(page, 'outlet settings');

  // A number out of its range is refused next to its field, and nothing typed is lost.
  await page.getByLabel('可提前预约天数').fill('200');
  await page.getByRole('button', { name: '保存政策' }).click();
  await expect(page.getByText('请输入 1 到 90 之间的整数。')).toBeVisible();
  await expect(page.getByLabel('可提前预约天数')).toHaveValue('200');
  await page.getByLabel('可提前预约天数').fill('14');
  // A number typed but not saved yet survives the other parts' saves.
  await page.getByLabel('评价链接有效期').fill('21');

  // The manager closes that day for maintenance.
  await page.getByLabel('开始日期').fill(day);
  await page.getByLabel('原因（客户可见）').fill('设备检修');
  await page.getByRole('button', { name: '设为休息日' }).click();
  await expect(page.getByRole('status').filter({ hasText: '已通知这些日期有预约的客户：1 位' })).toBeVisible();
  await expect(page.getByTestId('closure').filter({ hasText: '设备检修' })).toBeVisible();
  await expect(page.getByLabel('评价链接有效期')).toHaveValue('21');
  const toMove = page.getByTestId('booking-to-move').filter({ hasText: number });
  await expect(toMove).toContainText('门店休息');
  await expectAccessible(page, 'outlet settings with a closure');
  await expectFitsTheScreen(page, 'outlet settings');

  // In English, every word follows.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Outlet settings', level: 1 })).toBeVisible();
  await expectAllEnglish(page, 'outlet settings', ['设备检修', '卫先生', '沪C·77123']);
  await expectAccessible(page, 'outlet settings in English');
  await page.getByRole('button', { name: '中文' }).click();

  // The booking grid offers nothing on the closed day.
  const service = await serviceId(owner.request, 'minor_maintenance');
  const grid = await callServerFn(owner.request, 'bookings/availability', { outlet_id: 1, service_ids: [service] });
  const closed = (grid.body.days as Array<{ date: string; windows: unknown[] }>).find((d) => d.date === day);
  expect(closed?.windows ?? []).toHaveLength(0);

  // The customer reads why on the phone, with the way to another time.
  await owner.goto('/messages');
  const notice = owner.getByText(/设备检修/);
  await expect(notice).toBeVisible();
  await expect(owner.locator(`a[href="/bookings/${number}/reschedule"]`)).toBeVisible();

  // The advisor sees the booking to move on the day board.
  const desk = await (await browser.newContext({ baseURL, viewport: { width: 1024, height: 768 } })).newPage();
  await new Console(desk).signIn('advisor');
  await expect(desk.getByRole('heading', { name: '需改期的预约' })).toBeVisible();
  await expect(desk.getByTestId('booking-to-move').filter({ hasText: number })).toContainText('门店休息');
  await expectAccessible(desk, 'day board with bookings to move');

  // The closure was only for this story: removing it gives the day back.
  await page.getByTestId('closure').filter({ hasText: '设备检修' }).getByRole('button', { name: /删除/ }).click();
  await expect(page.getByRole('status').filter({ hasText: '休息日已删除' })).toBeVisible();
  await expect(page.getByTestId('booking-to-move').filter({ hasText: number })).toHaveCount(0);
});
