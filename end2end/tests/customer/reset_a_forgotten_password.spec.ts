import { expect, test } from '@playwright/test';
import { Portal } from '../../pages/portal';
import { expectAccessible } from '../../support/a11y';
import { codeFromDemoOutbox, customerWithCar } from '../../support/data';

test('a customer who forgot the password resets it with the texted code and signs in', async ({ page, request }) => {
  const { phone } = await customerWithCar(request, '钱女士', '沪C24680');
  const portal = new Portal(page);

  await page.goto('/login');
  await page.getByRole('link', { name: '忘记密码？' }).click();
  await expect(page.getByRole('heading', { name: '重置密码', level: 1 })).toBeVisible();
  await page.getByLabel('手机号').fill(phone);
  await page.getByLabel('设置密码').fill('a new password 2');
  // A wrong code is refused next to its field, and nothing typed is lost.
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByText('验证码已发送')).toBeVisible();
  await expect(page.getByRole('button', { name: /秒后可重发/ })).toBeDisabled();
  const code = await codeFromDemoOutbox(request, phone);
  const wrong = code === '000000' ? '111111' : '000000';
  await page.getByLabel('短信验证码').fill(wrong);
  await page.getByRole('button', { name: '设置新密码并登录' }).click();
  await expect(page.getByText('验证码不正确，还可尝试 4 次。')).toBeVisible();
  await expect(page.getByLabel('手机号')).toHaveValue(phone);
  await expectAccessible(page, 'reset password with a wrong code');

  await page.getByLabel('短信验证码').fill(code);
  await page.getByRole('button', { name: '设置新密码并登录' }).click();
  await expect(page.getByRole('button', { name: '退出登录' })).toBeVisible();

  await page.getByRole('button', { name: '退出登录' }).click();
  await portal.signIn(phone, 'a new password 2');
});
