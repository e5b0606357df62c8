import { expect, request as playwrightRequest, test } from '@playwright/test';
import { bookViaApi } from '../../support/booking';
import { callServerFn, customerWithCar, shanghaiDate } from '../../support/data';

test('a customer cannot see or change another customer\'s booking', async ({ page, baseURL }) => {
  // Another customer, in their own session, has a booking.
  const other = await playwrightRequest.newContext({ baseURL });
  const { carId } = await customerWithCar(other, '吴先生', '粤B12345');
  const theirs = await bookViaApi(other, carId, shanghaiDate(3), '11:00', 'tyres_alignment');

  // This customer signs in in the browser.
  await customerWithCar(page.request, '郑女士', '川A12345');
  await page.goto('/');
  await expect(page.getByRole('heading', { name: '我的预约' })).toBeVisible();
  await expect(page.getByText(theirs)).toHaveCount(0);

  // Calling the server functions directly with the other customer's number gets nothing.
  const mine = await callServerFn(page.request, 'bookings/mine');
  expect(mine.status).toBe(200);
  expect(JSON.stringify(mine.body)).not.toContain(theirs);
  for (const [endpoint, args] of [
    ['bookings/cancel', { number: theirs }],
    ['bookings/move-availability', { number: theirs }],
    ['bookings/reschedule', { number: theirs, date: shanghaiDate(4), start: '10:00:00' }],
  ] as const) {
    const attempt = await callServerFn(page.request, endpoint, args);
    expect(attempt.status, endpoint).toBe(404);
    expect(attempt.body, endpoint).toBe('NotFound');
  }

  // The reschedule page for their number says so, in the user's language.
  await page.goto(`/bookings/${theirs}/reschedule`);
  await expect(page.getByText('没有找到相关记录。')).toBeVisible();

  // And their booking is untouched.
  const theirList = await callServerFn(other, 'bookings/mine');
  expect(theirList.body[0].status).toBe('Booked');
  await other.dispose();
});
