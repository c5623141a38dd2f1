// Shared set-up for the browser specs: headless Debian Chromium through playwright-core,
// a phone-sized viewport, and the server that `cargo xtask test` started.
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BASE = process.env.CIRCLE_BASE_URL;
if (!BASE) throw new Error('CIRCLE_BASE_URL is not set: run the browser tests through `cargo xtask test`');

export const OUTPUT = new URL('./output/', import.meta.url).pathname;
mkdirSync(OUTPUT, { recursive: true });

const LAUNCH = {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
};

const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
};

export async function launch() {
  return chromium.launch(LAUNCH);
}

/** A phone with a real (non-incognito) profile on disk, as installing a PWA needs. */
export async function persistentPhone() {
  const dir = mkdtempSync(join(tmpdir(), 'circle-profile-'));
  const context = await chromium.launchPersistentContext(dir, { ...LAUNCH, ...PHONE });
  context.pages().forEach(watch);
  context.on('page', watch);
  const page = context.pages()[0] ?? (await context.newPage());
  const close = async () => {
    for (const p of context.pages()) await audit(p);
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { context, page, close };
}

/**
 * Everything a page reported that no spec may leave behind: uncaught errors (a WASM panic
 * among them), console errors and Content-Security-Policy violations. The API's own
 * refusals are not among them: a 4xx the app asked for and handles shows in the console
 * as "Failed to load resource", which the specs expect (401 before login, 409, 422…), and
 * neither are the requests of a phone a spec took offline.
 */
export const pageProblems = [];
/** Kept for the specs that name them: CSP violations are page problems too. */
export const cspViolations = pageProblems;

// The API's answers the app asked for and handles (4xx), and requests a spec made fail on
// purpose by taking its phone offline (the PWA spec).
const EXPECTED = /Failed to load resource: (the server responded with a status of 4\d\d|net::ERR_INTERNET_DISCONNECTED)/;
// An offline read the service worker has no kept copy of fails as ERR_FAILED: expected only
// while the spec has its phone offline (`context.offline`, set by `phone`'s `setOffline`).
const OFFLINE = /Failed to load resource: net::ERR_FAILED/;

/** axe-core's script, run in the page through the DevTools protocol (the CSP does not apply). */
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core (all its WCAG 2.x A/AA and best-practice rules) on what `page` shows now
 * and records each violation as a page problem. Every page a spec visits is audited as it
 * leaves it — before each `goto` and before its phone is closed — when the spec has seen
 * its data arrive.
 */
export async function audit(page) {
  const url = page.url();
  // A phone with scripts off cannot run axe (its pages are the server's HTML, which the
  // specs also open with scripts on).
  if (page.isClosed() || !url.startsWith(BASE) || page.context().scriptsOff) return;
  try {
    await page.waitForLoadState('load', { timeout: 10000 });
    const violations = await page.evaluate(`(async () => {
      if (!window.axe) { ${AXE}\n }
      const r = await window.axe.run(document, { resultTypes: ['violations'] });
      return r.violations.map((v) => v.id + ' (' + v.impact + '): ' +
        v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ' ' + (n.failureSummary || '').split('\\n').slice(1, 2).join('')).join(' | '));
    })()`);
    for (const v of violations) pageProblems.push(`${url}: axe: ${v}`);
  } catch (err) {
    // The page navigated or closed while axe ran: what it showed is gone, not broken.
    if (!/Execution context was destroyed|Target .*closed|navigat/i.test(String(err))) throw err;
  }
}

function watch(page) {
  const goto = page.goto.bind(page);
  page.goto = async (...args) => {
    await audit(page);
    return goto(...args);
  };
  page.on('pageerror', (err) => pageProblems.push(`${page.url()}: page error: ${err.message}`));
  page.on('console', (msg) => {
    const text = msg.text();
    if (/Content Security Policy/i.test(text)) pageProblems.push(`${page.url()}: CSP: ${text}`);
    else if (msg.type() === 'error' && !EXPECTED.test(text) && !(OFFLINE.test(text) && page.context().offline)) {
      pageProblems.push(`${page.url()}: console error: ${text}`);
    }
  });
}

/** A fresh phone: its own cookies and storage, 390×844, Chinese. */
export async function phone(browser, options = {}) {
  const context = await browser.newContext({ ...PHONE, ...options });
  context.scriptsOff = options.javaScriptEnabled === false;
  context.on('page', watch);
  const setOffline = context.setOffline.bind(context);
  context.setOffline = async (offline) => {
    context.offline = offline;
    return setOffline(offline);
  };
  const close = context.close.bind(context);
  context.close = async (...args) => {
    for (const p of context.pages()) await audit(p);
    return close(...args);
  };
  const page = await context.newPage();
  return { context, page };
}

/**
 * Fails the spec file after all its tests if any page reported a problem. Each spec file
 * runs in its own process, so each calls this once (`after(noPageProblems)`).
 */
export function noPageProblems() {
  assert.deepEqual(pageProblems, [], 'page errors, console errors or CSP violations');
}

/**
 * Waits until the circle on `page` has finished loading: its end marker, its "load more"
 * button or its empty state — so that asserting a share is absent means something.
 */
export async function circleLoaded(page) {
  // The app's circle, not the server's rendering of it (which the app then takes over).
  await page.locator('#boot').waitFor({ state: 'detached' });
  await page
    .getByText('没有更多了')
    .or(page.getByRole('button', { name: '加载更多' }))
    .or(page.getByText('你的购物圈还是空的'))
    .first()
    .waitFor();
}

/** A handle nobody has taken yet in this run. */
export function uniqueHandle(prefix) {
  return `${prefix}_${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`.slice(0, 20);
}

export async function register(page, handle, name = '测试用户', password = 'password 123') {
  await page.goto(`${BASE}/register`);
  await page.getByLabel('账号').fill(handle);
  await page.getByLabel('昵称').fill(name);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '注册' }).click();
}

/** Logs `page` in (the demo accounts share one password). */
export async function login(page, handle, password = 'gouwuquan2026') {
  await page.goto(`${BASE}/login`);
  await page.getByLabel('账号').fill(handle);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(`${BASE}/`);
}

/**
 * The shop logged in on `shopPage` ships the newest paid order of `title` bought by
 * `buyerName`, from its console's 待发货 tab, with a 顺丰 waybill.
 */
export async function ship(shopPage, title, buyerName) {
  await shopPage.goto(`${BASE}/merchant`);
  const order = shopPage.locator('.shop-order').filter({ hasText: title }).filter({ hasText: buyerName }).first();
  await order.waitFor();
  const id = await order.getAttribute('data-order');
  const card = shopPage.locator(`.shop-order[data-order="${id}"]`);
  await card.getByRole('textbox', { name: '运单号' }).fill(`SF${Date.now()}`);
  await card.getByRole('button', { name: '发货' }).click();
  await card.waitFor({ state: 'detached' });
}

/** The buyer on `page` confirms receipt of their newest shipped order. */
export async function receive(page) {
  await page.goto(`${BASE}/me`);
  const order = page.locator('.order[data-order]').filter({ hasText: '已发货' }).first();
  await order.waitFor();
  const id = await order.getAttribute('data-order');
  const card = page.locator(`.order[data-order="${id}"]`);
  await card.getByRole('button', { name: '确认收货' }).click();
  await card.getByText('已收货').waitFor();
  return id;
}

/** An API call with `page`'s cookies and the CSRF header: `{ status, body }`. */
export async function apiCall(page, method, path, data, headers = {}) {
  const res = await page.request.fetch(`${BASE}${path}`, {
    method,
    data,
    headers: { 'x-circle-csrf': '1', ...headers },
  });
  const body = await res.json().catch(() => null);
  return { status: res.status(), body };
}
