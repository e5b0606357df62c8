// Takes the README's screenshots of both faces from a running server (make screenshots).
// Usage: node screenshots.mjs http://127.0.0.1:3000
import { chromium } from 'playwright-core';

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const shanghaiTomorrow = new Date(Date.now() + 32 * 3600_000).toISOString().slice(0, 10);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

async function shoot(name, viewport, steps) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  await steps(page);
  await page.waitForTimeout(800);
  await page.screenshot({ path: `screenshots/${name}.png` });
  await context.close();
}

await shoot('portal-booking', { width: 1280, height: 800 }, async (page) => {
  await page.goto(`${base}/login`);
  await page.getByLabel('手机号').fill('13800138000');
  await page.getByLabel('密码').fill('demo1234');
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('button', { name: '退出登录' }).waitFor();
  await page.goto(`${base}/book`);
  await page.getByLabel('制动系统检修').check();
  await page.getByLabel('刹车失灵或异常').check();
  await page.getByLabel('日期', { exact: true }).fill(shanghaiTomorrow);
  await page.getByRole('group', { name: '可预约时段' }).getByRole('button', { name: /^14:00–/ }).click();
  await page.getByRole('heading', { name: '选择时间' }).scrollIntoViewIfNeeded();
});

await shoot('portal-booked', { width: 1280, height: 800 }, async (page) => {
  await page.goto(`${base}/login`);
  await page.getByLabel('手机号').fill('13800138000');
  await page.getByLabel('密码').fill('demo1234');
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('button', { name: '退出登录' }).waitFor();
  await page.goto(`${base}/book`);
  await page.getByLabel('制动系统检修').check();
  await page.getByLabel('问题描述（用您自己的话说）').fill('踩刹车时有异响，刹车踏板发软');
  await page.getByLabel('刹车失灵或异常').check();
  await page.getByLabel('日期', { exact: true }).fill(shanghaiTomorrow);
  await page.getByRole('group', { name: '可预约时段' }).getByRole('button', { name: /^14:00–/ }).click();
  await page.getByRole('button', { name: '确认预约' }).click();
  await page.getByRole('heading', { name: '预约成功' }).waitFor();
  await page.goto(`${base}/`);
  await page.getByTestId('booking-card').first().waitFor();
});

await shoot('console-day-board', { width: 1280, height: 800 }, async (page) => {
  await page.goto(`${base}/staff/login`);
  await page.getByLabel('用户名').fill('advisor');
  await page.getByLabel('密码').fill('demo1234');
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('heading', { name: '当日预约' }).waitFor();
  await page.getByLabel('日期', { exact: true }).fill(shanghaiTomorrow);
  await page.getByTestId('desk-booking').first().waitFor();
});

await shoot('portal-phone', { width: 390, height: 844 }, async (page) => {
  await page.goto(`${base}/`);
  await page.getByRole('heading', { level: 1 }).waitFor();
});

// ---------- The repair ----------
// A picture for the finding, drawn in the browser (a brake pad on a bench, more or less).
async function findingPhoto(page) {
  return page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 800;
    canvas.height = 600;
    const g = canvas.getContext('2d');
    const sky = g.createLinearGradient(0, 0, 0, 600);
    sky.addColorStop(0, '#6b7785');
    sky.addColorStop(1, '#2b3138');
    g.fillStyle = sky;
    g.fillRect(0, 0, 800, 600);
    g.fillStyle = '#9aa3ad';
    g.beginPath();
    g.ellipse(400, 300, 230, 110, 0, 0, Math.PI * 2);
    g.fill();
    g.fillStyle = '#3a3f45';
    g.fillRect(230, 260, 340, 40);
    g.fillStyle = '#c0392b';
    g.fillRect(230, 300, 340, 8);
    return canvas.toDataURL('image/jpeg', 0.85).split(',')[1];
  });
}

const call = async (context, endpoint, args = {}) => {
  const response = await context.request.post(`${base}/api/${endpoint}`, { data: args });
  if (!response.ok()) throw new Error(`${endpoint}: ${response.status()} ${await response.text()}`);
  return response.json();
};
const tablet = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
const desk = await tablet.newPage();
await desk.goto(`${base}/staff/login`);
await desk.getByLabel('用户名').fill('advisor');
await desk.getByLabel('密码').fill('demo1234');
await desk.getByRole('button', { name: '登录' }).click();
await desk.getByTestId('desk-booking').filter({ hasText: '王先生' }).getByRole('link', { name: '接车' }).click();
await desk.getByLabel('维修类别').selectOption({ label: '二级维护' });
await desk.getByLabel('进厂里程（公里）').fill('23,612');
await desk.getByLabel('客户期望').fill('下午五点前取车，费用超过 1000 元先电话确认');
await desk.getByLabel('环车检查（外观损伤、贵重物品）').fill('右后保险杠轻微刮擦；后备箱有儿童座椅');
await desk.getByLabel('从相册/文件选择').setInputFiles({ name: 'bumper.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(await findingPhoto(desk), 'base64') });
await desk.locator('.thumbs img').first().waitFor();
// The customer signs for the initial estimate of the booked service.
await desk.getByTestId('signature-pad').scrollIntoViewIfNeeded();
const deskPad = await desk.getByTestId('signature-pad').boundingBox();
await desk.mouse.move(deskPad.x + 20, deskPad.y + deskPad.height / 2);
await desk.mouse.down();
for (let i = 1; i <= 12; i += 1) {
  await desk.mouse.move(deskPad.x + 20 + i * ((deskPad.width - 40) / 12), deskPad.y + deskPad.height / 2 + (i % 2 ? -15 : 15));
}
await desk.mouse.up();
await desk.evaluate(() => window.scrollTo(0, 0));
await desk.waitForTimeout(500);
await desk.screenshot({ path: 'screenshots/console-check-in.png', fullPage: true });
await desk.getByRole('button', { name: '开单' }).click();
await desk.waitForURL(/\/staff\/orders\/WO/);
const number = desk.url().split('/').pop();
const board = await call(tablet, 'orders/dispatch-board');
const zhang = board.technicians.find((t) => t.name === '张伟').id;
await call(tablet, 'orders/step', { number, request: { event: 'Dispatch', note: '', technician: zhang, certificate_number: '', odometer_out_km: '' } });

const workshop = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
const tech = await workshop.newPage();
await call(workshop, 'auth/staff-sign-in', { username: 'tech', password: 'demo1234' });
const step = (context, event, extra = {}) =>
  call(context, 'orders/step', { number, request: { event, note: '', technician: null, certificate_number: '', odometer_out_km: '', ...extra } });
await step(workshop, 'StartDiagnosis');
await call(workshop, 'orders/note', { number, note: '前刹车片剩余 2 毫米，已低于安全限值，建议更换。', public: true });
await call(workshop, 'orders/note', { number, note: '客户车辆改装了轮毂，拆装时注意。', public: false });
const line = (form) => ({ category: 'Part', item: '', reason: '', hours: '', rate: '', part_code: '', origin: 'Original', brand: '', spec: '', unit: '', customer_supplied: false, quantity: '1', unit_price: '', fee: null, amount: '', ...form });
const pads = await call(workshop, 'orders/add-line', { number, line: line({ item: '前刹车片（一套）', reason: '磨损到极限，影响制动', part_code: 'BYD-BP-2231', brand: '比亚迪', spec: '汉 EV 前轴', unit: '套', unit_price: '480' }) });
await call(workshop, 'orders/add-line', { number, line: line({ category: 'Labour', item: '更换前刹车片', reason: '', hours: '1.2', rate: '200', origin: null }) });
await call(workshop, 'orders/add-line', { number, line: line({ item: '雨刮片', reason: '刮水不净，有条纹', origin: 'Equivalent', brand: '博世', unit: '对', unit_price: '98' }) });
await call(workshop, 'orders/photo', { number, photo: { caption: '前刹车片磨损', line: pads, data_base64: await findingPhoto(tech) } });
await step(workshop, 'RequestApproval');
await tech.goto(`${base}/staff/orders/${number}`);
await tech.getByTestId('order-status').waitFor();
await tech.waitForTimeout(800);
await tech.screenshot({ path: 'screenshots/console-work-order.png' });

const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
const owner = await phone.newPage();
await owner.goto(`${base}/login`);
await owner.getByLabel('手机号').fill('13800138000');
await owner.getByLabel('密码').fill('demo1234');
await owner.getByRole('button', { name: '登录' }).click();
await owner.getByRole('button', { name: '退出登录' }).waitFor();
await owner.goto(`${base}/orders/${number}`);
await owner.getByTestId('pending-item').first().waitFor();
for (const [item, answer] of [['前刹车片（一套）', '同意'], ['更换前刹车片', '同意'], ['雨刮片', '不同意']]) {
  await owner.getByRole('group', { name: item, exact: true }).getByRole('button', { name: answer, exact: true }).click();
}
const pad = owner.locator('.signature canvas');
await pad.scrollIntoViewIfNeeded();
const box = await pad.boundingBox();
await owner.mouse.move(box.x + 30, box.y + box.height * 0.6);
await owner.mouse.down();
for (let i = 1; i <= 16; i += 1) {
  await owner.mouse.move(box.x + 30 + i * ((box.width - 60) / 16), box.y + box.height * (0.35 + 0.3 * Math.abs(Math.sin(i))));
}
await owner.mouse.up();
await owner.getByRole('heading', { name: '待您确认的增项' }).scrollIntoViewIfNeeded();
await owner.waitForTimeout(500);
await owner.screenshot({ path: 'screenshots/phone-approval.png' });
await owner.getByRole('button', { name: '提交确认并签名' }).click();
await owner.getByText('已提交').waitFor();

await step(workshop, 'Finish');
const quality = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
await call(quality, 'auth/staff-sign-in', { username: 'inspector', password: 'demo1234' });
await step(quality, 'PassCheck', { certificate_number: 'HG-2026-0815' });
await step(tablet, 'Settle');
await step(tablet, 'Deliver', { odometer_out_km: '23,620' });
await desk.goto(`${base}/staff/orders/${number}/settlement`);
await desk.getByTestId('settlement-list').waitFor();
await desk.waitForTimeout(500);
await desk.screenshot({ path: 'screenshots/console-settlement.png', fullPage: true });
await desk.goto(`${base}/staff/orders/${number}/sheet`);
await desk.getByTestId('tracking-qr').waitFor();
await desk.waitForTimeout(500);
await desk.screenshot({ path: 'screenshots/console-sheet.png', fullPage: true });
await owner.waitForTimeout(500);
await owner.evaluate(() => window.scrollTo(0, 0));
await owner.screenshot({ path: 'screenshots/phone-delivered.png', fullPage: true });


// ---------- A complaint about the delivered order ----------
await owner.goto(`${base}/complaints/new?order=${number}`);
await owner.getByLabel('维修质量').check();
await owner.getByLabel('发生了什么').fill('保养后第二天右前轮有异响，踩刹车时更明显');
await owner.getByLabel('您希望我们怎么处理（可选）').fill('尽快免费检查');
await owner.getByRole('button', { name: '提交投诉' }).click();
await owner.getByTestId('complaint-stage').waitFor();
const complaint = (await owner.getByTestId('complaint-number').textContent()).trim();
const manager = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })).newPage();
await manager.goto(`${base}/staff/login`);
await manager.getByLabel('用户名').fill('csm');
await manager.getByLabel('密码').fill('demo1234');
await manager.getByRole('button', { name: '登录' }).click();
await manager.getByRole('button', { name: '退出登录' }).waitFor();
await manager.goto(`${base}/staff/complaints/${complaint}`);
await manager.getByLabel('严重程度').selectOption({ label: '严重' });
await manager.getByLabel('给客户的首次回复').fill('王先生您好，已收到您的反馈，今天内安排技术主管与您联系。');
await manager.getByRole('button', { name: '受理并回复客户', exact: true }).click();
await manager.getByTestId('complaint-stage').filter({ hasText: '调查核实' }).waitFor();
await manager.getByLabel('添加备注或给客户留言').fill('内部：调取保养记录，右前制动卡钳螺栓力矩未记录');
await manager.getByRole('button', { name: '保存', exact: true }).click();
await manager.getByTestId('complaint-timeline').filter({ hasText: '力矩未记录' }).waitFor();
await manager.getByLabel('调查结论（内部）').fill('试车复现右前轮异响');
await manager.getByRole('button', { name: '调查完成', exact: true }).click();
await manager.getByTestId('complaint-stage').filter({ hasText: '责任认定' }).waitFor();
await manager.getByLabel('责任归属').selectOption({ label: '施工质量（本店）' });
await manager.getByLabel('认定依据（内部）').fill('安装未按规定力矩');
await manager.getByRole('button', { name: '认定责任', exact: true }).click();
await manager.getByTestId('complaint-stage').filter({ hasText: '处理反馈' }).waitFor();
await manager.getByLabel('免费返修').check();
await manager.getByLabel('告知客户的处理结果').fill('为您免费返修并复检，明天上午可取车。');
await manager.waitForTimeout(500);
await manager.screenshot({ path: 'screenshots/console-complaint.png', fullPage: true });
await manager.getByRole('button', { name: '给出处理结果', exact: true }).click();
await manager.getByTestId('complaint-stage').filter({ hasText: '客户回访' }).waitFor();
await owner.reload();
await owner.getByTestId('complaint-stage').filter({ hasText: '客户回访' }).waitFor();
await owner.waitForTimeout(500);
await owner.screenshot({ path: 'screenshots/phone-complaint.png', fullPage: true });

await browser.close();
