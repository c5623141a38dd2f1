// Sharing out and commissions, end to end: A shares; B, logged out and inside WeChat,
// opens A's link (the server already rendered it), sees the guide overlay on share,
// logs in with WeChat from the buy button and buys; A sees the pending commission with
// its date; the server's clock moves past the return window (a debug-build test
// control); A withdraws; a refund after confirmation claws the commission back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, OUTPUT, apiCall, cspViolations, launch, login, noPageProblems, phone, receive, register, ship, uniqueHandle } from './browser.mjs';

const EARPHONES = '降噪蓝牙耳机 Pro'; // ¥599.00 at 3%: ¥17.97 commission
const WECHAT_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) ' +
  'Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN';
const DAY = 24 * 3600 * 1000;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Moves the server's clock (debug builds with --test-controls only) and runs its jobs. */
async function advance(page, ms) {
  const res = await page.request.post(`${BASE}/api/test/clock`, {
    headers: { 'x-circle-csrf': '1' },
    data: { ms },
  });
  assert.equal(res.status(), 200, await res.text());
  return res.json();
}

async function settlePayouts(page, outcome) {
  const res = await page.request.post(`${BASE}/api/test/payouts`, {
    headers: { 'x-circle-csrf': '1' },
    data: { outcome },
  });
  assert.equal(res.status(), 200, await res.text());
}

async function productId(page, q) {
  const res = await page.request.get(`${BASE}/api/v1/products?q=${encodeURIComponent(q)}`);
  return (await res.json()).items[0].id;
}

/** The earphones' shop (数码优选, demo) ships the buyer's order; the buyer confirms receipt. */
async function deliver(buyerPage, buyerName) {
  const shop = await phone(browser);
  await login(shop.page, 'shuma_youxuan');
  await ship(shop.page, EARPHONES, buyerName);
  await shop.context.close();
  return receive(buyerPage);
}

test('a share link earns a commission that confirms, is withdrawn and is clawed back', async () => {
  const a = await phone(browser);
  const ha = uniqueHandle('sharer');
  await register(a.page, ha, '分享达人');
  await a.page.waitForURL(`${BASE}/`);
  const earphones = await productId(a.page, EARPHONES);

  // A buys, receives and shares.
  await a.page.goto(`${BASE}/p/${earphones}`);
  await a.page.getByRole('button', { name: /立即购买/ }).click();
  await a.page.getByText('购买成功！').waitFor();
  await deliver(a.page, '分享达人');
  const words = `地铁上终于安静了，续航也够一天 (${ha.slice(-5)})`;
  await a.page.goto(`${BASE}/share?product=${earphones}`);
  await a.page.getByLabel('分享你的真实体验').fill(words);
  await a.page.getByRole('button', { name: '发布到购物圈' }).click();
  await a.page.waitForURL(`${BASE}/`);

  // Share out from the card: QR code, the link, copy (no WeChat here: a sheet).
  const card = a.page.getByRole('article').filter({ hasText: words });
  await card.getByRole('button', { name: '分享' }).click();
  const sheet = a.page.getByRole('dialog', { name: '分享' });
  await sheet.locator('img.qr').waitFor();
  const link = await sheet.locator('.share-url').innerText();
  assert.match(link, new RegExp(`^${BASE}/s/[0-9A-Za-z]{12}$`));
  assert.doesNotMatch(await sheet.innerText(), /佣金|¥/, 'the share prompt never mentions money');
  await a.page.screenshot({ path: `${OUTPUT}share-sheet.png` });

  // The poster: drawn by the server, full screen, to press and hold to save.
  await sheet.getByRole('button', { name: '生成分享海报' }).click();
  const poster = a.page.getByRole('dialog', { name: '生成分享海报' });
  await poster.getByText('长按图片保存').waitFor();
  await a.page.waitForFunction(() => document.querySelector('img.poster')?.naturalWidth === 750);
  assert.equal(await poster.locator('img.poster').evaluate((img) => img.naturalHeight), 1334);
  const box = await poster.locator('img.poster').boundingBox();
  assert.ok(box.width <= 390 && box.height <= 844, `the poster fits the screen: ${JSON.stringify(box)}`);
  await a.page.screenshot({ path: `${OUTPUT}share-poster.png` });
  await poster.getByRole('button', { name: '关闭' }).click();
  await poster.waitFor({ state: 'detached' });

  // A link preview or a phone without scripts: the server's HTML alone shows the share.
  const noJs = await phone(browser, { javaScriptEnabled: false });
  const res = await noJs.page.goto(link);
  assert.equal(res.status(), 200);
  await noJs.page.getByRole('heading', { name: EARPHONES }).waitFor();
  await noJs.page.getByText(words).waitFor();
  await noJs.page.getByText('分享有佣金').waitFor();
  assert.match(
    await noJs.page.locator('meta[property="og:title"]').getAttribute('content'),
    new RegExp(`分享达人 推荐：${EARPHONES}`),
  );
  // Its preview picture is the drawn card (on the server's --public-url), a JPEG.
  const cardUrl = await noJs.page.locator('meta[property="og:image"]').getAttribute('content');
  assert.ok(cardUrl.endsWith(`${new URL(link).pathname}/card.jpg`), cardUrl);
  const cardRes = await noJs.page.request.get(`${link}/card.jpg`);
  assert.equal(cardRes.status(), 200);
  assert.equal(cardRes.headers()['content-type'], 'image/jpeg');
  await noJs.page.screenshot({ path: `${OUTPUT}share-page-no-js.png` });
  const ssrBox = await noJs.page.locator('.landing-title').boundingBox();
  await noJs.context.close();

  // B opens the link inside WeChat, logged out; the app takes over where the HTML was.
  const b = await phone(browser, { userAgent: WECHAT_UA });
  await b.page.goto(link);
  await b.page.locator('.landing .share-out').waitFor(); // rendered by the app
  const appBox = await b.page.locator('.landing-title').boundingBox();
  assert.deepEqual(appBox, ssrBox, 'the app renders the title where the server did');
  await b.page.getByRole('button', { name: '分享' }).click();
  await b.page.getByText('点击右上角 ··· 发送给朋友').waitFor();
  await b.page.screenshot({ path: `${OUTPUT}wechat-guide.png` });
  await b.page.getByRole('dialog').click();
  await b.page.getByText('点击右上角 ··· 发送给朋友').waitFor({ state: 'detached' });

  // B logs in with WeChat from the buy button (WeChat's authorize page is the stand-in's),
  // comes back to the share and buys.
  await b.page.getByRole('link', { name: '微信登录并购买' }).click();
  await b.page.waitForURL((url) => url.pathname === new URL(link).pathname && url.hash === '#wechat_redirect');
  const buyerName = (await apiCall(b.page, 'GET', '/api/v1/me')).body.display_name;
  assert.match(buyerName, /^微信用户/);
  await b.page.getByRole('button', { name: /立即购买 · ¥599.00/ }).click();
  await b.page.getByText('购买成功！').waitFor();
  await b.page.goto(`${BASE}/me`);
  await b.page.getByText('通过好友的分享购买').waitFor();

  // A: a notification badge, and the pending commission waiting for delivery.
  await a.page.goto(`${BASE}/earnings`);
  await a.page.locator('.tab-badge').waitFor();
  await a.page.getByTestId('pending').getByText('¥17.97').waitFor();
  await a.page.getByText('待确认 · 等买家确认收货后 7 天').waitFor();
  await a.page.getByText(/1 单成交/).waitFor();

  // B receives it: A sees the date the commission becomes available.
  const bOrder = await deliver(b.page, buyerName);
  await a.page.reload();
  // The server's clock (which this spec moves), in China time, plus the return window.
  const { now } = await advance(a.page, 0);
  const date = new Date(now + 7 * DAY + 8 * 3600 * 1000).toISOString().slice(0, 10);
  await a.page.getByText(`待确认 · 可提现日期 ${date}`).waitFor();
  await a.page.screenshot({ path: `${OUTPUT}earnings-pending.png`, fullPage: true });

  // The return window passes.
  const ran = await advance(a.page, 7 * DAY + 60_000);
  assert.ok(ran.completed >= 1);
  await a.page.reload();
  await a.page.getByTestId('available').getByText('¥17.97').waitFor();
  await a.page.getByText('已确认，已计入可提现').waitFor();
  // The server rendered the page; its form is the app's once the app has taken over.
  await a.page.locator('#boot').waitFor({ state: 'detached' });

  // Below the minimum is refused with the message; then A withdraws everything.
  await a.page.getByLabel('提现金额（元）').fill('9.99');
  await a.page.getByRole('button', { name: '提现', exact: true }).click();
  await a.page.getByRole('alert').getByText('提现金额需不少于 ¥10').waitFor();
  await a.page.getByRole('button', { name: '全部' }).click();
  await a.page.getByRole('button', { name: '提现', exact: true }).click();
  await a.page.getByText('提现申请已提交').waitFor();
  await a.page.getByTestId('available').getByText('¥0.00').waitFor();
  await a.page.locator('.withdrawal').getByText('处理中').waitFor();
  await settlePayouts(a.page, 'paid');
  await a.page.reload();
  await a.page.getByTestId('withdrawn').getByText('¥17.97').waitFor();
  await a.page.locator('.withdrawal').getByText('已到账').waitFor();

  // The order completed: B can no longer return it. A counterfeit is found later and a
  // moderator refunds it: the commission is clawed back from available, which goes
  // negative and pauses withdrawals.
  await b.page.goto(`${BASE}/me`);
  const bCard = b.page.locator(`.order[data-order="${bOrder}"]`);
  await bCard.getByText('已完成').waitFor();
  assert.equal(await bCard.getByRole('button').count(), 0);
  const mod = await phone(browser);
  await login(mod.page, 'moderator');
  await mod.page.goto(`${BASE}/moderation`);
  const refund = mod.page.locator('.order-refund');
  await refund.getByRole('textbox', { name: '订单号' }).fill(bOrder);
  await refund.getByRole('textbox', { name: '处理理由（写入审计日志）' }).fill('鉴定为假货');
  await refund.getByRole('button', { name: '退款' }).click();
  await mod.page.locator('.log').getByText('鉴定为假货').waitFor();
  await mod.context.close();
  await b.page.reload();
  await bCard.getByText('已退款').waitFor();
  await a.page.reload();
  await a.page.getByTestId('available').getByText('-¥17.97').waitFor();
  await a.page.getByText('已扣回：订单在确认后退款').waitFor();
  await a.page.getByText('暂不能提现').waitFor();
  await a.page.screenshot({ path: `${OUTPUT}earnings-clawback.png`, fullPage: true });

  // Notifications list the money events; opening them clears the badge.
  await a.page.goto(`${BASE}/notifications`);
  await a.page.getByText('有好友通过你的分享下单，佣金待确认').waitFor();
  await a.page.getByText('订单退款，一笔佣金已扣回').waitFor();
  await a.page.locator('.tab-badge').waitFor({ state: 'detached' });

  // The whole flow ran under the Content-Security-Policy without a violation.
  assert.deepEqual(cspViolations, []);
  const csp = (await a.page.request.get(`${BASE}/`)).headers()['content-security-policy'];
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
  assert.doesNotMatch(csp, /unsafe-inline/);

  await a.context.close();
  await b.context.close();
});

test('an unknown share link gets a 404 page', async () => {
  const c = await phone(browser);
  const res = await c.page.goto(`${BASE}/s/NoSuchCode12`);
  assert.equal(res.status(), 404);
  await c.page.getByText('页面不存在').waitFor();
  await c.context.close();
});

// Last, after the browser has closed: any page error, console error or CSP violation
// in this file fails it.
after(noPageProblems);
