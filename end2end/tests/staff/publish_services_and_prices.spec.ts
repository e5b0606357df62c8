import { expect, test } from '@playwright/test';
import { Portal } from '../../pages/portal';
import { expectAccessible } from '../../support/a11y';
import { customerWithCar } from '../../support/data';
import { expectAllEnglish, expectFitsTheScreen } from '../../support/layout';

// Only a service this spec adds is changed: the demo's own are booked by other specs meanwhile.
test('headquarters adds a service with its parts, an outlet withdraws it, and the customer sees each outlet\'s published price', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const tablet = await browser.newContext({ baseURL, viewport: { width: 768, height: 1024 } });
  const page = await tablet.newPage();
  await page.goto('/staff/login');
  await page.getByLabel('用户名').fill('hqadmin');
  await page.getByLabel('密码').fill('demo1234');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/staff\/organisation$/);

  // The catalogue lists the demo's services with both outlets' prices.
  await page.getByRole('link', { name: '服务与价格' }).click();
  await expect(page.getByRole('heading', { name: '服务项目与价格', level: 1 })).toBeVisible();
  const minor = page.locator('li.service-card').filter({ hasText: 'minor_maintenance' });
  await expect(minor.getByRole('row').filter({ hasText: '上海浦东服务中心' })).toContainText('¥');
  await expectAccessible(page, 'service catalogue');

  // A new service: a code that breaks the rule is refused at its field and nothing typed is lost.
  await page.locator('summary', { hasText: '新增服务项目' }).click();
  await page.locator('#new-service-code').fill('空调清洗');
  await page.locator('#new-service-name-zh').fill('空调系统清洗');
  await page.locator('#new-service-name-en').fill('Air-conditioning cleaning');
  await page.locator('#new-service-minutes').fill('40');
  await page.locator('#new-service-skill').selectOption({ label: '保养' });
  await page.locator('#new-service-hours').fill('0.5');
  await page.getByRole('button', { name: '保存服务项目' }).click();
  await expect(page.locator('#new-service-code-error')).toContainText('2–32 位小写字母');
  await expect(page.locator('#new-service-name-zh')).toHaveValue('空调系统清洗');
  await page.locator('#new-service-code').fill('ac_cleaning_e2e');
  await page.getByRole('button', { name: '保存服务项目' }).click();
  await expect(page.getByRole('status').filter({ hasText: '服务项目已保存' })).toBeVisible();

  // Its standard part: a price is needed.
  const card = page.locator('li.service-card').filter({ hasText: 'ac_cleaning_e2e' });
  await card.locator('summary', { hasText: '标准配件' }).click();
  await card.getByRole('button', { name: '添加标准配件' }).click();
  await card.getByLabel('配件中文名称').fill('空调清洗剂');
  await card.getByLabel('配件英文名称').fill('A/C cleaner');
  await card.getByLabel('配件编码').fill('AC-CLN');
  await card.getByRole('button', { name: '添加标准配件' }).last().click();
  await expect(card.getByText('此项必填。').first()).toBeVisible();
  await card.getByLabel('单价（元）').fill('68');
  await card.getByRole('button', { name: '添加标准配件' }).last().click();
  await expect(page.getByRole('status').filter({ hasText: '标准配件已添加' })).toBeVisible();
  const added = page.locator('li.service-card').filter({ hasText: 'ac_cleaning_e2e' });
  await expect(added.locator('summary', { hasText: '标准配件' })).toContainText('1 项，合计 ¥68.00');
  await expectAccessible(page, 'service catalogue with a new service');
  await expectFitsTheScreen(page, 'service catalogue');

  // In English every word follows; names typed by people stay as typed.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Services and prices', level: 1 })).toBeVisible();
  await expectAllEnglish(page, 'service catalogue', []);
  await page.getByRole('button', { name: '中文' }).click();

  // The Pudong manager withdraws it at Pudong; Minhang is not on their page.
  const managerContext = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
  const manager = await managerContext.newPage();
  await manager.goto('/staff/login');
  await manager.getByLabel('用户名').fill('admin');
  await manager.getByLabel('密码').fill('demo1234');
  await manager.getByRole('button', { name: '登录' }).click();
  await manager.getByRole('link', { name: '服务与价格' }).click();
  const theirs = manager.locator('li.service-card').filter({ hasText: 'ac_cleaning_e2e' });
  await expect(theirs.getByRole('row')).toHaveCount(2);
  await expect(manager.locator('summary', { hasText: '新增服务项目' })).toHaveCount(0);
  await theirs.getByLabel('上海浦东服务中心').uncheck();
  await expect(manager.getByRole('status').filter({ hasText: '上海浦东服务中心 不再提供此项目' })).toBeVisible();
  await expectAccessible(manager, 'service catalogue as an outlet manager');

  // On the phone: Pudong does not offer it, Minhang does, at its published price — shown to
  // a guest on the price list before any sign-in…
  const phone = await browser.newContext({ baseURL, viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const owner = await phone.newPage();
  await owner.goto('/');
  await owner.getByRole('link', { name: '价目表' }).click();
  await expect(owner.getByRole('heading', { name: '各门店价目表', level: 1 })).toBeVisible();
  await expect(owner.getByTestId('price').first()).toBeVisible();
  await expect(owner.getByTestId('price').filter({ hasText: '空调系统清洗' })).toHaveCount(0);
  await owner.getByLabel('门店', { exact: true }).selectOption({ label: '上海闵行服务中心 — 上海市闵行区虹梅南路 1200 号' });
  await expect(owner.getByTestId('price').filter({ hasText: '空调系统清洗' })).toContainText(/40 分钟\s*¥\d/);
  await expectAccessible(owner, 'price list');
  // …and beside each service on the booking form.
  await customerWithCar(owner.request, '柳女士', '沪B77881');
  const portal = new Portal(owner);
  await portal.openBookingForm();
  await owner.getByLabel('门店', { exact: true }).selectOption({ label: '上海浦东服务中心 — 上海市浦东新区张江路 88 号' });
  await expect(portal.service('常规保养（机油机滤）')).toBeVisible();
  await expect(owner.getByText('空调系统清洗')).toHaveCount(0);
  await expect(owner.locator('.choices .hint')).toContainText(/本店工时单价 ¥[\d,]+\.\d\d\/小时/);
  await owner.getByLabel('门店', { exact: true }).selectOption({ label: '上海闵行服务中心 — 上海市闵行区虹梅南路 1200 号' });
  const offered = owner.locator('label.choice').filter({ hasText: '空调系统清洗' });
  await expect(offered).toContainText('40 分钟');
  await expect(offered).toContainText(/¥\d/);
  await expectAccessible(owner, 'booking form with published prices');
});
