// The PWA: installable by Chromium's own criteria, and an offline reload shows the
// shell with the offline notice.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, OUTPUT, launch, noPageProblems, persistentPhone, phone } from './browser.mjs';

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
  await page.waitForFunction(async () => {
    const cache = await caches.open('circle-shell-v1');
    const keys = (await cache.keys()).map((r) => r.url);
    return keys.some((u) => u.endsWith('.wasm')) && keys.some((u) => u.endsWith('.js'));
  });
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

// Last, after the browser has closed: any page error, console error or CSP violation
// in this file fails it.
after(noPageProblems);
