// Attribution is a tap, not a page view (cookie stuffing): a page on another origin that
// opens or redirects through a share link while the buyer is logged in earns the share's
// author nothing; the buyer who taps 立即购买 on the share page does. And with scripts
// off, a share whose text holds `<!--<script>` still shows (the embedded JSON cannot
// swallow the page).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { BASE, OUTPUT, apiCall, launch, noPageProblems, phone, register, uniqueHandle } from './browser.mjs';

const EARPHONES = '降噪蓝牙耳机 Pro'; // ¥599.00 at 3%
const TEXT = '音质很好 <!--<script> 通勤必备';

let browser;
let evil;
before(async () => { browser = await launch(); });
after(async () => {
  await browser?.close();
  evil?.close();
});

/** Another site (another port of loopback) that sends its visitors through `target`. */
function otherSite(target) {
  const pages = {
    '/open': `<!doctype html><title>抽奖</title><p>恭喜中奖</p><script>window.open(${JSON.stringify(target)}, '_blank')</script>`,
    '/redirect': `<!doctype html><title>抽奖</title><script>location.replace(${JSON.stringify(target)})</script>`,
  };
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(pages[req.url] ?? '<!doctype html><p>nothing</p>');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}


async function latestOrder(page) {
  const { status, body } = await apiCall(page, 'GET', '/api/v1/orders');
  assert.equal(status, 200);
  return body.items.reduce((a, b) => (a.id > b.id ? a : b));
}

test('another site opening a share link earns nothing; a tap on 立即购买 earns the commission', async () => {
  // A shares the earphones.
  const a = await phone(browser);
  await register(a.page, uniqueHandle('author'), '真诚分享');
  await a.page.waitForURL(`${BASE}/`);
  const found = await apiCall(a.page, 'GET', `/api/v1/products?q=${encodeURIComponent(EARPHONES)}`);
  const product = found.body.items[0].id;
  const shared = await apiCall(a.page, 'POST', '/api/v1/shares', { product_id: product, text: TEXT });
  assert.equal(shared.status, 201, JSON.stringify(shared.body));
  const link = `${BASE}/s/${shared.body.code}`;

  // B is logged in; another site opens the link in a new tab and redirects through it.
  const b = await phone(browser);
  await register(b.page, uniqueHandle('buyer'), '普通买家');
  await b.page.waitForURL(`${BASE}/`);
  evil = await otherSite(link);
  const origin = `http://127.0.0.1:${evil.address().port}`;
  assert.notEqual(new URL(origin).origin, new URL(BASE).origin);
  const popup = b.context.waitForEvent('page');
  await b.page.goto(`${origin}/open`);
  const opened = await popup;
  await opened.waitForURL(link);
  await opened.getByRole('button', { name: /立即购买 · ¥599.00/ }).waitFor();
  const tab = await b.context.newPage();
  await tab.goto(`${origin}/redirect`);
  await tab.waitForURL(link);
  await tab.getByRole('button', { name: /立即购买 · ¥599.00/ }).waitFor();
  await tab.screenshot({ path: `${OUTPUT}attribution-share-page.png` });

  // B then buys the product from its own page: nobody tapped the share, nobody earns.
  const order = await apiCall(b.page, 'POST', '/api/v1/orders', { product_id: product, quantity: 1 }, {
    'idempotency-key': `stuffed-${Date.now()}`,
  });
  assert.equal(order.status, 201, JSON.stringify(order.body));
  assert.equal(order.body.attribution, 'no_click');

  // B taps 立即购买 on the share page: that purchase is the share's.
  await tab.getByRole('button', { name: /立即购买 · ¥599.00/ }).click();
  await tab.getByRole('status').filter({ hasText: '购买成功' }).waitFor();
  const tapped = await latestOrder(b.page);
  assert.notEqual(tapped.id, order.body.id);
  assert.equal(tapped.attribution, 'commission');
  const earnings = await apiCall(a.page, 'GET', '/api/v1/earnings');
  assert.equal(earnings.body.pending_cents, 1797, JSON.stringify(earnings.body));

  // With scripts off, the share and its tricky text are on the page.
  const noScript = await phone(browser, { javaScriptEnabled: false });
  await noScript.page.goto(link);
  await noScript.page.getByText(TEXT).waitFor();
  await noScript.page.screenshot({ path: `${OUTPUT}attribution-no-script.png` });
  for (const c of [a, b, noScript]) await c.context.close();
});

// Last, after the browser has closed: any page error, console error or CSP violation
// in this file fails it.
after(noPageProblems);
