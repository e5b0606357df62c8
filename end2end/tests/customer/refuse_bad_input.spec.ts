import { expect, test } from '@playwright/test';
import { Portal } from '../../pages/portal';
import { expectAccessible } from '../../support/a11y';
import { callServerFn, customerWithCar, serviceId, shanghaiDate } from '../../support/data';

test('an invalid plate is refused next to the field and nothing typed is lost', async ({ page }) => {
  await customerWithCar(page.request, '孙先生', '苏E12345');
  const portal = new Portal(page);
  await portal.openBookingForm();

  await portal.fillCar('AB12345', '丰田 卡罗拉', '12000');
  const plate = page.getByLabel('车牌号', { exact: true });
  await expect(page.getByText('车牌号格式不正确')).toBeVisible();
  await expect(plate).toHaveAttribute('aria-invalid', 'true');
  await expect(plate).toHaveValue('AB12345');
  await expect(page.getByLabel('品牌车型')).toHaveValue('丰田 卡罗拉');
  await expectAccessible(page, 'car form with an error');

  await plate.fill('苏E54321');
  await page.getByRole('button', { name: '保存车辆' }).click();
  await expect(page.getByRole('radio', { name: /苏E·54321/ })).toBeChecked();
});

test('a past date is refused with a message, in the form and by the server', async ({ page }) => {
  const { carId } = await customerWithCar(page.request, '周女士', '浙A88888');
  const portal = new Portal(page);
  await portal.openBookingForm();

  await portal.service('常规保养（机油机滤）').check();
  await portal.chooseDay(shanghaiDate(-1));
  await expect(page.getByText('这个日期已经过去，请选择今天或以后的日期。')).toBeVisible();

  // The server, which is the one that counts, refuses it too (and a time too soon).
  const service = await serviceId(page.request, 'minor_maintenance');
  const request = { outlet_id: 1, car_id: carId, service_ids: [service], symptoms: [], description: '' };
  const past = await callServerFn(page.request, 'bookings/create', {
    request: { ...request, date: shanghaiDate(-1), start: '10:00:00' },
  });
  expect(past.status).toBe(422);
  expect(past.body).toEqual({ Validation: { field: 'Date', problem: 'DateInPast' } });
  const offGrid = await callServerFn(page.request, 'bookings/create', {
    request: { ...request, date: shanghaiDate(1), start: '10:10:00' },
  });
  expect(offGrid.body).toEqual({ Validation: { field: 'Window', problem: 'WindowNotOffered' } });
});
