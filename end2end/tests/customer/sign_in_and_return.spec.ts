import { expect, test } from '@playwright/test';

test('after signing in, the customer returns to the page they came from, and only to ours', async ({ page }) => {
  await page.goto('/book');
  await expect(page).toHaveURL(/\/login\?next=%2Fbook$/);
  await page.getByLabel('手机号').fill('13800138000');
  await page.getByLabel('密码').fill('demo1234');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/book$/);
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page.getByRole('link', { name: '登录' }).first()).toBeVisible();

  // A crafted link cannot send the customer to another site after signing in.
  await page.goto('/login?next=/%5Cevil.example');
  await page.getByLabel('手机号').fill('13800138000');
  await page.getByLabel('密码').fill('demo1234');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('button', { name: '退出登录' })).toBeVisible();
  await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/$/);
});
