// Inside WeChat: the app loads WeChat's JS-SDK from our own origin, configures it with
// the server's signature for the page (checked here as WeChat would, against the ticket
// the WeChat stand-in issued), and hands WeChat the card of the share, topic or profile
// on screen. A stand-in `WeixinJSBridge` (WeChat's in-app bridge, which the SDK talks
// to) records what the page asks. Outside WeChat the SDK is never loaded. And WeChat
// login: a stranger taps "微信登录并购买" on a share, WeChat's authorize page (the
// stand-in) sends them back logged in, and they buy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { BASE, OUTPUT, apiCall, launch, login, noPageProblems, phone } from './browser.mjs';

const STANDIN = process.env.WECHAT_STANDIN_URL;
const APP_ID = process.env.WECHAT_APP_ID;
const ANDROID_WECHAT_UA =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) ' +
  'Chrome/120.0.0.0 Mobile Safari/537.36 MicroMessenger/8.0.47.2560(0x28002F35) NetType/WIFI Language/zh_CN';
const IPHONE_WECHAT_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) ' +
  'Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN';

/** WeChat's in-app bridge as the SDK sees it: every call recorded and answered "ok",
 * except the SDK's statistics beacon (getNetworkType), which is left unanswered; with
 * `refuse`, the config is refused as WeChat refuses a bad signature. */
function bridge(refuse = false) {
  window.__wx = [];
  window.WeixinJSBridge = {
    invoke(name, args, callback) {
      window.__wx.push({ name, args: JSON.parse(JSON.stringify(args || {})) });
      if (refuse && name === 'preVerifyJSAPI') callback({ err_msg: 'config:invalid signature' });
      else if (name !== 'getNetworkType' && callback) callback({ err_msg: `${name}:ok` });
    },
    on(name) { window.__wx.push({ name: `on:${name}` }); },
    call(name) { window.__wx.push({ name }); },
  };
}

let browser;
let shareCode;
let product;
before(async () => {
  browser = await launch();
  const demo = await phone(browser);
  await login(demo.page, 'demo');
  const feed = await apiCall(demo.page, 'GET', '/api/v1/feed');
  assert.equal(feed.status, 200);
  const first = feed.body.items.map((card) => card.share).find((s) => s.product.image_url);
  ({ code: shareCode, product } = first);
  await demo.context.close();
});
after(async () => { await browser?.close(); });
after(async () => {
  const problems = await (await fetch(`${STANDIN}/_standin/problems`)).json();
  assert.deepEqual(problems, [], 'the WeChat stand-in found nothing wrong in our requests');
});
after(noPageProblems);

/** The calls the page made of WeChat, once it handed over both share cards. */
async function cardsHanded(page) {
  await page.waitForFunction(() =>
    ['updateAppMessageShareData', 'updateTimelineShareData'].every((n) => window.__wx?.some((c) => c.name === n)));
  return page.evaluate(() => window.__wx);
}

/** The config's signature is WeChat's: sha1 over one of the stand-in's tickets, the
 * nonce, the timestamp and `url`. */
async function assertSignedFor(calls, url) {
  const config = calls.find((c) => c.name === 'preVerifyJSAPI');
  assert.ok(config, 'wx.config reached WeChat');
  const a = config.args;
  assert.equal(a.verifyAppId, APP_ID);
  assert.deepEqual(a.verifyJsApiList, ['updateAppMessageShareData', 'updateTimelineShareData']);
  const tickets = await (await fetch(`${STANDIN}/_standin/tickets`)).json();
  const signed = tickets.some((ticket) =>
    createHash('sha1')
      .update(`jsapi_ticket=${ticket}&noncestr=${a.verifyNonceStr}&timestamp=${a.verifyTimestamp}&url=${url}`)
      .digest('hex') === a.verifySignature);
  assert.ok(signed, `signed for ${url}`);
}

test('in WeChat a share page, a topic and a profile hand WeChat their own card', async () => {
  const { context, page } = await phone(browser, { userAgent: ANDROID_WECHAT_UA });
  await context.addInitScript(bridge);
  const link = `${BASE}/s/${shareCode}`;
  await page.goto(`${link}?from=singlemessage#top`);
  let calls = await cardsHanded(page);
  // Android: the page's own URL, without its fragment.
  await assertSignedFor(calls, `${link}?from=singlemessage`);
  const card = calls.find((c) => c.name === 'updateAppMessageShareData').args;
  assert.match(card.title, / 推荐：/);
  assert.ok(card.desc.length > 0);
  assert.equal(card.link, link);
  assert.equal(card.imgUrl, `${link}/card-square.jpg`);
  assert.deepEqual(calls.find((c) => c.name === 'updateTimelineShareData').args.link, link);
  const square = await page.request.get(card.imgUrl);
  assert.equal(square.headers()['content-type'], 'image/jpeg');
  assert.ok(await page.locator('script[src="/jweixin.js"]').count() === 1, 'the SDK from our origin');

  // The product's topic: signed for its own URL, its own card.
  await page.goto(`${BASE}/p/${product.id}`);
  await page.getByRole('heading', { name: product.title }).waitFor();
  calls = await cardsHanded(page);
  await assertSignedFor(calls, `${BASE}/p/${product.id}`);
  const topic = calls.find((c) => c.name === 'updateAppMessageShareData').args;
  assert.ok(topic.title.startsWith(product.title), topic.title);
  assert.equal(topic.link, `${BASE}/p/${product.id}`);
  assert.equal(topic.imgUrl, `${BASE}${product.image_url}`);

  // A profile.
  await page.goto(`${BASE}/u/demo`);
  calls = await cardsHanded(page);
  const profile = calls.find((c) => c.name === 'updateAppMessageShareData').args;
  assert.match(profile.title, /的购物圈$/);
  assert.equal(profile.link, `${BASE}/u/demo`);
  await page.screenshot({ path: `${OUTPUT}wechat-profile.png` });
  await context.close();
});

test('on iOS WeChat the signature is for the URL the app was entered at', async () => {
  const { context, page } = await phone(browser, { userAgent: IPHONE_WECHAT_UA });
  await context.addInitScript(bridge);
  const entry = `${BASE}/s/${shareCode}`;
  await page.goto(entry);
  await assertSignedFor(await cardsHanded(page), entry);
  // Moving within the app keeps that config: the topic's card without a new one.
  await page.evaluate(() => { window.__wx = []; });
  await page.evaluate((id) => { history.pushState(null, '', `/p/${id}`); dispatchEvent(new PopStateEvent('popstate')); }, product.id);
  await page.getByRole('heading', { name: product.title }).waitFor();
  const calls = await cardsHanded(page);
  assert.equal(calls.filter((c) => c.name === 'preVerifyJSAPI').length, 0, 'no second config');
  await context.close();
});

test('when WeChat refuses the config, no card is set and the guide still shows', async () => {
  const { context, page } = await phone(browser, { userAgent: ANDROID_WECHAT_UA });
  await context.addInitScript(bridge, true);
  await page.goto(`${BASE}/s/${shareCode}`);
  await page.waitForFunction(() => window.__wx?.some((c) => c.name === 'preVerifyJSAPI'));
  await page.getByRole('button', { name: '分享' }).click();
  await page.getByText('点击右上角 ··· 发送给朋友').waitFor();
  const calls = await page.evaluate(() => window.__wx.map((c) => c.name));
  assert.ok(!calls.includes('updateAppMessageShareData'), calls.join());
  await context.close();
});

test('a stranger in WeChat logs in with WeChat in two taps, buys, and the sharer earns', async () => {
  const { context, page } = await phone(browser, { userAgent: IPHONE_WECHAT_UA });
  await context.addInitScript(bridge);
  const link = `${BASE}/s/${shareCode}`;
  await page.goto(link);
  // Tap 1: the buy button of a logged-out visitor inside WeChat logs in with WeChat
  // (the stand-in's authorize page allows at once) and comes back to the share.
  await page.getByRole('link', { name: '微信登录并购买' }).click();
  // Back on the share (WeChat's `#wechat_redirect` stays on the URL, as in WeChat).
  await page.waitForURL((url) => url.pathname === `/s/${shareCode}` && url.hash === '#wechat_redirect');
  const me = await apiCall(page, 'GET', '/api/v1/me');
  assert.equal(me.status, 200);
  assert.match(me.body.handle, /^wx_/);
  assert.match(me.body.display_name, /^微信用户/);
  // Tap 2: buy.
  await page.getByRole('button', { name: /立即购买 · ¥/ }).click();
  await page.getByText('购买成功！').waitFor();
  const orders = await apiCall(page, 'GET', '/api/v1/orders');
  assert.equal(orders.body.items[0].attribution, 'commission', 'the sharer earns the commission');
  await page.screenshot({ path: `${OUTPUT}wechat-bought.png` });

  // 我的 shows the WeChat login, which this account (made by WeChat) cannot unlink.
  await page.goto(`${BASE}/me`);
  await page.locator('.wechat-row').getByText('已绑定微信').waitFor();
  assert.equal(await page.locator('.wechat-row').getByRole('button', { name: '解绑' }).count(), 0);
  await page.screenshot({ path: `${OUTPUT}wechat-me.png` });
  await context.close();
});

test('the login page offers 微信登录 inside WeChat only', async () => {
  const inside = await phone(browser, { userAgent: ANDROID_WECHAT_UA });
  await inside.page.goto(`${BASE}/login?next=/me`);
  const button = inside.page.getByRole('link', { name: '微信登录' });
  assert.equal(await button.getAttribute('href'), '/auth/wechat?next=%2Fme');
  await inside.page.screenshot({ path: `${OUTPUT}wechat-login.png` });
  await inside.context.close();
  const outside = await phone(browser);
  await outside.page.goto(`${BASE}/login`);
  await outside.page.getByRole('button', { name: '登录' }).waitFor();
  assert.equal(await outside.page.getByRole('link', { name: '微信登录' }).count(), 0);
  await outside.context.close();
});

test('outside WeChat the SDK is never loaded', async () => {
  const { context, page } = await phone(browser);
  const asked = [];
  page.on('request', (r) => asked.push(new URL(r.url()).pathname));
  await page.goto(`${BASE}/s/${shareCode}`);
  await page.locator('.landing .share-out').waitFor(); // the app took over
  await page.goto(`${BASE}/u/demo`);
  await page.getByRole('heading', { name: /./ }).first().waitFor();
  assert.ok(!asked.includes('/jweixin.js'), 'no SDK');
  assert.ok(!asked.includes('/api/v1/wechat/jssdk-config'), 'no config');
  await context.close();
});
