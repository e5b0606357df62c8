import { expect, test, type Page } from '@playwright/test';
import { Portal } from '../../pages/portal';
import { expectAccessible } from '../../support/a11y';
import { bookViaApi } from '../../support/booking';
import { callServerFn, customerWithCar, serviceId, shanghaiDate } from '../../support/data';
import { expectAllEnglish, expectFitsTheScreen } from '../../support/layout';

/** Adds a certificate on a person's card of the people page. */
async function addCertificate(page: Page, username: string, skill: string, from: string, until: string) {
  const card = page.getByTestId('person').filter({ hasText: `@${username}` });
  await card.locator('summary', { hasText: '资格证书' }).click();
  await card.getByRole('button', { name: '添加证书' }).click();
  await card.getByLabel('技能', { exact: true }).selectOption({ label: skill });
  await card.getByLabel('发证机构').fill('四川省交通运输厅');
  await card.getByLabel('证书编号').fill(`SC-${username}-${until}`);
  await card.getByLabel('有效期自').fill(from);
  await card.getByLabel('有效期至').fill(until);
  await card.getByRole('button', { name: '保存证书' }).click();
}

test('headquarters opens a region and an outlet with its technician; customers book there; an expired certificate keeps a technician off the job; a closure empties a day', async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const tablet = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
  const page = await tablet.newPage();

  // Headquarters lands on the organisation.
  await page.goto('/staff/login');
  await page.getByLabel('用户名').fill('hqadmin');
  await page.getByLabel('密码').fill('demo1234');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/staff\/organisation$/);
  await expect(page.getByRole('heading', { name: '组织架构', level: 1 })).toBeVisible();
  await expectAccessible(page, 'organisation');

  // A region, then an outlet in it: a code that breaks the rule is refused at its field.
  await page.locator('#region-code').fill('WEST');
  await page.locator('#region-name-zh').fill('华西区域');
  await page.locator('#region-name-en').fill('West region');
  await page.getByRole('button', { name: '添加区域' }).click();
  await expect(page.getByRole('status').filter({ hasText: '区域已添加' })).toBeVisible();
  await expect(page.getByTestId('region').filter({ hasText: '华西区域' })).toBeVisible();

  await page.locator('#outlet-code').fill('成都');
  await page.locator('#outlet-region').selectOption({ label: '华西区域' });
  await page.locator('#outlet-name-zh').fill('成都高新服务中心');
  await page.locator('#outlet-name-en').fill('Chengdu Hi-Tech Service Centre');
  await page.locator('#outlet-address-zh').fill('成都市高新区天府大道 88 号');
  await page.locator('#outlet-address-en').fill('88 Tianfu Avenue, Chengdu');
  await page.getByLabel('服务电话').fill('028-8888 6666');
  await page.getByLabel('周日').check();
  await page.locator('#outlet-bays').fill('3');
  await page.getByRole('button', { name: '添加门店' }).click();
  await expect(page.locator('#outlet-code-error')).toContainText('编码为 2–16 位');
  await expect(page.locator('#outlet-name-zh')).toHaveValue('成都高新服务中心');
  await page.locator('#outlet-code').fill('CD-GX');
  await page.getByRole('button', { name: '添加门店' }).click();
  await expect(page.getByRole('status').filter({ hasText: '门店已添加' })).toBeVisible();
  const outletLine = page.getByTestId('org-outlet').filter({ hasText: '成都高新服务中心' });
  await expect(outletLine.getByRole('combobox')).toHaveValue(/\d+/);
  await expectAccessible(page, 'organisation with a new outlet');
  await expectFitsTheScreen(page, 'organisation');

  // In English, every word follows (names typed by people stay as typed).
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Organisation', level: 1 })).toBeVisible();
  await expectAllEnglish(page, 'organisation', ['华西区域', '成都高新服务中心', '上海区域', '上海浦东服务中心', '上海闵行服务中心', '成都市高新区天府大道 88 号']);
  await expectAccessible(page, 'organisation in English');
  await page.getByRole('button', { name: '中文' }).click();

  // A technician for the new outlet, with a certificate.
  await page.getByRole('link', { name: '人员' }).click();
  await expect(page.getByRole('heading', { name: '人员与资质', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: '新建账号' }).click();
  await page.locator('#username-new').fill('wang.tech');
  await page.locator('#name-new').fill('王师傅');
  await page.locator('#place-new').selectOption({ label: '成都高新服务中心' });
  await page.locator('#role-new-technician').check();
  await page.locator('#skill-new-maintenance').check();
  await page.locator('#experience-new').fill('2018-05-01');
  await page.getByRole('button', { name: '创建账号' }).click();
  const handover = page.getByTestId('one-time-password');
  await expect(handover).toContainText('wang.tech');
  await expect(handover.locator('.otp')).toHaveText(/^[a-z2-9]{10}$/);
  const oneTime = (await handover.locator('.otp').textContent())?.trim() ?? '';

  // He signs in with it and must choose his own password before any work.
  const his = await (await browser.newContext({ baseURL, viewport: { width: 768, height: 1024 } })).newPage();
  await his.goto('/staff/login');
  await his.getByLabel('用户名').fill('wang.tech');
  await his.getByLabel('密码').fill(oneTime);
  await his.getByRole('button', { name: '登录' }).click();
  await expect(his.getByRole('heading', { name: '设置您自己的密码', level: 1 })).toBeVisible();
  await expectAccessible(his, 'choosing one\'s own password');
  await his.getByLabel('一次性密码').fill(oneTime);
  await his.getByLabel('新密码', { exact: true }).fill('wang-2026-cd');
  await his.getByLabel('再次输入新密码').fill('wang-2026-cdx');
  await his.getByRole('button', { name: '设置密码' }).click();
  await expect(his.getByText('两次输入的新密码不一致。')).toBeVisible();
  await his.getByLabel('再次输入新密码').fill('wang-2026-cd');
  await his.getByRole('button', { name: '设置密码' }).click();
  await expect(his.getByRole('heading', { name: '我的工单', level: 1 })).toBeVisible();

  await addCertificate(page, 'wang.tech', '保养', shanghaiDate(-300), shanghaiDate(700));
  await expect(page.getByRole('status').filter({ hasText: '已为 王师傅 添加证书' })).toBeVisible();
  // His induction course, and a first assessment (a score outside 1–5 is refused at its field).
  const wang = page.getByTestId('person').filter({ hasText: '@wang.tech' });
  await wang.locator('summary', { hasText: '培训记录' }).click();
  await wang.getByRole('button', { name: '添加培训' }).click();
  await wang.getByLabel('课程').fill('新能源高压安全作业');
  await wang.getByLabel('培训机构').fill('比亚迪培训中心');
  await wang.getByLabel('结业日期').fill(shanghaiDate(-20));
  await wang.getByLabel('学时').fill('16');
  await wang.getByRole('button', { name: '保存培训' }).click();
  await expect(page.getByTestId('person').filter({ hasText: '@wang.tech' }).getByTestId('training')).toContainText('新能源高压安全作业');
  const wangAgain = page.getByTestId('person').filter({ hasText: '@wang.tech' });
  await wangAgain.locator('summary', { hasText: '考核' }).click();
  await wangAgain.getByRole('button', { name: '记录考核' }).click();
  await wangAgain.getByLabel('考核期').fill('2026-Q4');
  for (const [label, score] of [['服务态度', '4'], ['专业技能', '9'], ['及时性', '4'], ['规范执行', '5'], ['团队协作', '4']]) {
    await wangAgain.getByLabel(new RegExp(`^${label}`)).fill(score);
  }
  await wangAgain.getByRole('button', { name: '保存考核' }).click();
  await expect(wangAgain.getByText('请输入 1 到 5 之间的整数。')).toBeVisible();
  await wangAgain.getByLabel(/^专业技能/).fill('5');
  await wangAgain.getByRole('button', { name: '保存考核' }).click();
  await expect(page.getByTestId('person').filter({ hasText: '@wang.tech' }).getByTestId('assessment')).toContainText('2026-Q4');
  await expectAccessible(page, 'people');
  await expectFitsTheScreen(page, 'people');

  // A customer sees the new outlet's windows on the phone.
  const phone = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const owner = await phone.newPage();
  const { carId } = await customerWithCar(owner.request, '蒋女士', '川A12345');
  const portal = new Portal(owner);
  await portal.openBookingForm();
  await owner.getByLabel('门店', { exact: true }).selectOption({ label: '成都高新服务中心 — 成都市高新区天府大道 88 号' });
  await portal.service('常规保养（机油机滤）').check();
  await portal.chooseDay(shanghaiDate(2));
  await expect(portal.window('08:30')).toBeVisible();
  await expectAccessible(owner, 'booking at the new outlet');

  // 张伟's maintenance certificate has expired: the manager's page says so…
  await addCertificate(page, 'tech', '保养', shanghaiDate(-1000), shanghaiDate(-1));
  await expect(page.getByTestId('attention')).toContainText('张伟：保养证书已过期');
  // …and a maintenance job at Pudong is never proposed to him, with the reason on the board.
  const desk = await (await browser.newContext({ baseURL })).request;
  await callServerFn(desk, 'auth/staff-sign-in', { username: 'advisor', password: 'demo1234' });
  const walkIn = await customerWithCar((await browser.newContext({ baseURL })).request, '韩先生', '川A54321');
  const promised = new Date(Date.now() + 14 * 3600_000).toISOString().slice(0, 16) + ':00';
  const checkIn = await callServerFn(desk, 'orders/check-in', {
    form: {
      booking: null, phone: walkIn.phone, plate: '川A54321', customer_type: 'NewCar', repair_category: 'Minor',
      odometer_km: '42,100', fuel_percent: 50, customer_words: '保养', expectations: '', walk_around: '',
      promised_at: promised, old_parts: 'Returned', services: [await serviceId(desk, 'minor_maintenance')],
      urgent: false, rework_of: null,
      consent: { method: 'Phone', note: '电话同意', signature_png: '', total: 60800 },
    },
  });
  expect(checkIn.status).toBe(200);
  await page.getByRole('link', { name: '工单' }).click();
  const job = page.getByTestId('waiting-job').filter({ hasText: '川A·54321' });
  await expect(job).toBeVisible();
  await expect(job.getByRole('combobox')).not.toContainText('张伟');
  await expect(job.getByTestId('lapsed-technician')).toContainText('张伟 的保养证书已过期');
  await expectAccessible(page, 'dispatch board with a lapsed certificate');

  // A closure at the new outlet: headquarters works there, the day leaves the grid, and the
  // booking on it is listed to move.
  const day = shanghaiDate(3);
  const booked = await bookViaApi(owner.request, carId, day, '10:00', 'minor_maintenance', [], '', await newOutletId(owner));
  await page.getByLabel('工作门店').selectOption({ label: '成都高新服务中心' });
  await expect(page.getByLabel('工作门店')).toHaveValue(String(await newOutletId(owner)));
  await page.getByRole('link', { name: '门店设置' }).click();
  await expect(page.getByRole('heading', { name: '门店设置', level: 1 })).toBeVisible();
  await page.getByLabel('开始日期').fill(day);
  await page.getByLabel('原因（客户可见）').fill('开业前设备调试');
  await page.getByRole('button', { name: '设为休息日' }).click();
  await expect(page.getByTestId('booking-to-move').filter({ hasText: booked })).toContainText('门店休息');
  // The phone that opens the booking form now finds no window that day.
  await portal.openBookingForm();
  await owner.getByLabel('门店', { exact: true }).selectOption({ label: '成都高新服务中心 — 成都市高新区天府大道 88 号' });
  await portal.service('常规保养（机油机滤）').check();
  await portal.chooseDay(shanghaiDate(2));
  await expect(portal.window('08:30')).toBeVisible();
  await portal.chooseDay(day);
  await expect(owner.getByRole('group', { name: '可预约时段' }).getByRole('button')).toHaveCount(0);
  await page.getByRole('link', { name: '当日预约' }).click();
  await expect(page.getByTestId('booking-to-move').filter({ hasText: booked })).toBeVisible();
  await expectAccessible(page, 'the new outlet\'s day board with a booking to move');

  // Everything above is in the audit log, and its chain is intact.
  await page.getByRole('link', { name: '审计日志' }).click();
  await expect(page.getByRole('heading', { name: '审计日志', level: 1 })).toBeVisible();
  await page.getByLabel('操作人').fill('钱进');
  await page.getByLabel('操作', { exact: true }).fill('outlet.created');
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.getByTestId('audit-line')).toHaveCount(1);
  await page.getByRole('button', { name: '校验整条日志' }).click();
  await expect(page.getByTestId('chain-result')).toContainText('完好');
  await expectAccessible(page, 'audit log');

  // Tidy up for the other stories: 张伟's expired certificate goes, headquarters back at Pudong.
  await page.getByLabel('工作门店').selectOption({ label: '上海浦东服务中心' });
  await page.getByRole('link', { name: '人员' }).click();
  const zhang = page.getByTestId('person').filter({ hasText: '@tech' });
  await zhang.locator('summary', { hasText: '资格证书' }).click();
  await zhang.getByTestId('certificate').filter({ hasText: '已过期' }).getByRole('button', { name: /删除/ }).click();
  await expect(page.getByRole('status').filter({ hasText: '证书已删除' })).toBeVisible();
});

async function newOutletId(page: Page): Promise<number> {
  const { body } = await callServerFn(page.request, 'catalog/outlets');
  return (body as Array<{ id: number; code: string }>).find((o) => o.code === 'CD-GX')!.id;
}
