import { expect, request as playwrightRequest, test } from '@playwright/test';
import { expectAccessible } from '../../support/a11y';
import { customerWithCar } from '../../support/data';
import { deliveredOrder } from '../../support/repair';

// A real (1×1) PNG, as if picked from the phone's photo library.
const photo = {
  name: 'noise.png',
  mimeType: 'image/png',
  buffer: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'),
};

test('a guest files a complaint with their phone and the order number, with a photo, and adds information', async ({ browser, baseURL }) => {
  // Arrange: a delivered order of a customer who is not signed in on this phone.
  const api = await playwrightRequest.newContext({ baseURL });
  const { phone } = await customerWithCar(api, '周先生', '皖A12345');
  const [desk, workshop, quality] = await Promise.all([1, 2, 3].map(() => playwrightRequest.newContext({ baseURL })));
  const order = await deliveredOrder(desk, workshop, quality, phone, '皖A12345');
  const mobile = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await mobile.newPage();

  // Act: a mistyped phone number first.
  await page.goto('/complaints/new');
  await page.getByLabel('手机号').fill('13900000000');
  await page.getByLabel('工单号', { exact: true }).fill(order);
  await page.getByLabel('维修时效').check();
  await page.getByLabel('发生了什么').fill('承诺下午五点交车，晚上八点才拿到车');
  await page.getByLabel('从相册/文件选择').setInputFiles(photo);
  await page.getByRole('button', { name: '提交投诉' }).click();

  // Assert: refused next to the phone field, nothing typed is lost.
  await expect(page.getByText('手机号与该工单登记的不一致')).toBeVisible();
  await expect(page.getByLabel('发生了什么')).toHaveValue('承诺下午五点交车，晚上八点才拿到车');
  await page.getByLabel('手机号').fill(phone);
  await page.getByRole('button', { name: '提交投诉' }).click();
  await expect(page.getByTestId('complaint-stage')).toHaveText('受理');
  await expect(page.getByText(order)).toBeVisible();
  await expect(page.getByTestId('photos').getByRole('img')).toHaveCount(1);
  await expect(page.getByTestId('complaint-timeline')).toContainText('提交投诉');
  await page.getByLabel('补充信息').fill('当天也没有人打电话告知延误');
  await page.getByRole('button', { name: '发送' }).click();
  await expect(page.getByRole('status').filter({ hasText: '已发送' })).toBeVisible();
  await expect(page.getByTestId('complaint-timeline')).toContainText('没有人打电话告知延误');
  await expectAccessible(page, 'a guest complaint on the phone');

  await Promise.all([api, desk, workshop, quality].map((c) => c.dispose()));
  await mobile.close();
});
