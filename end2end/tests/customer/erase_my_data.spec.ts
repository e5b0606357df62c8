import { expect, test } from '@playwright/test';
import { expectAccessible } from '../../support/a11y';
import { bookViaApi } from '../../support/booking';
import { callServerFn, customerWithCar, shanghaiDate } from '../../support/data';

test.use({ viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true });

test('a customer erases their personal data from the phone once nothing of theirs is open', async ({ page }) => {
  // Arrange: a customer with a booking still open.
  const { phone, carId } = await customerWithCar(page.request, '卢先生', '沪E13579');
  const number = await bookViaApi(page.request, carId, shanghaiDate(4), '15:00', 'minor_maintenance');

  // The link from the home page leads to what goes, what the law keeps, and the confirmation.
  await page.goto('/');
  await page.getByRole('link', { name: '删除我的个人信息' }).click();
  await expect(page.getByRole('heading', { name: '删除我的个人信息', level: 1 })).toBeVisible();
  await expect(page.getByText('法律要求保存的维修档案')).toBeVisible();
  await expectAccessible(page, 'erase my data');

  // A wrong password, then the open booking, each explain themselves.
  await page.getByLabel('输入密码以确认').fill('not-my-password');
  await page.getByRole('button', { name: '永久删除' }).click();
  await expect(page.locator('#erase-password-error')).toHaveText('当前密码不正确。');
  await page.getByLabel('输入密码以确认').fill('secret-pass-1');
  await page.getByRole('button', { name: '永久删除' }).click();
  await expect(page.getByRole('alert')).toContainText('您还有未完成的预约、工单或投诉');

  // Once the booking is cancelled, the data goes and the phone is signed out.
  expect((await callServerFn(page.request, 'bookings/cancel', { number })).status).toBe(200);
  await page.getByRole('button', { name: '永久删除' }).click();
  await expect(page.getByRole('heading', { name: '个人信息已删除', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: '退出登录' })).toHaveCount(0);
  await expectAccessible(page, 'data erased');
  const again = await callServerFn(page.request, 'auth/sign-in', { phone, password: 'secret-pass-1' });
  expect(again.status).toBe(401);
});
