import { expect, type Locator, type Page } from '@playwright/test';

/** A staff member on the console: signs in with any role, opens orders, takes steps. */
export class StaffDesk {
  constructor(readonly page: Page) {}

  async signInAs(username: string, password = 'demo1234') {
    await this.page.goto('/staff/login');
    await this.page.getByLabel('用户名').fill(username);
    await this.page.getByLabel('密码').fill(password);
    await this.page.getByRole('button', { name: '登录' }).click();
    await expect(this.page.getByRole('button', { name: '退出登录' })).toBeVisible();
  }

  async signOut() {
    await this.page.getByRole('button', { name: '退出登录' }).click();
    await expect(this.page.getByLabel('用户名')).toBeVisible();
  }

  /** Opens the order from the signed-in role's job list (`/staff/jobs`). */
  async openJob(plate: string) {
    await this.page.goto('/staff/jobs');
    await this.page.getByTestId('job').filter({ hasText: plate }).first().click();
    await expect(this.status()).toBeVisible();
  }

  status(): Locator {
    return this.page.getByTestId('order-status');
  }

  /** Takes a life-cycle step by its button and waits for the confirmation. */
  async step(name: string) {
    await this.page.getByRole('button', { name, exact: true }).click();
    await expect(this.page.getByRole('status').filter({ hasText: `已完成：${name}` })).toBeVisible();
  }

  async addFinding(text: string) {
    await this.page.getByLabel('记录内容').fill(text);
    await this.page.getByRole('button', { name: '添加记录' }).click();
    await expect(this.page.getByTestId('timeline')).toContainText(text);
  }

  async addPart(item: string, reason: string, price: string) {
    const form = this.page.getByRole('form', { name: '添加项目' });
    await form.getByRole('button', { name: '材料项目' }).click();
    await form.getByLabel('项目', { exact: true }).fill(item);
    await form.getByLabel('原因', { exact: true }).fill(reason);
    await form.getByLabel('数量').fill('1');
    await form.getByLabel('单价（元）').fill(price);
    await form.getByRole('button', { name: '添加项目' }).click();
    await expect(this.page.getByRole('row', { name: new RegExp(item) })).toBeVisible();
  }
}

/** The car owner's live page of one work order (`/orders/WO…`). */
export class CustomerOrder {
  constructor(readonly page: Page) {}

  status(): Locator {
    return this.page.getByTestId('order-status');
  }

  /** Marks the document, so a later check proves the page never reloaded. */
  async markDocument() {
    await this.page.evaluate(() => {
      (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
    });
  }

  async stillSameDocument(): Promise<boolean> {
    return this.page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true);
  }

  pendingItem(item: string): Locator {
    return this.page.getByTestId('pending-item').filter({ hasText: item });
  }

  async decide(item: string, approve: boolean) {
    await this.pendingItem(item).getByRole('button', { name: approve ? '同意' : '不同意', exact: true }).click();
  }

  /** Draws a signature with a finger on the pad. */
  async sign() {
    await signOnPad(this.page);
  }
}

/** Draws a signature on the page's signature pad, as a finger would. */
export async function signOnPad(page: Page) {
  const pad = page.getByTestId('signature-pad');
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  if (!box) throw new Error('no signature pad');
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + 20, y);
  await page.mouse.down();
  for (let i = 1; i <= 12; i += 1) {
    await page.mouse.move(box.x + 20 + i * ((box.width - 40) / 12), y + (i % 2 ? -15 : 15));
  }
  await page.mouse.up();
}
