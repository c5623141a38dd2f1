// The PWA: installable by Chromium's own criteria, an offline reload shows the shell with
// the offline notice, and the circle, a topic and earnings seen online read offline.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, OUTPUT, circleLoaded, launch, login, noPageProblems, persistentPhone, phone } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('Chromium considers the app installable', async () => {
  const { context, page, close } = await persistentPhone();
  await page.goto(`${BASE}/`);
  await page.evaluate(() => navigator.serviceWorker.ready);
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  assert.deepEqual(installabilityErrors, []);
  const manifest = await cdp.send('Page.getAppManifest');
  assert.deepEqual(manifest.errors, []);
  const parsed = JSON.parse(manifest.data);
  assert.equal(parsed.display, 'standalone');
  const purposes = parsed.icons.map((i) => `${i.sizes} ${i.purpose}`);
  for (const want of ['192x192 any', '512x512 any', '512x512 maskable']) {
    assert.ok(purposes.includes(want), `icon ${want} in ${purposes}`);
  }
  await close();
});

test('an offline reload shows the app shell with the offline notice', async () => {
  const { context, page } = await phone(browser);
  await page.goto(`${BASE}/discover`);
  await page.evaluate(() => navigator.serviceWorker.ready);
  // Wait until the service worker controls the page and has precached the shell.
  await shellCached(page);
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

  await context.setOffline(true);
  await page.reload();
  await page.getByRole('status').filter({ hasText: '网络已断开' }).waitFor();
  await page.getByRole('heading', { name: '发现' }).waitFor();
  assert.ok(await page.getByRole('navigation', { name: 'main' }).isVisible());
  await page.screenshot({ path: `${OUTPUT}offline.png` });
  await context.setOffline(false);
  await context.close();
});

/** Waits until the service worker has precached the shell and every file of the build. */
async function shellCached(page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(async () => {
    if (!(await caches.has('circle-shell-v2'))) return false;
    const shell = (await (await caches.open('circle-shell-v2')).keys()).map((r) => r.url);
    const app = (await caches.keys()).find((k) => k.startsWith('circle-app-'));
    if (!app || !shell.some((u) => u.endsWith('.css'))) return false;
    const files = (await (await caches.open(app)).keys()).map((r) => new URL(r.url).pathname);
    // The main module and its JS (and in split builds the page groups' packs: the
    // service worker adds the whole list at once, so these two mean all are there).
    return files.some((u) => u.endsWith('/circle-app_bg.wasm')) &&
      files.some((u) => u.endsWith('/circle-app.js'));
  }, null, { polling: 100 });
}

/** The API paths the service worker keeps for offline reading. */
async function keptPaths(page) {
  return page.evaluate(async () => {
    if (!(await caches.has('circle-data-v1'))) return [];
    return (await (await caches.open('circle-data-v1')).keys()).map((r) => new URL(r.url).pathname);
  });
}

test('the circle, a topic and earnings seen online read offline, marked with when they were fetched', async () => {
  const { context, page } = await phone(browser);
  await login(page, 'demo');
  await circleLoaded(page);
  await shellCached(page);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  // Online, through the service worker: the circle, the first card's topic, earnings.
  await page.reload();
  await circleLoaded(page);
  const card = page.locator('article.share').first();
  const text = (await card.locator('.share-text').innerText()).trim();
  assert.ok(text.length > 0, 'the first card has text');
  const topicHref = await card.locator('a[href^="/p/"]').first().getAttribute('href');
  assert.match(topicHref, /^\/p\/\d+$/);
  await page.goto(`${BASE}${topicHref}`);
  const title = page.locator('h1').first();
  await title.waitFor();
  const titleText = (await title.innerText()).trim();
  await page.goto(`${BASE}/earnings`);
  const available = page.getByTestId('available');
  const balance = (await available.innerText()).trim();
  assert.match(balance, /¥/);
  await page.waitForFunction(async (want) => {
    if (!(await caches.has('circle-data-v1'))) return false;
    const keys = (await (await caches.open('circle-data-v1')).keys()).map((r) => new URL(r.url).pathname);
    return want.every((p) => keys.includes(p));
  }, ['/api/v1/me', '/api/v1/feed', `/api/v1/products/${topicHref.slice(3)}/topic`, '/api/v1/earnings'], { polling: 100 });
  const kept = await keptPaths(page);
  assert.ok(!kept.some((p) => p.includes('after')), `only first pages are kept: ${kept}`);

  await context.setOffline(true);
  const saved = page.getByRole('status').filter({ hasText: /保存于 \d{1,2}\/\d{1,2} \d\d:\d\d/ });
  await page.goto(`${BASE}/`);
  await page.locator('.share-text').filter({ hasText: text }).first().waitFor();
  await saved.waitFor();
  await page.screenshot({ path: `${OUTPUT}offline-circle.png` });
  await page.goto(`${BASE}${topicHref}`);
  await page.locator('h1').filter({ hasText: titleText }).waitFor();
  await saved.waitFor();
  await page.goto(`${BASE}/earnings`);
  await available.filter({ hasText: balance }).waitFor();
  await saved.waitFor();

  // An action offline says it needs the network and keeps what was typed.
  await page.goto(`${BASE}/`);
  const first = page.locator('article.share').first();
  await first.waitFor();
  await first.getByRole('button', { name: /评论/ }).click();
  const input = first.getByRole('textbox', { name: '评论' });
  await input.fill('离线时写的评论');
  await first.getByRole('button', { name: '发送' }).click();
  await first.getByRole('alert').filter({ hasText: '网络连接失败，请检查网络后重试' }).last().waitFor();
  assert.equal(await input.inputValue(), '离线时写的评论');
  await context.setOffline(false);

  // Logging out forgets what was kept: the next person on this phone reads nothing of it.
  await page.goto(`${BASE}/me`);
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.waitForURL(/\/login|\/$/);
  await page.waitForFunction(async () => !(await caches.has('circle-data-v1')) ||
    (await (await caches.open('circle-data-v1')).keys()).length === 0, null, { polling: 100 });
  await context.close();
});

// Last, after the browser has closed: any page error, console error or CSP violation
// in this file fails it.
after(noPageProblems);
