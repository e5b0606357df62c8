import { expect, test } from '@playwright/test';
import { expectAccessible } from '../../support/a11y';
import { bookViaApi } from '../../support/booking';
import { customerWithCar, shanghaiDate } from '../../support/data';
import { expectAllEnglish, expectFitsTheScreen } from '../../support/layout';

test.use({ viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true });

test('a customer downloads a copy of everything kept about them, from their phone', async ({ page }) => {
  // Arrange: the page's own request context signs the page in.
  const { phone, carId } = await customerWithCar(page.request, '蒋女士', '沪D24680');
  const number = await bookViaApi(page.request, carId, shanghaiDate(3), '11:00', 'minor_maintenance');

  await page.goto('/');
  await expect(page.getByRole('heading', { name: '蒋女士，您好', level: 1 })).toBeVisible();

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: '下载我的全部数据（JSON）' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('aftersales-my-data.json');
  const stream = await file.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const data = JSON.parse(Buffer.concat(chunks).toString('utf-8'));
  expect(data.account.mobile).toBe(phone);
  expect(data.cars[0].plate).toContain('D24680');
  expect(JSON.stringify(data.bookings)).toContain(number);

  await expectAccessible(page, 'home with the download link');
  await expectFitsTheScreen(page, 'home at 360 px');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('link', { name: 'Download all my data (JSON)' })).toBeVisible();
  await expectAllEnglish(page, 'home', ['蒋女士', '大众 朗逸', '沪D·24680']);
  await page.getByRole('button', { name: '中文' }).click();
});
