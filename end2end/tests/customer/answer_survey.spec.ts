import { expect, request as playwrightRequest, test } from '@playwright/test';
import { StaffDesk } from '../../pages/work_order';
import { expectAccessible } from '../../support/a11y';
import { callServerFn, customerWithCar } from '../../support/data';
import { deliveredOrder } from '../../support/repair';

test('a customer rates a delivered order 4 with slow service on the phone; the manager gets the call', async ({ browser, baseURL }) => {
  // Arrange: a delivered order; its survey link, as the message carries it.
  const customer = await playwrightRequest.newContext({ baseURL });
  const { phone } = await customerWithCar(customer, '钱先生', '浙A12345');
  const [desk, workshop, quality] = await Promise.all([1, 2, 3].map(() => playwrightRequest.newContext({ baseURL })));
  const number = await deliveredOrder(desk, workshop, quality, phone, '浙A12345');
  const { body: order } = await callServerFn(customer, 'orders/my-order', { number });
  const token = order.survey.token as string;

  // Act: on the phone, without signing in.
  const mobile = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await mobile.newPage();
  await page.goto(`/survey/${token}`);
  await expect(page.getByRole('heading', { name: '为本次服务评价' })).toBeVisible();
  // The one required question says so; the ratings say they are optional.
  await expect(page.locator('legend')).toContainText('您有多大可能向亲友推荐我们？ （必填）');
  await expect(page.getByRole('heading', { name: '请为以下方面打分（1–5 星，选填）' })).toBeVisible();
  await page.getByRole('button', { name: '提交评价' }).click();
  await expect(page.locator('#nps-error')).toHaveText('此项必填。');
  await expect(page.getByText('此项必填。')).toHaveCount(1);
  await page.getByRole('group', { name: '您有多大可能向亲友推荐我们？' }).getByRole('button', { name: '4', exact: true }).click();
  for (const [aspect, stars] of [['服务态度', 4], ['专业水平', 4], ['维修及时性', 2], ['维修质量', 4]] as const) {
    await page.getByRole('group', { name: aspect }).getByRole('button', { name: `${stars} 星` }).click();
  }
  // A star tapped by mistake is taken back by tapping it again: price is left unrated.
  const price = page.getByRole('group', { name: '价格透明' }).getByRole('button', { name: '3 星' });
  await price.click();
  await expect(price).toHaveAttribute('aria-pressed', 'true');
  await price.click();
  await expect(price).toHaveAttribute('aria-pressed', 'false');
  await page.getByLabel('您的意见或建议（选填）').fill('等了很久才交车');
  await expectAccessible(page, 'survey on the phone');
  await page.getByRole('button', { name: '提交评价' }).click();

  // Assert: thanked, told a manager will call; the link then says it was answered.
  await expect(page.getByRole('heading', { name: '感谢您的评价！' })).toBeVisible();
  await expect(page.getByText('客户服务经理会尽快与您联系')).toBeVisible();
  await page.goto(`/survey/${token}`);
  await expect(page.getByText('这次服务已经评价过了')).toBeVisible();

  // The customer-service manager sees the new task and records the call.
  const staff = new StaffDesk(await (await browser.newContext({ baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })).newPage());
  await staff.signInAs('csm');
  await staff.page.getByRole('link', { name: '回访' }).click();
  const task = staff.page.getByTestId('follow-up').filter({ hasText: '钱先生' });
  await expect(task).toContainText('评价回访');
  await expect(task).toContainText('推荐意愿 4 分');
  await expect(task).toContainText('等了很久才交车');
  await expect(task).toContainText('维修及时性 2');
  await expect(task).not.toContainText('价格透明', { message: 'a skipped rating is not shown as one' });
  await task.getByRole('group', { name: '客户满意度' }).getByRole('button', { name: '3 星' }).click();
  await task.getByLabel('回访记录').fill('已致歉，说明当天配件晚到；下次预约优先安排');
  await expectAccessible(staff.page, 'follow-up list');
  await task.getByRole('button', { name: '记录回访' }).click();
  await expect(task).toContainText('周敏 于');
  await expect(task).toContainText('下次预约优先安排');

  await Promise.all([customer, desk, workshop, quality].map((c) => c.dispose()));
  await mobile.close();
});
