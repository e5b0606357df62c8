import { expect, request as playwrightRequest, test, type Page } from '@playwright/test';
import { StaffDesk } from '../../pages/work_order';
import { expectAccessible } from '../../support/a11y';
import { callServerFn, customerWithCar } from '../../support/data';
import { deliveredOrder } from '../../support/repair';

test('a low survey answer, a complaint about the order, five stages with a free rework: the customer sees each one', async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  // Arrange: a delivered order and its survey link.
  const api = await playwrightRequest.newContext({ baseURL });
  const { phone } = await customerWithCar(api, '孙女士', '苏E12345');
  const [desk, workshop, quality] = await Promise.all([1, 2, 3].map(() => playwrightRequest.newContext({ baseURL })));
  const order = await deliveredOrder(desk, workshop, quality, phone, '苏E12345');
  const { body: view } = await callServerFn(api, 'orders/my-order', { number: order });
  const token = view.survey.token as string;

  // The customer answers on the phone: a 4, and slow.
  const mobile = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const phonePage = await mobile.newPage();
  await phonePage.goto(`/survey/${token}`);
  await phonePage.getByRole('group', { name: '您有多大可能向亲友推荐我们？' }).getByRole('button', { name: '4', exact: true }).click();
  for (const [aspect, stars] of [['服务态度', 4], ['专业水平', 4], ['维修及时性', 2], ['价格透明', 4], ['维修质量', 3]] as const) {
    await phonePage.getByRole('group', { name: aspect }).getByRole('button', { name: `${stars} 星` }).click();
  }
  await phonePage.getByRole('button', { name: '提交评价' }).click();
  await expect(phonePage.getByRole('heading', { name: '感谢您的评价！' })).toBeVisible();

  // The manager sees the new follow-up task.
  const tablet = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const csm = new StaffDesk(await tablet.newPage());
  await csm.signInAs('csm');
  await csm.page.getByRole('link', { name: '回访', exact: true }).click();
  await expect(csm.page.getByTestId('follow-up').filter({ hasText: '孙女士' })).toContainText('评价回访');

  // Act: the customer files a complaint about that order from its page.
  await phonePage.goto(`/login?next=${encodeURIComponent(`/orders/${order}`)}`);
  await phonePage.getByLabel('手机号').fill(phone);
  await phonePage.getByLabel('密码').fill('secret-pass-1');
  await phonePage.getByRole('button', { name: '登录' }).click();
  await phonePage.getByRole('link', { name: '对本次服务不满意？我要投诉' }).click();
  await expect(phonePage.getByLabel('工单号（与某次维修有关时填写）')).toHaveValue(order);
  await phonePage.getByRole('button', { name: '提交投诉' }).click();
  await expect(phonePage.getByText('此项必填。').first()).toBeVisible();
  await phonePage.getByLabel('维修质量').check();
  await phonePage.getByLabel('发生了什么').fill('交车第二天刹车又有异响，还等了很久');
  await phonePage.getByLabel('您希望我们怎么处理（可选）').fill('免费检查修好');
  await expectAccessible(phonePage, 'filing a complaint on the phone');
  await phonePage.getByRole('button', { name: '提交投诉' }).click();
  const stage = phonePage.getByTestId('complaint-stage');
  await expect(stage).toHaveText('受理');
  const complaint = (await phonePage.getByTestId('complaint-number').textContent())!.trim();
  // From here on the customer's page is never reloaded: every change arrives live.
  await expect(phonePage.getByTestId('live-badge')).toHaveText('实时更新中');
  await phonePage.evaluate(() => {
    (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
  });

  // The manager takes it through the five stages; the customer's page follows.
  await csm.page.getByRole('link', { name: '投诉', exact: true }).click();
  await csm.page.getByTestId('complaint-row').filter({ hasText: complaint }).getByRole('link', { name: complaint }).click();
  await expect(csm.page.getByTestId('complaint-stage')).toHaveText('受理');
  await expectAccessible(csm.page, 'a complaint on the console');

  await csm.page.getByLabel('严重程度').selectOption({ label: '严重' });
  await csm.page.getByLabel('给客户的首次回复').fill('孙女士您好，已收到您的投诉，今天内安排技术主管联系您。');
  await takeStep(csm.page, '受理并回复客户', '调查核实');
  await seesStage(phonePage, '调查核实');
  await expect(phonePage.getByTestId('complaint-timeline')).toContainText('今天内安排技术主管联系您', { timeout: LIVE });

  // The customer writes while the manager is typing the findings: the manager's page shows
  // the new message at once, and what the manager typed stays.
  await expect(csm.page.getByTestId('live-badge')).toHaveText('实时更新中');
  await csm.page.getByLabel('调查结论（内部）').fill('试车复现左前轮异响');
  await phonePage.getByLabel('补充信息').fill('补充：早上冷车时更明显');
  await phonePage.getByRole('button', { name: '发送' }).click();
  await expect(csm.page.getByTestId('complaint-timeline')).toContainText('早上冷车时更明显', { timeout: LIVE });
  await expect(csm.page.getByLabel('调查结论（内部）')).toHaveValue('试车复现左前轮异响');

  await csm.page.getByLabel('添加备注或给客户留言').fill('内部：技师称当天力矩扳手未校准');
  await csm.page.getByLabel('关联工单号（可选）').fill(order);
  await csm.page.getByLabel('关联员工（可选）').selectOption({ label: '张伟' });
  await csm.page.getByRole('button', { name: '保存' }).click();
  await expect(csm.page.getByTestId('complaint-timeline')).toContainText('力矩扳手未校准');
  await expect(csm.page.getByTestId('complaint-timeline')).toContainText(`关联工单 ${order}`);
  await expect(csm.page.getByTestId('complaint-timeline')).toContainText('关联员工 张伟');
  await csm.page.getByLabel('调查结论（内部）').fill('试车复现左前轮异响，刹车片安装不到位');
  await takeStep(csm.page, '调查完成', '责任认定');
  await seesStage(phonePage, '责任认定');

  await csm.page.getByLabel('责任归属').selectOption({ label: '施工质量（本店）' });
  await csm.page.getByLabel('认定依据（内部）').fill('安装未按规定力矩');
  await takeStep(csm.page, '认定责任', '处理反馈');
  await seesStage(phonePage, '处理反馈');

  await csm.page.getByLabel('免费返修').check();
  await csm.page.getByLabel('进厂里程（公里）').fill('42,180');
  await csm.page.getByLabel('告知客户的处理结果').fill('为您免费返修，更换刹车片并复检，今天下午可取车。');
  await takeStep(csm.page, '给出处理结果', '客户回访');
  const rework = csm.page.getByTestId('resolution');
  await expect(rework).toContainText('免费返修');
  await expect(rework).toContainText('WO');
  await seesStage(phonePage, '客户回访');
  await expect(phonePage.getByTestId('resolution')).toContainText('免费返修');

  await csm.page.getByRole('group', { name: '客户满意度' }).getByRole('button', { name: '5 星' }).click();
  await csm.page.getByLabel('回访记录').fill('客户确认异响已消除，对处理满意');
  await takeStep(csm.page, '记录回访', '已结案');

  // Assert: closed on the customer's page, with the messages to them and nothing internal.
  await seesStage(phonePage, '已结案');
  await expect(phonePage.getByText('投诉已结案')).toBeVisible();
  const timeline = phonePage.getByTestId('complaint-timeline');
  await expect(timeline).toContainText('为您免费返修');
  await expect(timeline).not.toContainText('力矩扳手');
  await expect(timeline).not.toContainText('刹车片安装不到位');
  await expect(timeline).not.toContainText('关联员工');
  await expectAccessible(phonePage, 'a closed complaint on the phone');
  expect(
    await phonePage.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true),
    'the customer page followed every stage without a reload',
  ).toBe(true);

  await Promise.all([api, desk, workshop, quality].map((c) => c.dispose()));
  await mobile.close();
  await tablet.close();
});

/** Takes the stage's step and waits until the stage line says `next`. */
async function takeStep(page: Page, button: string, next: string) {
  await page.getByRole('button', { name: button, exact: true }).click();
  await expect(page.getByTestId('complaint-stage')).toHaveText(next);
}

/** Live, not polled: well within the 20 s the page used to wait between reads. */
const LIVE = 5_000;

async function seesStage(page: Page, stage: string) {
  await expect(page.getByTestId('complaint-stage')).toHaveText(stage, { timeout: LIVE });
}
