import { expect, test } from '@playwright/test';
import { Portal } from '../../pages/portal';
import { expectAccessible } from '../../support/a11y';
import { bookViaApi } from '../../support/booking';
import { customerWithCar, shanghaiDate } from '../../support/data';

test('a customer cancels a booking from their list', async ({ page }) => {
  // Arrange: the page's own request context shares its cookies, so this signs the page in.
  const { carId } = await customerWithCar(page.request, '钱女士', '沪B66666');
  const number = await bookViaApi(page.request, carId, shanghaiDate(2), '10:00', 'minor_maintenance', [], '到保养里程了');
  const portal = new Portal(page);

  await page.goto('/');
  const card = portal.bookingCard(number);
  await expect(card).toContainText('已预约');
  await expect(card).toContainText('前可在线改期或取消');
  await expectAccessible(page, 'my bookings');

  await card.getByRole('button', { name: '取消预约' }).click();
  await expect(card.getByText('确定取消这个预约吗？')).toBeVisible();
  await card.getByRole('button', { name: '确定取消' }).click();

  await expect(page.getByRole('status').filter({ hasText: '预约已取消。' })).toBeVisible();
  await expect(portal.bookingCard(number)).toContainText('已取消');
  await expect(portal.bookingCard(number).getByRole('button', { name: '取消预约' })).toHaveCount(0);
});
