// Two friends in two browsers: a verified share with a rating and a photo, a like and a
// comment, the product's topic page, and the per-day limit shown in the composer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, OUTPUT, circleLoaded, launch, login, noPageProblems, phone, receive, register, ship, uniqueHandle } from './browser.mjs';

// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const TEA = '云南古树普洱茶饼 357g';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function teaId(page) {
  const res = await page.request.get(`${BASE}/api/v1/products?q=${encodeURIComponent('普洱茶饼')}`);
  return (await res.json()).items[0].id;
}

test('friends share, like, comment and meet on the product topic page', async () => {
  const a = await phone(browser);
  const b = await phone(browser);
  const ha = uniqueHandle('amy');
  const hb = uniqueHandle('ben');
  await register(a.page, ha, '艾米');
  await a.page.waitForURL(`${BASE}/`);
  await register(b.page, hb, '小本');
  await b.page.waitForURL(`${BASE}/`);
  const tea = await teaId(a.page);
  // Unique per run, so an earlier run's shares on the same server never match.
  const words = `茶汤醇厚，回甘明显，推荐！(${ha.slice(-5)})`;

  // B finds A by handle and asks to be friends; A accepts on 我的.
  await b.page.goto(`${BASE}/me`);
  await b.page.getByRole('searchbox', { name: '按账号找人' }).fill(ha);
  await b.page.getByRole('button', { name: '搜索', exact: true }).click();
  await b.page.getByRole('button', { name: '加好友' }).click();
  await b.page.getByText('已申请').waitFor();
  await a.page.goto(`${BASE}/me`);
  await a.page.getByRole('button', { name: '接受' }).first().click();
  await a.page.locator('.people').getByText('小本').first().waitFor();

  // A buys the tea; its shop ships it; A confirms receipt.
  await a.page.goto(`${BASE}/p/${tea}`);
  await a.page.getByRole('button', { name: /立即购买/ }).click();
  await a.page.getByText('购买成功！').waitFor();
  const shop = await phone(browser);
  await login(shop.page, 'shanye_tea');
  await ship(shop.page, TEA, '艾米');
  await shop.context.close();
  await receive(a.page);

  // A shares it with a rating and a photo.
  await a.page.goto(`${BASE}/share?product=${tea}`);
  await a.page.getByLabel('分享你的真实体验').fill(words);
  await a.page.getByRole('button', { name: '5', exact: true }).click();
  await a.page.setInputFiles('#share-photos', { name: 'tea.png', mimeType: 'image/png', buffer: PNG });
  await a.page.screenshot({ path: `${OUTPUT}composer.png` });
  await a.page.getByRole('button', { name: '发布到购物圈' }).click();
  await a.page.waitForURL(`${BASE}/`);
  await a.page.getByText(words).waitFor();

  // Within 15 minutes A can edit the text.
  const mine = a.page.getByRole('article').filter({ hasText: '艾米' });
  await mine.getByRole('button', { name: '编辑' }).click();
  await mine.getByRole('textbox', { name: '编辑' }).fill(`${words}第二泡更好。`);
  await mine.getByRole('button', { name: '保存' }).click();
  await mine.getByText(`${words}第二泡更好。`).waitFor();

  // B sees it with 已购 in the circle, likes and comments.
  await b.page.goto(`${BASE}/`);
  const card = b.page.getByRole('article').filter({ hasText: words });
  await card.getByText('已购', { exact: true }).waitFor();
  assert.equal(await card.locator('.share-photos img').count(), 1);
  assert.equal(await card.locator('.stars').innerText(), '★★★★★');
  const like = card.getByRole('button', { name: /赞/ });
  await like.click();
  assert.equal(await like.getAttribute('aria-pressed'), 'true');
  await card.locator('.count').first().filter({ hasText: '1' }).waitFor();
  await card.getByRole('button', { name: /评论/ }).click();
  await card.getByLabel('评论').fill('看起来不错！多少钱？');
  await card.getByRole('button', { name: '发送' }).click();
  await card.getByText('看起来不错！多少钱？').waitFor();
  await b.page.screenshot({ path: `${OUTPUT}circle-card.png` });

  // A sees the like and the comment.
  await a.page.reload();
  const own = a.page.getByRole('article').filter({ hasText: words });
  await own.getByRole('button', { name: /赞 1/ }).waitFor();
  await own.getByRole('button', { name: /评论 1/ }).click();
  await own.getByText('看起来不错！多少钱？').waitFor();

  // B opens the topic page: one friend bought it, and A's share is there.
  await b.page.goto(`${BASE}/p/${tea}`);
  await b.page.getByText('1 位好友买过').waitFor();
  await b.page.getByRole('article').filter({ hasText: words }).waitFor();
  await b.page.screenshot({ path: `${OUTPUT}topic.png`, fullPage: true });

  // A's second share of the same product the same day is refused, and the text stays.
  await a.page.goto(`${BASE}/share?product=${tea}`);
  await a.page.getByLabel('分享你的真实体验').fill('再来一条');
  await a.page.getByRole('button', { name: '发布到购物圈' }).click();
  await a.page.getByRole('alert').filter({ hasText: '今天已经分享过这个商品了，明天再来吧' }).waitFor();
  assert.equal(await a.page.getByLabel('分享你的真实体验').inputValue(), '再来一条');
  await a.page.screenshot({ path: `${OUTPUT}share-refused.png` });

  // Nearly the same words about another product: refused as a near-duplicate, text kept.
  const res = await a.page.request.get(`${BASE}/api/v1/products?q=${encodeURIComponent('白茶')}`);
  const whiteTea = (await res.json()).items[0].id;
  const copied = `${words}第二泡更好！`;
  await a.page.goto(`${BASE}/share?product=${whiteTea}`);
  // Opened from a product not bought: it is offered, and chosen.
  assert.ok(await a.page.getByRole('radio', { name: /白茶/ }).isChecked());
  await a.page.getByLabel('分享你的真实体验').fill(copied);
  await a.page.getByRole('button', { name: '发布到购物圈' }).click();
  await a.page.getByRole('alert').filter({ hasText: '这段话和你 7 天内的一条分享几乎一样' }).waitFor();
  assert.equal(await a.page.getByLabel('分享你的真实体验').inputValue(), copied);
  await a.page.screenshot({ path: `${OUTPUT}share-near-duplicate.png` });

  // B deletes the comment; A deletes the share, and it leaves B's circle.
  await b.page.goto(`${BASE}/`);
  const seen = b.page.getByRole('article').filter({ hasText: words });
  await seen.getByRole('button', { name: /评论/ }).click();
  await seen.getByText('看起来不错！多少钱？').waitFor();
  await seen.locator('.comments').getByRole('button', { name: '删除' }).click();
  await seen.getByRole('button', { name: /评论 0/ }).waitFor();
  await a.page.goto(`${BASE}/`);
  a.page.once('dialog', (dialog) => dialog.accept());
  await a.page.getByRole('article').filter({ hasText: words }).getByRole('button', { name: '删除' }).click();
  await a.page.getByRole('article').filter({ hasText: words }).waitFor({ state: 'hidden' });
  await b.page.reload();
  await circleLoaded(b.page);
  assert.equal(await b.page.getByText(words).count(), 0);
  await a.context.close();
  await b.context.close();
});

test('pulling the circle down at the top loads what is new', async () => {
  const { context, page } = await phone(browser);
  const handle = uniqueHandle('puller');
  await register(page, handle, '下拉君');
  await page.waitForURL(`${BASE}/`);
  await page.getByText('没有更多了').or(page.getByRole('link', { name: '去发现好物' })).first().waitFor();

  // Something new arrives after the page was loaded: my own share, made elsewhere.
  const tea = await teaId(page);
  const words = `刚到的新茶 (${handle.slice(-5)})`;
  const res = await page.request.post(`${BASE}/api/v1/shares`, {
    headers: { 'x-circle-csrf': '1' },
    data: { product_id: tea, text: words },
  });
  assert.equal(res.status(), 201, await res.text());
  assert.equal(await page.getByText(words).count(), 0);

  // A finger drags the page down from the top and lets go.
  const cdp = await context.newCDPSession(page);
  const touch = (type, y) => cdp.send('Input.dispatchTouchEvent', {
    type, touchPoints: type === 'touchEnd' ? [] : [{ x: 195, y }],
  });
  await touch('touchStart', 150);
  for (const y of [180, 220, 260, 300]) await touch('touchMove', y);
  await page.getByText('松开刷新').waitFor();
  await page.screenshot({ path: `${OUTPUT}pull-to-refresh.png` });
  await touch('touchEnd', 300);
  await page.getByText(words).waitFor();
  await context.close();
});

test('a like tapped again while its request is on its way ends as last tapped, on screen and on the server', async () => {
  const { context, page } = await phone(browser);
  await login(page, 'demo');
  await circleLoaded(page);
  // The first like request waits until released; any later one goes straight through.
  const sent = [];
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route(/\/api\/v1\/shares\/id\/\d+\/like$/, async (route) => {
    sent.push(`${route.request().method()} ${new URL(route.request().url()).pathname}`);
    if (sent.length === 1) await held;
    await route.continue();
  });
  const like = page.locator('main.page article.share').first().locator('button[data-act="like"]');
  const before = await like.getAttribute('aria-pressed');
  await like.click();
  await page.waitForFunction((was) => document.querySelector('main.page article.share button[data-act="like"]').getAttribute('aria-pressed') !== was, before);
  await like.click();
  await page.waitForFunction((was) => document.querySelector('main.page article.share button[data-act="like"]').getAttribute('aria-pressed') === was, before);
  // Still one request: the second tap waits for the first's answer.
  assert.equal(sent.length, 1, sent.join(', '));
  const again = page.waitForRequest((r) => /\/like$/.test(r.url()));
  release();
  // The first answer is not what was last tapped, so what was is sent after it.
  const second = await again;
  assert.ok((await second.response()).ok());
  const [method, path] = sent[0].split(' ');
  assert.equal(new URL(second.url()).pathname, path, 'the same share');
  assert.notEqual(second.method(), method, 'liked, then not (or the other way)');
  assert.equal(sent.length, 2, sent.join(', '));
  assert.equal(await like.getAttribute('aria-pressed'), before);
  // And the server agrees.
  const id = Number(path.split('/')[5]);
  const feed = await (await page.request.get(`${BASE}/api/v1/feed`)).json();
  const card = feed.items.find((c) => c.share.id === id);
  assert.ok(card, `share ${id} is in the feed`);
  assert.equal(String(card.share.liked_by_me), before);
  noPageProblems();
  await context.close();
});

// Last, after the browser has closed: any page error, console error or CSP violation
// in this file fails it.
after(noPageProblems);
