import { expect, type Locator, type Page } from '@playwright/test';

/** The customer portal, as a car owner uses it (labels are the default Chinese interface). */
export class Portal {
  constructor(readonly page: Page) {}

  /** Registers as a person does: asks for the text message code, reads it on the demo's
   * message page (the demo has no SMS gateway), types it in. */
  async register(name: string, phone: string, password = 'secret-pass-1') {
    await this.page.goto('/register');
    await this.page.getByLabel('称呼').fill(name);
    await this.page.getByLabel('手机号').fill(phone);
    await this.page.getByRole('button', { name: '获取验证码' }).click();
    await expect(this.page.getByText('验证码已发送')).toBeVisible();
    const [messages] = await Promise.all([
      this.page.waitForEvent('popup'),
      this.page.getByRole('link', { name: '打开演示短信页' }).click(),
    ]);
    const text = await messages.locator('tr', { hasText: phone }).first().locator('.text').textContent();
    await messages.close();
    const code = text?.match(/(?<!\d)\d{6}(?!\d)/)?.[0] ?? '';
    await this.page.getByLabel('短信验证码').fill(code);
    await this.page.getByLabel('设置密码').fill(password);
    await this.page.getByRole('button', { name: '注册并登录' }).click();
  }

  async signIn(phone: string, password = 'secret-pass-1') {
    await this.page.goto('/login');
    await this.page.getByLabel('手机号').fill(phone);
    await this.page.getByLabel('密码').fill(password);
    await this.page.getByRole('button', { name: '登录' }).click();
    await expect(this.page.getByRole('button', { name: '退出登录' })).toBeVisible();
  }

  async openBookingForm() {
    await this.page.goto('/book');
    await expect(this.page.getByRole('heading', { name: '预约服务', level: 1 })).toBeVisible();
  }

  /** Fills the add-a-car fields (opening the sub-form if the customer already has cars). */
  async fillCar(plate: string, model: string, mileage: string) {
    const addAnother = this.page.getByRole('button', { name: '添加其他车辆' });
    const plateField = this.page.getByLabel('车牌号', { exact: true });
    // Once the customer's cars have loaded, one of the two is shown.
    await expect(addAnother.or(plateField)).toBeVisible();
    if (await addAnother.isVisible()) await addAnother.click();
    await plateField.fill(plate);
    await this.page.getByLabel('品牌车型').fill(model);
    await this.page.getByLabel('当前里程（公里）').fill(mileage);
    await this.page.getByRole('button', { name: '保存车辆' }).click();
  }

  service(name: string): Locator {
    return this.page.getByLabel(name);
  }

  /** Picks a day by typing it into the date field (YYYY-MM-DD). */
  async chooseDay(isoDate: string) {
    await this.page.getByLabel('日期', { exact: true }).fill(isoDate);
  }

  /** The window button starting at `start` (HH:MM) on the chosen day. */
  window(start: string): Locator {
    return this.page.getByRole('group', { name: '可预约时段' }).getByRole('button', { name: new RegExp(`^${start}–`) });
  }

  async confirm() {
    await this.page.getByRole('button', { name: '确认预约' }).click();
  }

  bookingCard(number: string): Locator {
    return this.page.getByTestId('booking-card').filter({ hasText: number });
  }
}
