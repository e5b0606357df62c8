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

await browser.close();
