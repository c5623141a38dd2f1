// Order: a reader reports a share from their circle; the moderator hides it from the
// console, with a reason that lands in the audit log; it leaves the reader's circle and
// the reader sees the outcome of the report.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, OUTPUT, circleLoaded, launch, noPageProblems, phone, register, uniqueHandle } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const CSRF = { 'x-circle-csrf': '1' };

test('a moderator hides a reported share and it leaves the reporter\'s circle', async () => {
  const author = await phone(browser);
  const reader = await phone(browser);
  const ha = uniqueHandle('spam');
  const hr = uniqueHandle('reader');
  await register(author.page, ha, '引流号');
  await author.page.waitForURL(`${BASE}/`);
  await register(reader.page, hr, '认真读者');
  await reader.page.waitForURL(`${BASE}/`);

  // The author posts; the two become friends (so it reaches the reader's circle).
  const products = await (await author.page.request.get(`${BASE}/api/v1/products?q=${encodeURIComponent('保温杯')}`)).json();
  const words = `加我微信领红包，私聊有优惠 (${ha.slice(-5)})`;
  const posted = await author.page.request.post(`${BASE}/api/v1/shares`, {
    headers: CSRF, data: { product_id: products.items[0].id, text: words },
  });
  assert.equal(posted.status(), 201, await posted.text());
  const req = await reader.page.request.post(`${BASE}/api/v1/friend-requests`, { headers: CSRF, data: { to_handle: ha } });
  const { id } = await req.json();
  assert.equal((await author.page.request.post(`${BASE}/api/v1/friend-requests/${id}/accept`, { headers: CSRF })).status(), 204);

  // The reader reports it from the card.
  await reader.page.goto(`${BASE}/`);
  const card = reader.page.getByRole('article').filter({ hasText: words });
  await card.getByRole('button', { name: '举报' }).click();
  await card.getByRole('button', { name: '垃圾广告' }).click();
  await card.getByText('已举报，感谢反馈').waitFor();

  // The moderator (demo data) opens the console, gives a reason and hides it.
  const mod = await phone(browser);
  await mod.page.goto(`${BASE}/login`);
  await mod.page.getByLabel('账号').fill('moderator');
  await mod.page.getByLabel('密码').fill('gouwuquan2026');
  await mod.page.getByRole('button', { name: '登录' }).click();
  await mod.page.waitForURL(`${BASE}/`);
  await mod.page.goto(`${BASE}/me`);
  await mod.page.getByRole('link', { name: /内容审核/ }).click();
  const kase = mod.page.locator('.case').filter({ hasText: words });
  await kase.getByText('垃圾广告').waitFor();
  await kase.getByRole('textbox', { name: '处理理由（写入审计日志）' }).fill('站外引流');
  await kase.getByRole('button', { name: '隐藏' }).click();
  await mod.page.locator('.log').getByText('站外引流').waitFor();
  await mod.page.screenshot({ path: `${OUTPUT}moderation.png`, fullPage: true });

  // Gone from the reader's circle; the reader sees the outcome.
  await reader.page.goto(`${BASE}/`);
  await circleLoaded(reader.page);
  assert.equal(await reader.page.getByText(words).count(), 0);
  await reader.page.goto(`${BASE}/me`);
  await reader.page.getByText('已处理：举报成立').waitFor();

  for (const p of [author, reader, mod]) await p.context.close();
});

// Last, after the browser has closed: any page error, console error or CSP violation
// in this file fails it.
after(noPageProblems);
