import { expect, test } from '@playwright/test';
import { expectAccessible } from '../../support/a11y';

// Where each role's work is, after signing in and when opening a page of another role's work.
const roles = [
  { username: 'advisor', path: /\/staff$/, heading: '当日预约' },
  { username: 'tech', path: /\/staff\/jobs$/, heading: '我的工单' },
  { username: 'inspector', path: /\/staff\/jobs$/, heading: '待质检车辆' },
  { username: 'csm', path: /\/staff\/complaints$/, heading: '投诉处理' },
  { username: 'regional', path: /\/staff$/, heading: '当日预约' },
  { username: 'hqadmin', path: /\/staff\/organisation$/, heading: '组织架构' },
];

// Who works the reception desk, and so stays on its pages.
const desk = ['advisor', 'regional', 'hqadmin'];

for (const role of roles) {
  test(`${role.username} lands on their own work after signing in, not on a dead end`, async ({ page }) => {
    // Act
    await page.goto('/staff/login');
    await page.getByLabel('用户名').fill(role.username);
    await page.getByLabel('密码').fill('demo1234');
    await page.getByRole('button', { name: '登录' }).click();

    // Assert
    await expect(page).toHaveURL(role.path);
    await expect(page.getByRole('heading', { name: role.heading, level: 1 })).toBeVisible();
    await expectAccessible(page, `${role.username}'s landing page`);

    // A reception page leads them back to their own work too.
    await page.goto('/staff/outbox');
    await expect(page).toHaveURL(desk.includes(role.username) ? /\/staff\/outbox$/ : role.path);
  });
}
