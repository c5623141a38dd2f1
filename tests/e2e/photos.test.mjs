// The photo picker: two big phone photos are shrunk in the browser before they are sent
// (longest side 1600 px, no EXIF), can be moved and removed, show where they are, and the
// posted share shows the server's small rendition.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, OUTPUT, launch, noPageProblems, phone, register, uniqueHandle } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });
after(noPageProblems);

/** A `width`×`height` JPEG with fine noise (so it is big, like a phone photo), drawn in the page. */
async function bigJpeg(page, width, height, hue) {
  const base64 = await page.evaluate(async ([w, h, hue]) => {
    const c = document.createElement('canvas');
    c.width = w; c.height = h;
    const g = c.getContext('2d');
    const img = g.createImageData(w, h);
    let seed = hue + 1;
    for (let i = 0; i < img.data.length; i += 4) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      img.data[i] = hue + (seed & 63); img.data[i + 1] = 90 + ((seed >> 6) & 63);
      img.data[i + 2] = 60 + ((seed >> 12) & 63); img.data[i + 3] = 255;
    }
    g.putImageData(img, 0, 0);
    const blob = await new Promise((r) => c.toBlob(r, 'image/jpeg', 0.95));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s);
  }, [width, height, hue]);
  return Buffer.from(base64, 'base64');
}

test('photos are shrunk before they are sent, can be moved and removed, and come back small', async () => {
  const { page } = await phone(browser);
  await register(page, uniqueHandle('photo'), '拍照的人');
  await page.waitForURL(`${BASE}/`);
  const product = await page.evaluate(async () => (await (await fetch('/api/v1/products?limit=1')).json()).items[0].id);
  await page.goto(`${BASE}/share?product=${product}`);
  await page.getByLabel('分享你的真实体验').fill('拍了三张，留了两张，手机上传很快');

  const originals = [await bigJpeg(page, 3000, 2000, 120), await bigJpeg(page, 2000, 3000, 30), await bigJpeg(page, 1200, 900, 60)];
  for (const o of originals.slice(0, 2)) assert.ok(o.length > 2_000_000, `a phone-sized original: ${o.length} bytes`);
  // What the app sends: its uploads' bodies as fetch sees them.
  await page.evaluate(() => {
    const original = window.fetch;
    window.sentPhotos = [];
    window.fetch = async (input, init) => {
      const request = new Request(input, init);
      if (request.url.endsWith('/api/v1/uploads')) {
        const bytes = new Uint8Array(await request.clone().arrayBuffer());
        const text = String.fromCharCode(...bytes.subarray(0, 4096));
        window.sentPhotos.push({ size: bytes.length, jpeg: bytes[0] === 0xff && bytes[1] === 0xd8, exif: text.includes('Exif') });
      }
      return original(request);
    };
  });

  // The picker is ours, in Chinese: no "Choose Files" anywhere.
  await page.getByText('添加照片').waitFor();
  assert.equal(await page.getByText('Choose Files').count(), 0);
  await page.setInputFiles('#share-photos', originals.map((buffer, i) => ({ name: `p${i}.jpg`, mimeType: 'image/jpeg', buffer })));
  const thumbs = page.locator('.photo-thumb');
  await page.locator('.photo-thumb[data-stage="ready"]').nth(2).waitFor();
  assert.equal(await thumbs.count(), 3);
  const order = async () => thumbs.locator('img').evaluateAll((imgs) => imgs.map((i) => `${i.naturalWidth}x${i.naturalHeight}`));
  // Shrunk to 1600 on the longest side, upright.
  assert.deepEqual(await order(), ['1600x1067', '1067x1600', '1200x900']);
  await page.screenshot({ path: `${OUTPUT}photo-picker.png` });

  // Move the second one first, then remove the last.
  await thumbs.nth(1).getByRole('button', { name: '往前移' }).click();
  assert.deepEqual(await order(), ['1067x1600', '1600x1067', '1200x900']);
  await thumbs.nth(2).getByRole('button', { name: '删除这张照片' }).click();
  assert.deepEqual(await order(), ['1067x1600', '1600x1067']);

  await page.getByRole('button', { name: '发布到购物圈' }).click();
  await page.waitForURL(`${BASE}/`);
  const card = page.getByRole('article').filter({ hasText: '拍了三张，留了两张' });
  await card.locator('.share-photos img').nth(1).waitFor();

  // Two uploads, each a fraction of its original, JPEG without EXIF.
  const sent = await page.evaluate(() => window.sentPhotos);
  assert.equal(sent.length, 2, JSON.stringify(sent));
  for (const body of sent) {
    assert.ok(body.size < 700_000, `sent ${body.size} bytes`);
    assert.deepEqual([body.jpeg, body.exif], [true, false]);
  }
  // The card loads the server's small renditions, in the order chosen.
  const photos = card.locator('.share-photos img');
  await page.waitForFunction(() => [...document.querySelectorAll('.share-photos img')].every((i) => i.complete && i.naturalWidth > 0));
  const shown = await photos.evaluateAll((imgs) => imgs.map((i) => i.currentSrc));
  assert.equal(shown.length, 2);
  for (const src of shown) assert.match(src, /\/media\/[0-9a-f]{32}\/small$/);
  const sizes = await photos.evaluateAll((imgs) => Promise.all(imgs.map(async (i) => {
    const bitmap = await createImageBitmap(await (await fetch(i.currentSrc, { headers: { accept: 'image/webp,*/*' } })).blob());
    return `${bitmap.width}x${bitmap.height}`;
  })));
  assert.deepEqual(sizes, ['360x539', '360x240']);
  await page.screenshot({ path: `${OUTPUT}photo-card.png` });
});
