// The HTML the server sends, checked by the Nu HTML checker (npm `vnu-jar`, run with the
// machine's Java): the app's shell and the pages the server renders with content — a
// share page, a question page and their not-found pages. Each must have no error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BASE } from './browser.mjs';

const VNU = String(createRequire(import.meta.url)('vnu-jar'));

async function call(method, path, body, cookie = '') {
  const res = await fetch(`${BASE}${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-circle-csrf': '1', cookie },
    body: body && JSON.stringify(body),
  });
  const ok = res.status === 200 || res.status === 201;
  assert.ok(ok, `${method} ${path}: ${res.status} ${ok ? '' : await res.text()}`);
  return { body: await res.json(), cookie: res.headers.get('set-cookie')?.split(';')[0] };
}

/** A demo product with a share, and a question the demo user asks about it now. */
async function pagesWithContent() {
  const { cookie } = await call('POST', '/api/v1/auth/login', { handle: 'demo', password: 'gouwuquan2026' });
  for (let id = 1; id <= 20; id += 1) {
    const { body: topic } = await call('GET', `/api/v1/products/${id}/topic`);
    if (topic.shares.length > 0) {
      const asked = await call('POST', `/api/v1/products/${id}/questions`, { text: `尺码偏大还是偏小？${Date.now()}` }, cookie);
      return { product: id, share: topic.shares[0].code, question: asked.body.id };
    }
  }
  throw new Error('the demo data has no product with a share');
}

/**
 * The checker's errors in these pages, as "path:line: message". The checker refuses to
 * fetch from loopback, so it reads each page as the server sent it from a file.
 */
async function htmlErrors(paths) {
  const dir = mkdtempSync(join(tmpdir(), 'circle-vnu-'));
  const files = new Map();
  for (const [i, path] of paths.entries()) {
    const file = join(dir, `page${i}.html`);
    writeFileSync(file, await (await fetch(`${BASE}${path}`)).text());
    files.set(`file:${file}`, path);
  }
  const args = ['-jar', VNU, '--errors-only', '--format', 'json', ...[...files.keys()].map((f) => f.slice(5))];
  // The checker exits with 1 when it found errors; its report is on stderr either way.
  const { stderr } = await promisify(execFile)('java', args, { maxBuffer: 1 << 24 }).catch((e) => {
    if (typeof e.stderr !== 'string' || !e.stderr.startsWith('{')) throw e;
    return e;
  });
  rmSync(dir, { recursive: true, force: true });
  return JSON.parse(stderr).messages.map(
    (m) => `${files.get(m.url) ?? m.url}:${m.lastLine ?? '?'}: ${m.type} ${m.message} ${m.extract ?? ''}`,
  );
}

test('the server-rendered pages are valid HTML (Nu HTML checker)', async () => {
  const { product, share, question } = await pagesWithContent();
  const pages = ['/', `/p/${product}`, `/s/${share}`, '/s/no-such-share', `/q/${question}`, '/q/999999999'];
  // Each page is what the checker is about to read: content where there should be some.
  const shareHtml = await (await fetch(`${BASE}/s/${share}`)).text();
  assert.match(shareHtml, /<article class="landing-card card">/);
  const questionPage = await fetch(`${BASE}/q/${question}`);
  assert.equal(questionPage.status, 200);
  assert.equal((await fetch(`${BASE}/s/no-such-share`)).status, 404);
  assert.deepEqual(await htmlErrors(pages), []);
});
