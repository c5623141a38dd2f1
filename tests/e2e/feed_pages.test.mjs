// The circle a page at a time: more cards are drawn after the ones on screen, which stay
// as they are (their open comments); a refresh draws the list again from the server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, apiCall, circleLoaded, launch, noPageProblems, phone, register, uniqueHandle } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });
after(noPageProblems);

const DAY = 24 * 3600 * 1000;

test('more cards come after the ones on screen, which keep their state', async () => {
  const { context, page } = await phone(browser);
  const handle = uniqueHandle('pager');
  await register(page, handle, '翻页君');
  await page.waitForURL(`${BASE}/`);

  // More than one page of the circle (60 timeline rows): my own shares, ten a day (the
  // daily limit), on products taken in turn. Each text is its own run of characters:
  // the server refuses a text that nearly repeats one of the last week's.
  const res = await page.request.get(`${BASE}/api/v1/products?limit=50`);
  assert.equal(res.status(), 200, await res.text());
  const products = (await res.json()).items.map((p) => p.id);
  assert.ok(products.length >= 5, `${products.length} products`);
  const text = (n) => Array.from({ length: 16 },
    (_, k) => String.fromCharCode(0x4e00 + ((n * 131 + k * 977) % 5000))).join('');
  let made = 0;
  for (let day = 0; made < 64; day++) {
    for (let i = 0; i < 10 && made < 64; i++, made++) {
      const share = await apiCall(page, 'POST', '/api/v1/shares', {
        product_id: products[made % products.length],
        text: text(made),
      });
      assert.equal(share.status, 201, JSON.stringify(share.body));
    }
    const moved = await apiCall(page, 'POST', '/api/test/clock', { ms: DAY });
    assert.ok(moved.status < 300, JSON.stringify(moved.body));
  }

  // What the server's pages hold, walked to the end: each card once.
  const served = [];
  for (let cursor = null, n = 0; n === 0 || cursor; n++) {
    const feed = await apiCall(page, 'GET', `/api/v1/feed${cursor ? `?after=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(feed.status, 200, JSON.stringify(feed.body));
    served.push(...feed.body.items.map((c) => c.share.id));
    cursor = feed.body.next;
  }
  assert.equal(new Set(served).size, served.length, 'no card on two pages');
  assert.ok(served.length > 20, `${served.length} cards served`);

  await page.goto(`${BASE}/`);
  await circleLoaded(page);
  const more = page.getByRole('button', { name: '加载更多' });
  await more.waitFor();
  const cards = page.locator('article.share');
  const first = await cards.count();
  assert.ok(first > 0 && first < served.length, `${first} cards on the first page`);
  const labels = await cards.evaluateAll((all) => all.map((a) => a.getAttribute('aria-label')));

  // The first card's comments are open when more cards come.
  const top = cards.first();
  await top.locator('[data-act="comments"]').click();
  await top.locator('section.comments').waitFor();
  // Loaded until the end (a page can hold back rows for the next).
  const end = page.getByText('没有更多了');
  while (!(await end.isVisible())) {
    const before = await cards.count();
    await more.click();
    await page.waitForFunction((n) => document.querySelectorAll('article.share').length > n, before);
    await end.or(more).first().waitFor();
  }
  const now = await cards.evaluateAll((all) => all.map((a) => a.getAttribute('aria-label')));
  assert.ok(now.length > first, `${now.length} cards after loading more, ${first} before`);
  assert.deepEqual(now.slice(0, first), labels, 'the cards on screen stay where they were');
  await top.locator('section.comments').waitFor();
  assert.equal(await top.locator('[data-act="comments"]').getAttribute('aria-expanded'), 'true');
  assert.equal(now.length, served.length, 'every card the server gave, once');

  await context.close();
});
