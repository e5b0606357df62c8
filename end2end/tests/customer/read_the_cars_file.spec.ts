import { expect, request as playwrightRequest, test } from '@playwright/test';
import { expectAccessible } from '../../support/a11y';
import { customerWithCar } from '../../support/data';
import { expectAllEnglish, expectFitsTheScreen } from '../../support/layout';
import { deliveredOrder } from '../../support/repair';

test("the owner reads the car's own file on the phone: work, parts, payment, warranty left", async ({ browser, baseURL }) => {
  // Arrange: a routine maintenance delivered yesterday's way (initial estimate agreed by phone).
  const api = await playwrightRequest.newContext({ baseURL });
  const { phone, carId } = await customerWithCar(api, '周先生', '浙B54321');
  const [desk, workshop, quality] = await Promise.all([1, 2, 3].map(() => playwrightRequest.newContext({ baseURL })));
  const number = await deliveredOrder(desk, workshop, quality, phone, '浙B54321', {
    services: ['minor_maintenance'],
    total: 60_800,
  });
  const mobile = await browser.newContext({ baseURL, viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await mobile.newPage();

  // Act: from the home page to the car's file.
  await page.goto('/login');
  await page.getByLabel('手机号').fill(phone);
  await page.getByLabel('密码').fill('secret-pass-1');
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByTestId('my-car').filter({ hasText: '浙B·54321' }).click();

  // Assert: the order with its date, outlet, mileage, the work and parts with their kind, what
  // was paid, the warranty left (minor repair: 10 days or 2,000 km from 42,130 km).
  await expect(page).toHaveURL(new RegExp(`/cars/${carId}$`));
  const entry = page.getByTestId('car-order').filter({ hasText: number });
  await expect(entry).toContainText('浦东');
  await expect(entry).toContainText('已交车');
  await expect(entry.getByRole('row', { name: /常规保养/ })).toContainText('¥200.00');
  await expect(entry.getByRole('row', { name: /全合成机油/ })).toContainText('原厂件');
  await expect(entry.getByTestId('order-total')).toHaveText('¥608.00');
  await expect(entry.getByTestId('warranty-left')).toHaveText('保修剩余 10 天或 2000 公里');
  await expectAccessible(page, "the car's file");
  await expectFitsTheScreen(page, "the car's file at 360 px");

  // In English, every word the system wrote follows.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(entry.getByTestId('warranty-left')).toHaveText('Warranty: 10 days or 2000 km left');
  await expectAllEnglish(page, "the car's file", ['浙B·54321', '大众 朗逸']);
  await expectAccessible(page, "the car's file in English");
  await expectFitsTheScreen(page, "the car's file at 360 px in English");
  await page.getByRole('button', { name: '中文' }).click();

  // The settlement list opens from it, to read or print.
  await entry.getByRole('link', { name: '结算清单' }).click();
  await expect(page.getByTestId('settlement-list')).toContainText('常规保养（机油机滤）');

  // Nobody else opens it.
  const other = await browser.newContext({ baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const stranger = await other.newPage();
  // Registered (and so signed in) through the page's own cookies.
  await customerWithCar(stranger.request, '吴女士', '浙B54322');
  await stranger.goto(`/cars/${carId}`);
  await expect(stranger.getByRole('button', { name: '退出登录' })).toBeVisible();
  await expect(stranger.getByRole('alert')).toBeVisible();
  await expect(stranger.getByText('浙B·54321')).toHaveCount(0);

  await Promise.all([api, desk, workshop, quality].map((c) => c.dispose()));
  await mobile.close();
  await other.close();
});
