// Reports that cannot censor, as the people involved see them: five buyers whose
// accounts are a week old report a share; its author finds "你的分享因多人举报已被隐藏" in
// 消息 and taps 申请复核; the moderator finds it first in the queue, marked 作者申请复核.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, OUTPUT, apiCall, launch, login, noPageProblems, phone, register, uniqueHandle } from './browser.mjs';

const EARPHONES = '降噪蓝牙耳机 Pro';
const DAY = 24 * 3600 * 1000;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** An API call that must succeed: its body. */
async function api(page, method, path, data, headers = {}) {
  const { status, body } = await apiCall(page, method, path, data, headers);
  assert.ok(status < 300, `${method} ${path}: ${status} ${JSON.stringify(body)}`);
  return body;
}

test('reports from established buyers hide a share; its author asks for a review; it leads the queue', async () => {
  const author = await phone(browser);
  await register(author.page, uniqueHandle('hidden'), '被举报的人');
  await author.page.waitForURL(`${BASE}/`);
  const product = (await api(author.page, 'GET', `/api/v1/products?q=${encodeURIComponent(EARPHONES)}`)).items[0].id;
  const share = await api(author.page, 'POST', '/api/v1/shares', { product_id: product, text: '加我领优惠券，私聊' });

  // Five buyers with delivered orders.
  const shop = await phone(browser);
  await login(shop.page, 'shuma_youxuan');
  const reporters = [];
  for (let i = 0; i < 5; i++) {
    const r = await phone(browser);
    await register(r.page, uniqueHandle(`rep${i}`), `买家${i}`);
    await r.page.waitForURL(`${BASE}/`);
    const order = await api(r.page, 'POST', '/api/v1/orders', { product_id: product, quantity: 1 }, {
      'idempotency-key': `appeal-${Date.now()}-${i}`,
    });
    await api(shop.page, 'POST', `/api/v1/merchant/orders/${order.id}/ship`, {
      carrier: 'sf',
      tracking_no: `SF${String(Date.now()).slice(-12)}`,
    });
    await api(r.page, 'POST', `/api/v1/orders/${order.id}/receive`);
    reporters.push(r);
  }
  // A week later their reports count.
  await api(author.page, 'POST', '/api/test/clock', { ms: 8 * DAY });
  for (const r of reporters) {
    await api(r.page, 'POST', `/api/v1/shares/id/${share.id}/report`, { reason: 'spam' });
  }

  await author.page.goto(`${BASE}/notifications`);
  const note = author.page.locator('.notifications li').filter({ hasText: '你的分享因多人举报已被隐藏' });
  await note.waitFor();
  await author.page.screenshot({ path: `${OUTPUT}appeal-notification.png` });
  await note.getByRole('button', { name: '申请复核' }).click();
  await note.getByRole('status').filter({ hasText: '已申请复核' }).waitFor();

  const moderator = await phone(browser);
  await login(moderator.page, 'moderator');
  await moderator.page.goto(`${BASE}/moderation`);
  const first = moderator.page.locator('.case[data-share]').first();
  await first.waitFor();
  assert.equal(await first.getAttribute('data-share'), String(share.id));
  await first.getByText('作者申请复核').waitFor();
  await first.scrollIntoViewIfNeeded();
  await moderator.page.screenshot({ path: `${OUTPUT}appeal-queue.png` });
  for (const c of [author, shop, moderator, ...reporters]) await c.context.close();
});

// Last, after the browser has closed: any page error, console error or CSP violation
// in this file fails it.
after(noPageProblems);
