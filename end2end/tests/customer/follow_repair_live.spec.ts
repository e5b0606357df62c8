import { expect, test } from '@playwright/test';
import { CustomerOrder, signOnPad, StaffDesk } from '../../pages/work_order';
import { expectAccessible } from '../../support/a11y';
import { expectAllEnglish, expectFitsTheScreen } from '../../support/layout';

// A real (1×1) PNG, as if picked from the tablet's photo library.
const photo = {
  name: 'scratch.png',
  mimeType: 'image/png',
  buffer: Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  ),
};

// The demo customer's car, as the screens write its plate.
const plate = '沪A·D12345';

test('the customer follows the whole repair live on the phone while staff work on the tablet', async ({ browser, baseURL }) => {
  test.setTimeout(240_000);
  const tablet = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const phone = await browser.newContext({
    baseURL,
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const staff = new StaffDesk(await tablet.newPage());
  const owner = await phone.newPage();
  const order = new CustomerOrder(owner);

  // The demo customer signs in on the phone; he booked this morning's service yesterday.
  await owner.goto('/login');
  await owner.getByLabel('手机号').fill('13800138000');
  await owner.getByLabel('密码').fill('demo1234');
  await owner.getByRole('button', { name: '登录' }).click();
  await expect(owner.getByRole('button', { name: '退出登录' })).toBeVisible();

  // The advisor checks the booked car in from the day board, with a walk-around photo.
  await staff.signInAs('advisor');
  const card = staff.page.getByTestId('desk-booking').filter({ hasText: '王先生' });
  await card.getByRole('link', { name: '接车' }).click();
  await expect(staff.page.getByText(plate)).toBeVisible();
  await staff.page.getByLabel('维修类别').selectOption({ label: '二级维护' });
  await staff.page.getByLabel('进厂里程（公里）').fill('23,612');
  await staff.page.getByLabel('客户期望').fill('下午五点前取车');
  await staff.page.getByLabel('环车检查（外观损伤、贵重物品）').fill('右后保险杠轻微刮擦');
  await staff.page.getByLabel('从相册/文件选择').setInputFiles(photo);
  await expect(staff.page.getByTestId('photo-thumbs').getByRole('img')).toHaveCount(1);
  // The booked service is the initial estimate: its standard hours at the outlet's rate and
  // the parts it normally uses (1 h × ¥200, 4 L of oil × ¥85, an oil filter ¥68).
  await expect(staff.page.getByLabel('常规保养（机油机滤）')).toBeChecked();
  const initial = staff.page.getByTestId('initial-estimate');
  await expect(initial.getByRole('row', { name: /常规保养/ })).toContainText('¥200.00');
  await expect(initial.getByRole('row', { name: /全合成机油/ })).toContainText('¥340.00');
  await expect(initial.getByTestId('order-total')).toHaveText('¥608.00');
  await expectAccessible(staff.page, 'check-in form');
  // The order does not open before the customer signs for it, and nothing typed is lost.
  await staff.page.getByRole('button', { name: '开单' }).click();
  await expect(staff.page.locator('#consent-signature-error')).toHaveText('此项必填。');
  await expect(staff.page.getByLabel('客户期望')).toHaveValue('下午五点前取车');
  await expect(staff.page.getByRole('img', { name: '请在框内用手指签名' })).toBeVisible();
  await signOnPad(staff.page);
  // A signature is for the estimate it was given on: changing the estimate asks for a new one.
  await staff.page.getByLabel('故障诊断').check();
  await expect(initial.getByTestId('order-total')).toHaveText('¥808.00');
  await staff.page.getByLabel('故障诊断').uncheck();
  await staff.page.getByRole('button', { name: '开单' }).click();
  await expect(staff.page.locator('#consent-signature-error')).toHaveText('此项必填。');
  await signOnPad(staff.page);
  await staff.page.getByRole('button', { name: '开单' }).click();
  await expect(staff.page).toHaveURL(/\/staff\/orders\/WO\d{6}-[A-Z0-9]{5}$/);
  const number = staff.page.url().split('/').pop() as string;
  await expect(staff.status()).toHaveText('已接车');
  await expect(staff.page.getByTestId('photos').getByRole('img')).toHaveCount(1);
  await expect(staff.page.getByRole('row', { name: /常规保养/ })).toContainText('接车时已确认');
  await expect(staff.page.getByTestId('order-total')).toHaveText('¥608.00');

  // The day board's card now leads to the order and offers no second check-in.
  await staff.page.goto('/staff');
  const received = staff.page.getByTestId('desk-booking').filter({ hasText: '王先生' });
  await expect(received.getByTestId('order-status')).toHaveText('已接车');
  await expect(received.getByRole('link', { name: '接车' })).toHaveCount(0);
  await expectAccessible(staff.page, 'day board with a received car');
  await received.getByRole('link', { name: `打开工单 ${number}` }).click();
  await expect(staff.page).toHaveURL(new RegExp(`/staff/orders/${number}$`));

  // The customer's booking on the portal's home leads to the order too.
  await owner.goto('/');
  await expect(
    owner.getByTestId('booking-card').getByRole('link', { name: `查看维修进度 ${number}` }),
  ).toBeVisible();

  // The customer opens the order from the portal; from here on the page is never reloaded.
  await owner.goto('/');
  await owner.getByTestId('my-repair').filter({ hasText: number }).click();
  await expect(order.status()).toHaveText('已接车');
  await expect(owner.getByTestId('live-badge')).toHaveText('实时更新中');
  await order.markDocument();

  // Dispatch to 张伟 (the demo technician's account).
  await staff.page.goto('/staff/jobs');
  const waiting = staff.page.getByTestId('waiting-job').filter({ hasText: plate });
  const technician = waiting.getByLabel('选择技师');
  const zhang = await technician.getByRole('option', { name: /张伟/ }).getAttribute('value');
  await technician.selectOption(zhang as string);
  await waiting.getByRole('button', { name: '派工' }).click();
  await expect(order.status()).toHaveText('已派工');

  // The technician diagnoses, writes a finding the customer can read, adds two items.
  await staff.signOut();
  await staff.signInAs('tech');
  await staff.openJob(plate);
  await staff.step('开始诊断');
  await expect(order.status()).toHaveText('诊断中');
  await staff.addFinding('前刹车片磨损至 2 毫米，建议更换');
  await expect(owner.getByTestId('timeline')).toContainText('前刹车片磨损至 2 毫米');
  await staff.addPart('前刹车片', '磨损到极限，影响制动', '480');
  await staff.addPart('雨刮片', '刮水不净', '100');
  await staff.step('发送增项给客户确认');

  // On the phone: approve the brake pads, decline the wipers, sign with a finger.
  await expect(order.status()).toHaveText('待客户确认');
  await expect(order.pendingItem('前刹车片')).toContainText('¥480.00');
  await expectAccessible(owner, 'approval on the phone');
  // The estimate fits the phone at 390 and 360 px, in Chinese and in English.
  for (const width of [390, 360]) {
    await owner.setViewportSize({ width, height: 800 });
    await expectFitsTheScreen(owner, `the approval at ${width} px`);
  }
  await owner.getByRole('button', { name: 'English' }).click();
  await expect(order.pendingItem('前刹车片')).toContainText('Approve');
  await expectFitsTheScreen(owner, 'the approval at 360 px in English');
  // Every word the system wrote follows the switch at once: stages, dates, the catalogue's
  // items, part kinds and units; what people typed reads as typed.
  await expect(owner.getByRole('row', { name: /Fully synthetic engine oil/ })).toContainText('Original 0W-20 OIL-0W20 · 4 L × ¥85.00');
  await expectAllEnglish(owner, 'the order page', [
    plate, '王先生', '比亚迪 汉 DM-i', '仪表提示保养，刹车时偶尔有异响', '下午五点前取车', '右后保险杠轻微刮擦',
    '前刹车片磨损至 2 毫米，建议更换', '前刹车片', '磨损到极限，影响制动', '雨刮片', '刮水不净', '刘婷', '张伟',
  ]);
  await expectAccessible(owner, 'approval on the phone in English');
  await owner.getByRole('button', { name: '中文' }).click();
  await owner.setViewportSize({ width: 390, height: 844 });
  await order.decide('前刹车片', true);
  await order.decide('雨刮片', false);
  await order.sign();
  await owner.getByRole('button', { name: '提交确认并签名' }).click();
  await expect(owner.getByText('已提交，技师将按您的确认继续维修。')).toBeVisible();
  await expect(order.status()).toHaveText('维修中');

  // The technician's screen shows the decision the moment it is made.
  await expect(staff.status()).toHaveText('维修中');
  await expect(staff.page.getByRole('row', { name: /前刹车片/ })).toContainText('已同意');
  await expect(staff.page.getByRole('row', { name: /雨刮片/ })).toContainText('已拒绝');
  await staff.step('完工，提交质检');
  await expect(order.status()).toHaveText('竣工检验');

  // The inspector fails the check with a reason, then passes it with the certificate.
  await staff.signOut();
  await staff.signInAs('inspector');
  await staff.openJob(plate);
  await staff.page.getByLabel('原因/说明').fill('左前轮制动异响仍在');
  await staff.step('质检不通过');
  await expect(order.status()).toHaveText('维修中');
  await expect(owner.getByTestId('timeline')).toContainText('左前轮制动异响仍在');

  await staff.signOut();
  await staff.signInAs('tech');
  await staff.openJob(plate);
  await staff.step('完工，提交质检');
  await expect(order.status()).toHaveText('竣工检验');

  await staff.signOut();
  await staff.signInAs('inspector');
  await staff.openJob(plate);
  await staff.page.getByLabel('竣工出厂合格证编号').fill('HG-2026-0815');
  await staff.step('质检通过');
  await expect(order.status()).toHaveText('待交车');

  // The advisor settles and hands the car back.
  await staff.signOut();
  await staff.signInAs('advisor');
  await staff.page.goto(`/staff/orders/${number}`);
  await staff.step('结算');
  await expect(order.status()).toHaveText('已结算');
  await staff.page.getByLabel('出厂里程（公里）').fill('23,620');
  await staff.step('交车');
  await expect(order.status()).toHaveText('已交车');
  await expect(owner.getByRole('heading', { name: '质量保证期' })).toBeVisible();
  await expect(owner.getByText('30 天或 5000 公里')).toBeVisible();
  expect(await order.stillSameDocument(), 'the customer page followed every step without a reload').toBe(true);

  // The settlement list, itemised, with the certificate number; the customer has a copy.
  await staff.page.getByRole('link', { name: '结算清单' }).click();
  const list = staff.page.getByTestId('settlement-list');
  await expect(list).toContainText('HG-2026-0815');
  await expect(list).toContainText('前刹车片');
  await expect(list).toContainText('常规保养（机油机滤）');
  await expect(list).toContainText('机油滤清器');
  await expect(list).not.toContainText('雨刮片');
  // The initial estimate (¥608.00) and the approved brake pads (¥480.00).
  await expect(staff.page.getByTestId('settlement-payable')).toHaveText('¥1,088.00');
  await expectAccessible(staff.page, 'settlement list');
  await staff.page.getByRole('button', { name: 'English' }).click();
  await expect(list).toContainText('Routine maintenance (oil and filter)');
  await expectAllEnglish(staff.page, 'the settlement list', [plate, '王先生', '比亚迪 汉 DM-i', '前刹车片', '仪表提示保养，刹车时偶尔有异响']);
  await expectAccessible(staff.page, 'settlement list in English');
  await staff.page.getByRole('button', { name: '中文' }).click();
  await owner.getByRole('link', { name: '结算清单' }).click();
  await expect(owner.getByTestId('settlement-number')).toHaveText(`JS${number.slice(2)}`);

  // The survey invitation in 我的消息 links to the survey within the app (no public address
  // is configured on this server).
  await owner.goto('/messages');
  const invite = owner.getByTestId('message').filter({ hasText: '为本次服务评价' });
  await invite.getByRole('link', { name: '打开链接' }).click();
  await expect(owner).toHaveURL(/\/survey\/[A-Za-z0-9_-]+$/);
  await expect(owner.getByRole('heading', { name: '为本次服务评价' })).toBeVisible();

  await tablet.close();
  await phone.close();
});
