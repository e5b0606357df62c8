import { expect, request as playwrightRequest, test } from '@playwright/test';
import { StaffDesk } from '../../pages/work_order';
import { expectAccessible } from '../../support/a11y';
import { customerWithCar } from '../../support/data';
import { orderAwaitingApproval } from '../../support/repair';

test('the advisor records a decision the customer gave by phone, with the call record', async ({ page, baseURL }) => {
  // Arrange: a customer who does not use the portal; two items wait for their decision.
  const customer = await playwrightRequest.newContext({ baseURL });
  const { phone } = await customerWithCar(customer, '周女士', '苏E12345');
  const desk = await playwrightRequest.newContext({ baseURL });
  const workshop = await playwrightRequest.newContext({ baseURL });
  const number = await orderAwaitingApproval(desk, workshop, phone, '苏E12345', [
    ['前刹车片', '磨损到极限', '480'],
    ['空调滤芯', '脏堵', '120'],
  ]);

  // Act: the advisor opens the order and records what the customer said on the phone.
  const staff = new StaffDesk(page);
  await staff.signInAs('advisor');
  await page.goto(`/staff/orders/${number}`);
  const form = page.getByRole('form', { name: '客户线下确认（电话或到店）' });
  await expect(form).toBeVisible();
  await form.getByRole('group', { name: '前刹车片' }).getByRole('button', { name: '同意', exact: true }).click();
  await form.getByRole('button', { name: '记录客户确认' }).click();
  await expect(form.getByText('请对每一项选择同意或不同意。').first()).toBeVisible();
  await form.getByRole('group', { name: '空调滤芯' }).getByRole('button', { name: '不同意', exact: true }).click();
  await form.getByRole('button', { name: '电话确认' }).click();
  await form.getByRole('button', { name: '记录客户确认' }).click();
  await expect(form.getByText('此项必填。').first()).toBeVisible();
  await form.getByLabel('通话记录（时间、客户原话）').fill('14:05 周女士来电：刹车片换，空调滤芯下次再说');
  await expectAccessible(page, 'desk decision');
  await form.getByRole('button', { name: '记录客户确认' }).click();

  // Assert: the repair goes on; the record says how, by whom and what was said.
  await expect(staff.status()).toHaveText('维修中');
  const records = page.getByTestId('approval-records');
  await expect(records).toContainText('电话确认');
  await expect(records).toContainText('由 刘婷 记录');
  await expect(records).toContainText('空调滤芯下次再说');
  await expect(page.getByRole('row', { name: /空调滤芯/ })).toContainText('已拒绝');

  await customer.dispose();
  await desk.dispose();
  await workshop.dispose();
});
