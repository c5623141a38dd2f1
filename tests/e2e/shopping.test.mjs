// Discover, a product page, buying, and the order's life on 我的.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, OUTPUT, launch, login, noPageProblems, phone, receive, register, ship, uniqueHandle } from './browser.mjs';

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
  // The three demo teas, and only products with 茶 in their title (other specs on this
  // server may list more teas).
  for (const tea of ['云南古树普洱茶饼 357g', '福鼎白茶 白牡丹 100g', '手工红糖姜茶 12 袋']) {
    await page.getByText(tea).waitFor();
  }
  await page.waitForFunction(() => [...document.querySelectorAll('.product-card')].every((c) => c.textContent.includes('茶')));

  await page.getByRole('searchbox', { name: '搜索商品' }).fill('');
  await page.getByRole('button', { name: '数码' }).click();
  await page.getByText('65W 氮化镓充电器').waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.product-card').length === 2);

  await page.getByRole('searchbox', { name: '搜索商品' }).fill('不存在的东西');
  await page.getByRole('button', { name: '搜索', exact: true }).click();
  await page.getByText('没有找到相关商品，换个词试试').waitFor();
  await context.close();
});

test('a shopper buys, the shop ships, the shopper receives it and returns it within 7 days', async () => {
  const { context, page } = await phone(browser);
  await register(page, uniqueHandle('buyer'), '买家小王');
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
  assert.match(await order.innerText(), /商家 48 小时未发货可取消/);
  assert.equal(await order.getByRole('button', { name: '确认收货' }).count(), 0, 'not shipped yet');

  // The shop (山野茶铺, demo) ships it from its console.
  const shop = await phone(browser);
  await login(shop.page, 'shanye_tea');
  await ship(shop.page, '云南古树普洱茶饼 357g', '买家小王');

  // The buyer sees the waybill, confirms receipt, and has 7 days to return it.
  await receive(page);
  assert.match(await order.innerText(), /物流：顺丰速运 SF\d+/);
  assert.match(await order.innerText(), /七天无理由退货截止：\d{4}-\d{2}-\d{2}/);
  await order.getByRole('button', { name: '申请退货' }).click();
  await order.getByRole('textbox', { name: '退货原因' }).fill('口味不合适');
  await order.getByRole('button', { name: '提交退货申请' }).click();
  await order.getByText('退货申请中，等待商家处理').waitFor();
  await page.screenshot({ path: `${OUTPUT}orders.png` });

  // The shop accepts the return from its 退货 tab; the buyer is refunded.
  await shop.page.goto(`${BASE}/merchant`);
  await shop.page.getByRole('tab', { name: /退货/ }).click();
  const ret = shop.page.locator('.shop-order').filter({ hasText: '买家小王' }).first();
  await ret.getByText('口味不合适').waitFor();
  await shop.page.screenshot({ path: `${OUTPUT}console-returns.png`, fullPage: true });
  await ret.getByRole('button', { name: '同意退货退款' }).click();
  await ret.waitFor({ state: 'detached' });
  await page.reload();
  await page.locator('.order').first().getByText('已退款').waitFor();
  assert.equal(await page.locator('.order').first().getByRole('button').count(), 0);
  await shop.context.close();
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

// Last, after the browser has closed: any page error, console error or CSP violation
// in this file fails it.
after(noPageProblems);
