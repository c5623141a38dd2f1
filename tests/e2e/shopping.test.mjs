// Discover, a product page, buying, and the order's life on 我的.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, OUTPUT, launch, phone, register, uniqueHandle } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('discover lists buyable demo products, searches and filters by category', async () => {
  const { context, page } = await phone(browser);
  await page.goto(`${BASE}/discover`);
  const cards = page.locator('.product-card');
  await cards.first().waitFor();
  assert.ok(await cards.count() >= 10);
  assert.equal(await page.getByText('来历不明的名牌包').count(), 0, 'unverified merchants are not listed');
  await page.screenshot({ path: `${OUTPUT}discover-products.png` });

  await page.getByRole('searchbox', { name: '搜索商品' }).fill('茶');
  await page.getByRole('button', { name: '搜索', exact: true }).click();
  await page.getByText('云南古树普洱茶饼 357g').waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.product-card').length === 3);

  await page.getByRole('searchbox', { name: '搜索商品' }).fill('');
  await page.getByRole('button', { name: '数码' }).click();
  await page.getByText('65W 氮化镓充电器').waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.product-card').length === 2);

  await page.getByRole('searchbox', { name: '搜索商品' }).fill('不存在的东西');
  await page.getByRole('button', { name: '搜索', exact: true }).click();
  await page.getByText('没有找到相关商品，换个词试试').waitFor();
  await context.close();
});

test('a shopper buys a product, marks it delivered and asks for a refund', async () => {
  const { context, page } = await phone(browser);
  await register(page, uniqueHandle('buyer'), '买家');
  await page.waitForURL(`${BASE}/`);
  await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: '发现' }).click();
  await page.getByText('云南古树普洱茶饼 357g').click();
  await page.getByRole('heading', { name: '云南古树普洱茶饼 357g' }).waitFor();
  assert.ok(await page.getByText('认证商家').isVisible());
  await page.getByRole('button', { name: '+' }).click();
  const buy = page.getByRole('button', { name: /立即购买/ });
  assert.equal(await buy.innerText(), '立即购买 · ¥256.00');
  await buy.click();
  await page.getByText('购买成功！').waitFor();
  await page.screenshot({ path: `${OUTPUT}product-bought.png` });

  await page.getByRole('link', { name: '查看我的订单' }).click();
  const order = page.locator('.order').first();
  await order.getByText('已支付').waitFor();
  assert.match(await order.innerText(), /×2 · 合计 ¥256\.00/);
  await order.getByRole('button', { name: '确认收货' }).click();
  await order.getByText('已收货').waitFor();
  assert.equal(await order.getByRole('button', { name: '确认收货' }).count(), 0);
  await order.getByRole('button', { name: '申请退款' }).click();
  await order.getByText('已退款').waitFor();
  assert.equal(await order.getByRole('button').count(), 0);
  await page.screenshot({ path: `${OUTPUT}orders.png` });
  await context.close();
});

test('a logged-out visitor sees the product and is asked to log in to buy', async () => {
  const { context, page } = await phone(browser);
  await page.goto(`${BASE}/discover`);
  await page.locator('.product-card').first().click();
  await page.getByRole('link', { name: '登录后购买' }).waitFor();
  await page.goto(`${BASE}/p/999999`);
  await page.getByRole('heading', { name: '出错了' }).waitFor();
  assert.ok(await page.getByText('内容不存在或已删除').isVisible());
  await context.close();
});
