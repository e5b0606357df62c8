import { expect, type Locator, type Page } from '@playwright/test';

/** The staff console on a reception tablet. */
export class Console {
  constructor(readonly page: Page) {}

  async signIn(username: string, password = 'demo1234') {
    await this.page.goto('/staff/login');
    await this.page.getByLabel('用户名').fill(username);
    await this.page.getByLabel('密码').fill(password);
    await this.page.getByRole('button', { name: '登录' }).click();
    await expect(this.page.getByRole('heading', { name: '当日预约' })).toBeVisible();
  }

  async showDay(isoDate: string) {
    await this.page.getByLabel('日期', { exact: true }).fill(isoDate);
  }

  /** The day's booking cards in the order the board shows them. */
  cards(): Locator {
    return this.page.getByTestId('desk-booking');
  }
}
