// The merchant side, end to end at 390×844: an account applies to sell; a moderator
// approves it; the merchant lists a product; a moderator approves the product; a shopper
// buys it through a friend's share; the merchant ships; the shopper confirms receipt;
// the return window passes; the sharer's commission is available and the shop's balance
// shows the sale less the commission.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, OUTPUT, launch, login, noPageProblems, phone, receive, register, ship, uniqueHandle } from './browser.mjs';

const CSRF = { 'x-circle-csrf': '1' };
const DAY = 24 * 3600 * 1000;
// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** A valid 统一社会信用代码 no earlier run used: 17 random characters and their check (GB 32100-2015). */
function creditCode() {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  let body = '91330106';
  while (body.length < 17) body += chars[Math.floor(Math.random() * 31)];
  const sum = [...body].reduce((s, c, i) => s + chars.indexOf(c) * weights[i], 0);
  return body + chars[(31 - (sum % 31)) % 31];
}

async function advance(page, ms) {
  const res = await page.request.post(`${BASE}/api/test/clock`, { headers: CSRF, data: { ms } });
  assert.equal(res.status(), 200, await res.text());
  return res.json();
}

test('apply, approve, list, review, sell through a share, ship, receive, settle', async () => {
  const m = await phone(browser);
  const handle = uniqueHandle('shop');
  const shopName = `云雾茶园${handle.slice(-4)}`;
  const title = `高山云雾绿茶 ${handle.slice(-4)}`;
  await register(m.page, handle, '茶园主');
  await m.page.waitForURL(`${BASE}/`);

  // A wrong check character is refused with the field's message; the right code files.
  await m.page.goto(`${BASE}/me`);
  await m.page.getByRole('link', { name: '我要开店' }).click();
  await m.page.getByLabel('店铺名称').fill(shopName);
  await m.page.getByLabel('联系方式').fill('138 0000 0000');
  const code = creditCode();
  const wrong = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
  await m.page.getByLabel('统一社会信用代码').fill(wrong);
  await m.page.getByRole('button', { name: '提交申请' }).click();
  await m.page.getByRole('alert').getByText('统一社会信用代码不正确').waitFor();
  assert.equal(await m.page.getByLabel('店铺名称').inputValue(), shopName, 'nothing typed was lost');
  await m.page.getByLabel('统一社会信用代码').fill(code);
  await m.page.setInputFiles('#licence-photo', { name: 'licence.png', mimeType: 'image/png', buffer: PNG });
  await m.page.screenshot({ path: `${OUTPUT}merchant-apply-form.png`, fullPage: true });
  await m.page.getByRole('button', { name: '提交申请' }).click();
  await m.page.locator('.application').getByText('审核中').waitFor();
  await m.page.screenshot({ path: `${OUTPUT}merchant-apply.png`, fullPage: true });

  // The moderator approves the application.
  const mod = await phone(browser);
  await login(mod.page, 'moderator');
  await mod.page.goto(`${BASE}/moderation`);
  const app = mod.page.locator('.case[data-application]').filter({ hasText: shopName });
  await app.getByRole('link', { name: '营业执照照片（选填）' }).waitFor();
  await app.getByRole('button', { name: '通过' }).click();
  await app.waitFor({ state: 'detached' });

  // The merchant lists a product with a photo; it waits for review.
  await m.page.reload();
  await m.page.locator('.application').getByText('已通过').waitFor();
  await m.page.getByRole('link', { name: '进入商家后台' }).click();
  await m.page.getByRole('tab', { name: '商品' }).click();
  await m.page.getByRole('button', { name: '发布商品' }).click();
  await m.page.getByLabel('商品名称').fill(title);
  await m.page.getByLabel('商品描述').fill('明前采摘，一芽一叶。');
  await m.page.getByLabel('价格（元）').fill('100');
  await m.page.getByLabel('库存').fill('5');
  await m.page.getByLabel('佣金比例（%）').fill('95');
  await m.page.setInputFiles('#product-photos', { name: 'tea.png', mimeType: 'image/png', buffer: PNG });
  await m.page.getByRole('button', { name: '提交', exact: true }).click();
  await m.page.getByRole('alert').getByText('佣金比例最高 90%').waitFor();
  assert.equal(await m.page.getByLabel('商品名称').inputValue(), title, 'nothing typed was lost');
  await m.page.getByLabel('佣金比例（%）').fill('10');
  await m.page.getByRole('button', { name: '提交', exact: true }).click();
  const row = m.page.locator('.shop-product').filter({ hasText: title });
  await row.getByTestId('product-status').getByText('审核中').waitFor();
  await m.page.screenshot({ path: `${OUTPUT}console-products.png`, fullPage: true });

  // The moderator approves the product: it is on sale.
  await mod.page.goto(`${BASE}/moderation`);
  const review = mod.page.locator('.case[data-review]').filter({ hasText: title });
  await review.getByRole('button', { name: '通过' }).click();
  await review.waitFor({ state: 'detached' });
  await mod.context.close();
  await m.page.reload();
  await m.page.getByRole('tab', { name: '商品' }).click();
  await row.getByTestId('product-status').getByText('在售').waitFor();
  const productId = Number(await row.getAttribute('data-product'));

  // A sharer shares it; a shopper opens the share and buys through it.
  const s = await phone(browser);
  const hs = uniqueHandle('daren');
  await register(s.page, hs, '茶达人');
  await s.page.waitForURL(`${BASE}/`);
  const posted = await s.page.request.post(`${BASE}/api/v1/shares`, {
    headers: CSRF, data: { product_id: productId, text: `这款绿茶清香，推荐 (${hs.slice(-5)})` },
  });
  assert.equal(posted.status(), 201, await posted.text());
  const { code: shareCode } = await posted.json();
  const b = await phone(browser);
  await register(b.page, uniqueHandle('buyer'), '买茶人');
  await b.page.waitForURL(`${BASE}/`);
  await b.page.goto(`${BASE}/s/${shareCode}`);
  await b.page.getByRole('button', { name: /立即购买 · ¥100.00/ }).click();
  await b.page.getByText('购买成功！').waitFor();

  // The merchant ships from 待发货 (its tab counted it); the shopper confirms receipt.
  await m.page.goto(`${BASE}/merchant`);
  await m.page.getByRole('tab', { name: /待发货\s*1/ }).waitFor();
  await m.page.screenshot({ path: `${OUTPUT}console-to-ship.png`, fullPage: true });
  await ship(m.page, title, '买茶人');
  await receive(b.page);
  await b.page.screenshot({ path: `${OUTPUT}order-received.png`, fullPage: true });

  // The return window passes: the order completes.
  const ran = await advance(b.page, 7 * DAY + 60_000);
  assert.ok(ran.completed >= 1, JSON.stringify(ran));
  await s.page.goto(`${BASE}/earnings`);
  await s.page.getByTestId('available').getByText('¥10.00').waitFor();
  await m.page.goto(`${BASE}/merchant`);
  await m.page.getByTestId('shop-available').getByText('¥90.00').waitFor();
  await m.page.getByRole('tab', { name: '达人带货' }).click();
  const sales = m.page.locator('.sales-row').filter({ hasText: '茶达人' });
  await sales.getByText('佣金 ¥10.00').waitFor();
  await sales.getByText(`/s/${shareCode}`).waitFor();
  await m.page.getByRole('tab', { name: '资金' }).click();
  await m.page.locator('.settlement').filter({ hasText: title }).getByText('到账 ¥90.00').waitFor();
  await m.page.screenshot({ path: `${OUTPUT}console-money.png`, fullPage: true });

  for (const p of [m, s, b]) await p.context.close();
});

test('a shopper cannot open the console, and an unknown shop is not found', async () => {
  const c = await phone(browser);
  await register(c.page, uniqueHandle('plain'), '普通用户');
  await c.page.waitForURL(`${BASE}/`);
  await c.page.goto(`${BASE}/merchant`);
  await c.page.getByRole('alert').getByText('只有认证商家可以使用').waitFor();
  const res = await c.page.request.get(`${BASE}/api/v1/merchant`);
  assert.equal(res.status(), 403);
  assert.equal((await res.json()).code, 'not_merchant');
  await c.page.goto(`${BASE}/m/999999`);
  await c.page.getByRole('heading', { name: '出错了' }).waitFor();
  await c.context.close();
});

// Last, after the browser has closed: any page error, console error or CSP violation
// in this file fails it.
after(noPageProblems);
