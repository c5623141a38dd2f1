// 问大家 at 390×844 (issue 16): a shopper asks on a topic page, the friend who bought it
// is told and answers, the shopper sees the answer marked 已购 and buys.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, OUTPUT, apiCall, launch, login, noPageProblems, phone, register, uniqueHandle } from './browser.mjs';

const EARBUDS = '降噪蓝牙耳机 Pro';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });
after(noPageProblems);

test('a shopper asks, the friend who bought it answers, the shopper buys', async () => {
  const asker = await phone(browser);
  const friend = await phone(browser);
  const handle = uniqueHandle('qa');
  await register(asker.page, handle, '小问');
  await asker.page.waitForURL(`${BASE}/`);
  // 张伟 (a demo account) bought and received the earbuds; the shopper is his friend.
  await login(friend.page, 'zhang_wei');
  const asked = await apiCall(asker.page, 'POST', '/api/v1/friend-requests', { to_handle: 'zhang_wei' });
  assert.equal(asked.status, 201, JSON.stringify(asked.body));
  const accepted = await apiCall(friend.page, 'POST', `/api/v1/friend-requests/${asked.body.id}/accept`);
  assert.equal(accepted.status, 204, JSON.stringify(accepted.body));
  const search = await asker.page.request.get(`${BASE}/api/v1/products?q=${encodeURIComponent('降噪蓝牙耳机')}`);
  const earbuds = (await search.json()).items.find((p) => p.title === EARBUDS).id;

  // The shopper asks on the topic page; the question shows at once, waiting for buyers.
  const question = `地铁里降噪够用吗？(${handle.slice(-5)})`;
  await asker.page.goto(`${BASE}/p/${earbuds}`);
  const section = asker.page.locator('.qa-section');
  await section.getByRole('heading', { name: /问大家 \(\d+\)/ }).waitFor();
  await section.getByRole('textbox', { name: '问大家' }).fill(question);
  await section.getByRole('button', { name: '提问' }).click();
  await section.getByText('已发给买过的人，有回答会通知你').waitFor();
  const item = section.locator('.qa-item').filter({ hasText: question });
  await item.getByText('等待买过的人回答').waitFor();
  await section.scrollIntoViewIfNeeded();
  await asker.page.screenshot({ path: `${OUTPUT}qa-topic.png` });

  // The friend's circle invites an answer; the notification names product and question.
  await friend.page.goto(`${BASE}/`);
  const invite = friend.page.locator('.qa-invite').filter({ hasText: question });
  await invite.waitFor();
  assert.match(await invite.innerText(), /好友[\s\S]*小问 · 关于 降噪蓝牙耳机 Pro/);
  await friend.page.screenshot({ path: `${OUTPUT}qa-circle-invite.png` });
  await friend.page.goto(`${BASE}/notifications`);
  const note = friend.page.locator('.notification').filter({ hasText: question });
  await note.waitFor();
  assert.match(await note.innerText(), /小问\s*问了你买过的\s*降噪蓝牙耳机 Pro/);
  await note.click();
  await friend.page.waitForURL(/\/q\/\d+$/);
  const answer = '地铁里基本听不到报站，降噪很够用，续航一天。';
  await friend.page.getByRole('textbox', { name: '回答' }).fill(answer);
  await friend.page.getByRole('button', { name: '回答' }).click();
  const mine = friend.page.locator('.qa-answer').filter({ hasText: answer });
  await mine.waitFor();
  assert.equal(await mine.locator('.badge.verified').innerText(), '已购');
  await friend.page.getByRole('textbox', { name: '回答' }).waitFor({ state: 'detached' });

  // The shopper is told, sees the answer marked 已购 with how long ago he bought, buys.
  await asker.page.goto(`${BASE}/notifications`);
  const told = asker.page.locator('.notification').filter({ hasText: '回答了你的问题' });
  await told.waitFor();
  await told.click();
  await asker.page.waitForURL(/\/q\/\d+$/);
  const shown = asker.page.locator('.qa-answer').filter({ hasText: answer });
  await shown.waitFor();
  assert.equal(await shown.locator('.badge.verified').innerText(), '已购');
  assert.match(await shown.locator('.qa-since').innerText(), /^(买了 \d+ (天|个月|年)|今天刚买)$/);
  // Not a buyer: no answer form, and 有用 counts from the shopper's tap.
  await asker.page.getByRole('button', { name: '我也想买' }).or(asker.page.getByRole('link', { name: '我也想买' })).waitFor();
  assert.equal(await asker.page.getByRole('textbox', { name: '回答' }).count(), 0);
  await shown.getByRole('button', { name: /有用 0/ }).click();
  await shown.getByRole('button', { name: /有用/, pressed: true }).waitFor();
  await asker.page.screenshot({ path: `${OUTPUT}qa-question.png` });

  // The public link is the server's page: the answer is in the HTML before any script.
  const html = await (await asker.page.request.get(asker.page.url(), { headers: { cookie: '' } })).text();
  assert.ok(html.includes(answer) && html.includes('<meta property="og:title" content="问大家：'), 'server-rendered');

  await asker.page.getByRole('link', { name: '我也想买' }).click();
  await asker.page.waitForURL(`${BASE}/p/${earbuds}`);
  await asker.page.getByRole('button', { name: /立即购买/ }).click();
  await asker.page.getByText('购买成功！').waitFor();
  // On the topic page the question now shows its best answer.
  await asker.page.reload();
  const best = asker.page.locator('.qa-section .qa-item').filter({ hasText: question });
  await best.locator('.qa-best').getByText(answer).waitFor();

  await asker.context.close();
  await friend.context.close();
});
