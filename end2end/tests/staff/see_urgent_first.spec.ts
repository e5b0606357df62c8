import { expect, request as playwrightRequest, test } from '@playwright/test';
import { Console } from '../../pages/console';
import { expectAccessible } from '../../support/a11y';
import { bookViaApi } from '../../support/booking';
import { customerWithCar, shanghaiWeekday } from '../../support/data';

test('the advisor sees urgent bookings first, then by time, with masked phone numbers', async ({ page, baseURL }) => {
  // A weekday: the first booking is at 08:30, before a Sunday's opening.
  const day = shanghaiWeekday(5);
  const early = await playwrightRequest.newContext({ baseURL });
  const { carId: earlyCar } = await customerWithCar(early, '冯先生', '鲁B12345');
  await bookViaApi(early, earlyCar, day, '08:30', 'minor_maintenance', [], '常规保养');
  const urgent = await playwrightRequest.newContext({ baseURL });
  const { phone, carId: urgentCar } = await customerWithCar(urgent, '韩女士', '皖A12345');
  await bookViaApi(urgent, urgentCar, day, '15:00', 'brake_repair', ['BrakeFailure'], '刹车踩不下去了');

  const console = new Console(page);
  await console.signIn('advisor');
  await console.showDay(day);

  const cards = console.cards();
  await expect(cards.first()).toContainText('韩女士');
  await expect(cards.first()).toContainText('紧急');
  await expect(cards.first()).toContainText('刹车踩不下去了');
  await expect(cards.first()).toContainText(`${phone.slice(0, 3)}****${phone.slice(7)}`);
  await expect(cards.first()).not.toContainText(phone);

  // After the urgent ones, by time.
  const times = await cards.locator('.desk-time .time').allTextContents();
  const urgentFlags = await cards.evaluateAll((els) => els.map((el) => el.classList.contains('urgent')));
  const firstNormal = urgentFlags.indexOf(false);
  const normalTimes = times.slice(firstNormal);
  expect(urgentFlags.slice(firstNormal).every((u) => !u)).toBe(true);
  expect([...normalTimes].sort()).toEqual(normalTimes);
  await expectAccessible(page, 'day board');

  await early.dispose();
  await urgent.dispose();
});
