// The per-route split (issue 14): the circle loads only the main module; another page
// fetches its group's module on first visit; a share card's comments load when opened;
// the share page, the circle, a topic and 收益 keep the server's rendering on screen
// while the app loads, and it takes over with nothing moved. Each group's modules come in one file,
// `pack_<group>.bin`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, circleLoaded, launch, login, noPageProblems, pageProblems, phone } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The build's files `page` requests from now on (file names, in order). */
function appRequests(page) {
  const names = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/app/')) names.push(path.split('/').pop());
  });
  return names;
}

test('the circle needs only the main module; other pages fetch their own on first visit', async () => {
  const { context, page } = await phone(browser);
  await login(page, 'demo');
  const fetched = appRequests(page);
  await page.reload();
  await circleLoaded(page);
  assert.ok(fetched.includes('circle-app_bg.wasm'), `main module fetched: ${fetched}`);
  assert.deepEqual(fetched.filter((f) => f.startsWith('pack_')), [], 'no page group on the circle');

  // In the app (no reload): the first visit to a topic fetches the topic group.
  const before = fetched.length;
  await page.locator('article.share a[href^="/p/"]').first().click();
  await page.waitForURL(/\/p\/\d+$/);
  await page.getByRole('heading', { level: 1 }).waitFor();
  const topic = fetched.slice(before);
  assert.deepEqual(topic.filter((f) => f.startsWith('pack_')), ['pack_topic.bin'], `topic group: ${topic}`);
  assert.ok(!topic.includes('circle-app_bg.wasm'), 'the main module is not fetched again');

  // Back on the circle, a card's comments load their module when first opened.
  await page.goBack();
  await circleLoaded(page);
  const card = page.locator('article.share').first();
  await card.getByRole('button', { name: /评论/ }).click();
  await card.getByRole('button', { name: '发送' }).waitFor();
  assert.equal(fetched.filter((f) => f === 'pack_comments.bin').length, 1, `${fetched}`);
  noPageProblems();
  await context.close();
});

// index.html's first script names each route's group (src/split.rs groups the pages):
// a first visit fetches that group's pack once, by its preload, and no other.
for (const [path, group] of [['/p/1', 'topic'], ['/discover', 'browse'], ['/earnings', 'mine'],
  ['/login', 'account'], ['/moderation', 'work']]) {
  test(`a first visit to ${path} fetches the ${group} group with the main module, once`, async () => {
    const { context, page } = await phone(browser);
    await page.goto(`${BASE}${path}`);
    await page.locator('#boot').waitFor({ state: 'detached' });
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    const entries = await page.evaluate(() => performance.getEntriesByType('resource')
      .filter((e) => e.name.includes('/app/'))
      .map((e) => ({ file: e.name.split('/').pop(), by: e.initiatorType })));
    const packs = entries.filter((e) => e.file.startsWith('pack_'));
    assert.deepEqual(packs.map((e) => [e.file, e.by]), [[`pack_${group}.bin`, 'link']],
      `fetched once, by the preload: ${JSON.stringify(entries)}`);
    noPageProblems();
    await context.close();
  });
}

test('a share page shows the server-rendered share until the app takes it over, with no shift', async () => {
  const { context: own, page: mine } = await phone(browser);
  await login(mine, 'demo');
  const code = await mine.evaluate(async () => (await (await fetch('/api/v1/feed')).json()).items[0].share.code);
  await own.close();

  // A first visit. The service worker is blocked: once it has claimed the page (it registers
  // on load, which can come before the app's modules) its fetches would pass the hold below.
  const { context, page } = await phone(browser, { serviceWorkers: 'block' });
  // Hold the page's module back until the server's rendering has been looked at.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route(/\/app\/[0-9a-f]{16}\/pack_browse\.bin$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`${BASE}/s/${code}`);
  const card = page.locator('.landing-top').first();
  await card.waitFor();
  const early = await card.boundingBox();
  assert.ok(await page.locator('#boot .landing-top').count() === 1, 'the server rendering is what shows');
  release();
  await page.locator('#boot').waitFor({ state: 'detached' });
  await page.locator('main .landing-actions').getByRole('link', { name: '立即购买' }).waitFor();
  const late = await page.locator('.landing-top').first().boundingBox();
  assert.deepEqual(late, early, 'the card stayed where it was');
  noPageProblems();
  await context.close();
});

test('the circle comes rendered by the server, and the app takes it over without a request or a shift', async () => {
  const { context: own, page: mine } = await phone(browser);
  await login(mine, 'demo');
  const cookies = await own.cookies();
  await own.close();

  // A returning phone's first load: its session cookie, no service worker yet.
  const { context, page } = await phone(browser, { serviceWorkers: 'block' });
  await context.addCookies(cookies);
  const asked = [];
  page.on('request', (r) => asked.push(new URL(r.url()).pathname));
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route(/\/app\/[0-9a-f]{16}\/circle-app\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(BASE, { waitUntil: 'commit' });
  await page.locator('#boot article.share').first().waitFor();
  const cards = page.locator('article.share');
  const count = await cards.count();
  assert.ok(count >= 3, `the server rendered the first page (${count} cards)`);
  const early = await cards.evaluateAll((els) => els.map((e) => JSON.stringify(e.getBoundingClientRect())));
  const server = await page.locator('#boot main').innerHTML();
  release();
  await page.locator('#boot').waitFor({ state: 'detached' });
  await page.locator('main.page article.share').first().waitFor();
  const late = await cards.evaluateAll((els) => els.map((e) => JSON.stringify(e.getBoundingClientRect())));
  assert.deepEqual(late, early, 'every card stayed where it was');
  // The same markup: the app adds only its pull-to-refresh strip and scroll marker (no
  // height) and Leptos' empty comment markers.
  const app = await page.locator('main.page').innerHTML();
  const plain = (html) => html.replace(/<!--[^>]*-->/g, '')
    .replace(/<div class="pull"[^>]*>[^<]*<\/div>/, '')
    .replace(/<div class="scroll-marker"[^>]*><\/div>/, '');
  assert.equal(plain(app), plain(server));
  // The app used the data the server embedded: no second request for the feed or the user.
  for (const path of ['/api/v1/feed', '/api/v1/me', '/api/v1/questions/waiting']) {
    assert.ok(!asked.includes(path), `${path} was not asked again (${asked.join(' ')})`);
  }
  // And it is the app's now: a like answers at once.
  const like = page.locator('main.page article.share').first().locator('button[data-act="like"]');
  const before = await like.getAttribute('aria-pressed');
  await like.click();
  await page.waitForFunction(
    (was) => document.querySelector('main.page article.share button[data-act="like"]').getAttribute('aria-pressed') !== was,
    before,
  );
  // The card's markup was drawn again; the button pressed still has the focus, so the
  // keyboard takes it back.
  await page.waitForFunction(() => document.activeElement?.dataset?.act === 'like');
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    (was) => document.querySelector('main.page article.share button[data-act="like"]').getAttribute('aria-pressed') === was,
    before,
  );
  noPageProblems();
  await context.close();
});

test('a topic comes rendered by the server for a stranger, and the app adds the rest below it', async () => {
  const { context, page } = await phone(browser, { serviceWorkers: 'block' });
  const asked = [];
  page.on('request', (r) => asked.push(new URL(r.url()).pathname));
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route(/\/app\/[0-9a-f]{16}\/pack_topic\.bin$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`${BASE}/p/1`, { waitUntil: 'commit' });
  const title = page.getByRole('heading', { level: 1 });
  await page.locator('#boot h1').waitFor();
  const name = await title.textContent();
  assert.ok(name.length > 0, 'the product\'s name is there before the app');
  const early = await Promise.all([title, page.locator('.product-hero'), page.locator('.price.big')]
    .map((l) => l.boundingBox()));
  release();
  await page.locator('#boot').waitFor({ state: 'detached' });
  await page.getByRole('link', { name: '登录后购买' }).waitFor();
  const late = await Promise.all([title, page.locator('.product-hero'), page.locator('.price.big')]
    .map((l) => l.boundingBox()));
  assert.deepEqual(late, early, 'the photo, price and name stayed where they were');
  assert.equal(await title.textContent(), name);
  for (const path of ['/api/v1/products/1/topic', '/api/v1/me']) {
    assert.ok(!asked.includes(path), `${path} was not asked (${asked.join(' ')})`);
  }
  noPageProblems();
  await context.close();
});

test('收益 come rendered by the server, keep what is typed before the app, and the app takes them over', async () => {
  const { context: own, page: mine } = await phone(browser);
  await login(mine, 'demo');
  const cookies = await own.cookies();
  await own.close();

  const { context, page } = await phone(browser, { serviceWorkers: 'block' });
  await context.addCookies(cookies);
  const asked = [];
  page.on('request', (r) => asked.push(new URL(r.url()).pathname));
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route(/\/app\/[0-9a-f]{16}\/pack_mine\.bin$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`${BASE}/earnings`, { waitUntil: 'commit' });
  await page.locator('#boot [data-testid="available"]').waitFor();
  const boxes = () => page.locator('main section')
    .evaluateAll((els) => els.map((e) => JSON.stringify(e.getBoundingClientRect())));
  const early = await boxes();
  assert.ok(early.length >= 2, `the totals and the chart at least (${early.length} sections)`);
  const server = await page.locator('#boot main').innerHTML();
  // Typed into the server's form and sent before the app is there: no reload, and the
  // amount is still there when the app has taken over.
  const amount = page.getByLabel('提现金额（元）');
  await amount.fill('12.5');
  await amount.press('Enter');
  release();
  await page.locator('#boot').waitFor({ state: 'detached' });
  await page.locator('main.page [data-testid="available"]').waitFor();
  assert.deepEqual(await boxes(), early, 'every section stayed where it was');
  assert.equal(await amount.inputValue(), '12.5');
  assert.ok(!page.url().includes('?'), `the form did not reload the page: ${page.url()}`);
  assert.equal(asked.filter((p) => p === '/earnings').length, 1, asked.join(' '));
  // The same markup (the typed amount aside), from the data embedded in the page.
  const app = await page.locator('main.page').innerHTML();
  const plain = (html) => html.replace(/<!--[^>]*-->/g, '').replace(/ value="[^"]*"/, '');
  assert.equal(plain(app), plain(server));
  for (const path of ['/api/v1/me', '/api/v1/earnings', '/api/v1/earnings/commissions',
    '/api/v1/earnings/shares', '/api/v1/withdrawals']) {
    assert.ok(!asked.includes(path), `${path} was not asked (${asked.join(' ')})`);
  }
  // The app's form now: "all" fills in the balance.
  await page.getByRole('button', { name: '全部' }).click();
  await page.waitForFunction(() => document.querySelector('#withdraw-amount').value !== '12.5');
  assert.match(await amount.inputValue(), /^-?\d+(\.\d\d)?$/);
  noPageProblems();
  await context.close();
});

test('a page whose pack fails to download the first time still opens', async () => {
  // No service worker: it would have precached the pack, out of the route's reach.
  const { context, page } = await phone(browser, { serviceWorkers: 'block' });
  await login(page, 'demo');
  await circleLoaded(page);
  let tries = 0;
  await page.route(/\/app\/[0-9a-f]{16}\/pack_topic\.bin$/, async (route) => {
    tries += 1;
    if (tries === 1) await route.abort('connectionreset');
    else await route.continue();
  });
  await page.locator('article.share a[href^="/p/"]').first().click();
  await page.waitForURL(/\/p\/\d+$/);
  await page.getByRole('heading', { level: 1 }).waitFor();
  assert.equal(tries, 2, `fetched again after the failure (tries: ${tries})`);
  // The app still works: back to the circle, in the app.
  await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: '购物圈' }).click();
  await circleLoaded(page);
  await context.close();
  // The aborted request is the one problem the page reported (no panic).
  assert.deepEqual(pageProblems.filter((p) => !String(p).includes('ERR_CONNECTION_RESET')), []);
});
