/**
 * Convenience calls (issue 6) in the mini-program (H5 build) in Chromium against the real API, database and Redis:
 * a resident calls for a repair through the typed form (and is asked whether a second one is the same problem), an
 * operator in another browser acknowledges and assigns it, the provider accepts, adds a note and resolves it, the
 * resident sees the whole history and rates it; and the operator page shows the emergency alert within a second of a
 * 紧急求助 call, measured with page timestamps. Phone-sized viewport (375 px).
 */
import test, { type ExecutionContext } from 'ava';
import type { Page } from 'playwright-core';
import { routes, type ApiClient } from '@cc/shared';
import { serveStatic, type StaticServer } from '@cc/tools/serve-static';
import { h5Build, launchBrowser, type LaunchedBrowser } from '../support/browser';
import { checkScreen } from '../support/axe';
import { startStack, type Stack } from '../support/stack';
import { pngFrom } from '../support/images';

let stack: Stack;
let web: StaticServer;
let seed: Awaited<ReturnType<Stack['seed']>>;
const browsers: LaunchedBrowser[] = [];
let operatorApi: ApiClient;

const PHONE = { width: 375, height: 812 };

test.before(async () => {
  stack = await startStack();
  seed = await stack.seed();
  web = await serveStatic({
    root: h5Build('miniapp'),
    port: 0,
    runtimeConfig: { apiBaseUrl: stack.apiUrl, wechatSimUrl: stack.wechatSimUrl },
  });
  // 孙丽 repairs water and electricity in 益乐社区.
  operatorApi = (await stack.login('demo-operator-1')).client;
  await operatorApi.call(routes.setProviderSkills, {
    params: { community_id: seed.communities.wenxin, user_id: seed.users['demo-provider-1']! },
    body: { skills: ['water_electric', 'housekeeping', 'appliance', 'other'] },
  });
});

test.after.always(async () => {
  for (const b of browsers) await b.close();
  await web?.close();
  await stack?.stop();
});

/** Each person in their own browser (own storage, own session). Page errors fail the test. */
async function signedIn(t: ExecutionContext, account: string, greeting: string): Promise<{ page: Page; errors: string[] }> {
  const browser = await launchBrowser({ viewport: PHONE });
  browsers.push(browser);
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  t.teardown(() => page.close());
  await page.goto(web.url);
  await page.waitForURL(/\/pages\/login\/index/);
  await page.locator('.login__account').filter({ hasText: account }).click();
  await page.getByText(greeting).waitFor();
  return { page, errors };
}

/** Taro keeps the pages below in the DOM (hidden): only what is on screen. */
function onScreen(page: Page, selector: string) {
  return page.locator(`${selector}:visible`);
}

async function sessionToken(page: Page): Promise<string> {
  const raw = await page.evaluate(() => localStorage.getItem('cc.session_token'));
  if (!raw) throw new Error('not signed in');
  return (JSON.parse(raw) as { data: string }).data;
}

/** A 96×96 PNG (blue water drop on a grey tile), like a phone photo of the leak, made here. */
function leakPhoto(): Buffer {
  return pngFrom(96, 96, (x, y) => {
    const inDrop = (x - 48) ** 2 + (y - 58) ** 2 < 22 ** 2 || (Math.abs(x - 48) < (y - 14) / 2.2 && y < 58 && y > 14);
    return inDrop ? [40, 110, 200] : [210, 214, 220];
  });
}

/** The page has no horizontal overflow at 375 px (nothing cut off or scrolling sideways). */
async function fitsWidth(t: ExecutionContext, page: Page, what: string) {
  const { width, wide } = await page.evaluate((limit) => {
    // What sticks out, to say so when it does.
    const wide = Array.from(document.querySelectorAll('body *'))
      .filter((e) => e.checkVisibility() && e.getBoundingClientRect().right > limit + 0.5)
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className} → ${Math.round(e.getBoundingClientRect().right)}`);
    return { width: document.documentElement.scrollWidth, wide };
  }, PHONE.width);
  t.true(width <= PHONE.width, `${what}: content is ${width} px wide: ${wide.join('; ')}`);
}

/** The resident: the service list, the form built from the attributes (the required choice asked first), a photo; sent. */
async function residentSendsRepair(t: ExecutionContext): Promise<{ rp: Page; callId: string; errors: string[] }> {
  const resident = await signedIn(t, '居民 王秀英', '您好，王秀英');
  const rp = resident.page;
  await rp.locator('.role-card[data-role="resident"]').click();
  await rp.waitForURL(/\/resident\/index\/index/);
  await onScreen(rp, '.resident__calls').click();
  await rp.waitForURL(/\/calls\/index\/index/);
  await onScreen(rp, '.calls-service').first().waitFor();
  // 紧急求助 stands apart, with the community hotline.
  await onScreen(rp, '.calls-sos').getByText('社区热线').waitFor();
  t.regex((await onScreen(rp, '.calls-sos').textContent()) ?? '', /紧急求助.*0571-96345/s);
  const groups = await onScreen(rp, '.calls-group .section-title').allTextContents();
  t.deepEqual(groups, ['维修', '家政', '助老服务', '其他']);
  t.is(await onScreen(rp, '.calls-service').filter({ hasText: '紧急求助' }).count(), 0, 'not among the ordinary services');
  await checkScreen(t, rp, 'miniapp-calls-services');
  await fitsWidth(t, rp, 'service list');

  await onScreen(rp, '.calls-service').filter({ hasText: '水电维修' }).click();
  await rp.waitForURL(/\/calls\/new\/index\?code=water_electric/);
  await onScreen(rp, '.call-attr--problem').waitFor();
  // The form comes from the attributes, in their order: 问题类型 (required single choice), 涉及房间 (multi).
  t.deepEqual(await onScreen(rp, '.call-attr .cc-field__label').allTextContents(), ['问题类型必填', '涉及房间选填']);
  t.is(await onScreen(rp, '.call-attr--problem').getAttribute('data-datatype'), 'singlevaluelist');
  t.is(await onScreen(rp, '.call-attr--rooms').getAttribute('data-datatype'), 'multivaluelist');
  // The address comes from the profile.
  t.is(await onScreen(rp, '.call-address input').inputValue(), '益乐新村 3 幢 2 单元 301 室');
  await onScreen(rp, '.call-address').getByText('已填入您登记的住址').waitFor();
  await checkScreen(t, rp, 'miniapp-calls-form-empty');
  await fitsWidth(t, rp, 'form');

  // The required choice is asked for before anything is sent.
  await onScreen(rp, '.calls-new__submit').click();
  await onScreen(rp, '.call-attr--problem .cc-field__hint--error').getByText('请选择问题类型').waitFor();
  await checkScreen(t, rp, 'miniapp-calls-form-required');
  t.is((await stack.as(await sessionToken(rp)).call(routes.listMyCalls, { query: { view: 'mine', limit: 10 } })).items.length, 0);

  await onScreen(rp, '.call-attr--problem .cc-chip').filter({ hasText: '漏水' }).click();
  await onScreen(rp, '.call-attr--rooms .cc-chip').filter({ hasText: '厨房' }).click();
  await onScreen(rp, '.call-attr--rooms .cc-chip').filter({ hasText: '卫生间' }).click();
  t.is(await onScreen(rp, '.call-attr--rooms .cc-chip[aria-checked="true"]').count(), 2);
  await onScreen(rp, '.call-description textarea').fill('厨房水槽下面的水管一直在滴水');
  // A photo, uploaded as soon as it is picked.
  const chooser = rp.waitForEvent('filechooser');
  await onScreen(rp, '.cc-photo-add').click();
  await (await chooser).setFiles({ name: 'leak.png', mimeType: 'image/png', buffer: leakPhoto() });
  await onScreen(rp, '.call-photos-field .cc-photo').waitFor();
  await checkScreen(t, rp, 'miniapp-calls-form-filled');
  await onScreen(rp, '.calls-new__submit').click();

  await rp.waitForURL(/\/calls\/detail\/index\?id=req_/);
  const callId = new URL(rp.url()).searchParams.get('id')!;
  return { rp, callId, errors: resident.errors };
}

/** The call as sent; a second one of the same kind is answered with the existing call. Returns the resident's API. */
async function sentOnceOnly(t: ExecutionContext, rp: Page, callId: string): Promise<ApiClient> {
  await onScreen(rp, '.calls-detail__sent').getByText('呼叫已发送').waitFor();
  await onScreen(rp, '.call-facts .call-status').getByText('待受理').waitFor();
  await onScreen(rp, '.call-facts').getByText('漏水').waitFor();
  await onScreen(rp, '.call-facts').getByText('厨房、卫生间').waitFor();
  await onScreen(rp, '.calls-detail__expected').getByText('前受理').waitFor();
  await checkScreen(t, rp, 'miniapp-calls-sent');
  await fitsWidth(t, rp, 'detail');

  const residentApi = stack.as(await sessionToken(rp));
  const sent = await residentApi.call(routes.getCall, { params: { call_id: callId }, query: {} });
  t.like(sent, {
    service_code: 'water_electric',
    channel: 'miniapp',
    status: 'open',
    description: '厨房水槽下面的水管一直在滴水',
    address: '益乐新村 3 幢 2 单元 301 室',
    attributes: { problem: 'leak', rooms: ['kitchen', 'bathroom'] },
  });
  t.is(sent.photos.length, 1, 'the photo is attached');
  await onScreen(rp, '.call-facts .cc-photo').waitFor();

  // A second 水电维修 while the first is open: asked whether it is the same problem; yes → the existing call.
  await rp.goto(`${web.url}/calls/new/index?code=water_electric`);
  await onScreen(rp, '.call-attr--problem .cc-chip').filter({ hasText: '下水堵塞' }).click();
  await onScreen(rp, '.calls-new__submit').click();
  await onScreen(rp, '.call-duplicate').getByText('您已有一个同类呼叫在处理中，是同一个问题吗？').waitFor();
  await checkScreen(t, rp, 'miniapp-calls-duplicate-question');
  await onScreen(rp, '.call-duplicate__view').click();
  await rp.waitForURL(new RegExp(`/calls/detail/index\\?id=${callId}`));
  await onScreen(rp, '.call-facts').getByText('漏水').waitFor();
  t.is((await residentApi.call(routes.listMyCalls, { query: { view: 'mine', limit: 10 } })).items.length, 1, 'nothing new was written');
  return residentApi;
}

/** The operator, in another browser: the queue, acknowledge, assign to 孙丽 by hand. */
async function operatorAssigns(t: ExecutionContext, callId: string): Promise<string[]> {
  const operator = await signedIn(t, '运营 周敏', '您好，周敏');
  const op = operator.page;
  await op.locator('.role-card[data-role="operator"]').click();
  await op.waitForURL(/\/operator\/index\/index/);
  await onScreen(op, '.operator__queue').click();
  await op.waitForURL(/\/operator\/queue\/index/);
  const row = onScreen(op, `.queue__row[data-call-id="${callId}"]`);
  await row.waitFor();
  t.regex((await row.textContent()) ?? '', /水电维修.*待受理.*王秀英.*益乐新村 3 幢 2 单元 301 室.*受理剩 1\d:\d\d/s);
  await onScreen(op, '.realtime-status--open').waitFor();
  await checkScreen(t, op, 'miniapp-operator-queue');
  await fitsWidth(t, op, 'queue');

  await row.click();
  await op.waitForURL(/\/operator\/call\/index\?id=/);
  // Ringing her back (issue 12 item 10): the full number behind 显示号码, the reveal recorded, then 拨打电话.
  await onScreen(op, '[data-testid="call-back-reveal"]').click();
  t.is(await onScreen(op, '[data-testid="call-back-phone"]').textContent(), '13805710001');
  await onScreen(op, '[data-testid="call-back-dial"]').waitFor();
  const reveals = await (
    await stack.login('demo-admin-1')
  ).client.call(routes.listPhoneReveals, {
    query: { user_id: seed.users['demo-resident-1']!, limit: 10 },
  });
  t.like(reveals.items[0], { call_id: callId, revealed_by_role: 'operator' });
  await onScreen(op, '.operator-call__ack').click();
  await onScreen(op, '.call-facts .call-status').getByText('已受理').waitFor();
  // Providers with the skill, with their load; 孙丽 is chosen by hand.
  const sunLi = onScreen(op, `.operator-provider[data-provider="${seed.users['demo-provider-1']}"]`);
  t.regex((await sunLi.textContent()) ?? '', /孙丽.*在办 0 单.*水电维修/s);
  await onScreen(op, '.operator-provider[data-provider="auto"]').getByText('自动派单').waitFor();
  await sunLi.click();
  await onScreen(op, '.operator-call__assign').getByText('派给 孙丽').waitFor();
  await checkScreen(t, op, 'miniapp-operator-assign');
  await onScreen(op, '.operator-call__assign').click();
  await onScreen(op, '.call-facts .call-status').getByText('已派单').waitFor();
  await onScreen(op, '.call-facts').getByText('孙丽').waitFor();
  await checkScreen(t, op, 'miniapp-operator-assigned');
  await fitsWidth(t, op, 'operator call');
  return operator.errors;
}

/** The provider: accept, a note, resolve with a ¥30 fee. */
async function providerResolves(t: ExecutionContext, callId: string): Promise<string[]> {
  const provider = await signedIn(t, '服务人员 孙丽', '您好，孙丽');
  const pp = provider.page;
  await pp.locator('.role-card[data-role="provider"]').click();
  await pp.waitForURL(/\/provider\/index\/index/);
  await onScreen(pp, '.provider__calls').click();
  await pp.waitForURL(/\/provider\/calls\/index/);
  const task = onScreen(pp, `.provider-calls__waiting .provider-call[data-call-id="${callId}"]`);
  await task.waitFor();
  t.regex((await task.textContent()) ?? '', /水电维修.*已派单.*益乐新村 3 幢 2 单元 301 室/s);
  await checkScreen(t, pp, 'miniapp-provider-calls');
  await task.click();
  await pp.waitForURL(/\/provider\/call\/index\?id=/);
  await onScreen(pp, '.provider-call__accept').click();
  await onScreen(pp, '.call-facts .call-status').getByText('处理中').waitFor();
  await onScreen(pp, '.provider-call__note textarea').fill('已到现场，更换了厨房水槽下的软管');
  await onScreen(pp, '.provider-call__note .cc-notebox__submit').click();
  await onScreen(pp, '.cc-timeline__item--note').getByText('已到现场，更换了厨房水槽下的软管').waitFor();
  await checkScreen(t, pp, 'miniapp-provider-in-progress');
  await onScreen(pp, '.provider-call__resolve-open').click();
  await onScreen(pp, '[data-testid="provider-call-fee-input"]').fill('30');
  await onScreen(pp, '.provider-call__resolve textarea').fill('已修好，试水半小时无渗漏');
  await onScreen(pp, '.provider-call__resolve .cc-notebox__submit').click();
  await onScreen(pp, '.call-facts .call-status').getByText('已完成').waitFor();
  await checkScreen(t, pp, 'miniapp-provider-resolved');
  await fitsWidth(t, pp, 'provider call');
  return provider.errors;
}

/** The resident's open page follows over the real-time channel; the full history; the fee paid; the rating. */
async function residentPaysAndRates(t: ExecutionContext, rp: Page, residentApi: ApiClient, callId: string): Promise<void> {
  await onScreen(rp, '.call-facts .call-status').getByText('已完成').waitFor();
  const actions = await onScreen(rp, '.cc-timeline__action').allTextContents();
  t.deepEqual(actions.slice(0, 6), ['发起呼叫', '社区服务站已受理', '已派给服务人员', '服务人员已接单', '处理进展', '服务已完成']);
  await onScreen(rp, '.call-timeline').getByText('已到现场，更换了厨房水槽下的软管').waitFor();
  await onScreen(rp, '.call-timeline').getByText('已修好，试水半小时无渗漏').waitFor();
  t.is(await onScreen(rp, '.calls-cancel__open').count(), 0, 'no cancelling a resolved call');
  await checkScreen(t, rp, 'miniapp-calls-resolved');

  // The ¥30 fee, paid from the citizen-card wallet (under the PIN-free limit).
  const balanceBefore = (await residentApi.call(routes.getWallet, {})).balance_fen;
  await onScreen(rp, '.calls-fee').getByText('服务费 ¥30.00').waitFor();
  await checkScreen(t, rp, 'miniapp-calls-fee-due');
  await onScreen(rp, '.calls-fee__pay').click();
  await onScreen(rp, '.call-facts__fee').getByText('已支付').waitFor();
  t.is(await onScreen(rp, '.calls-fee').count(), 0);
  t.is((await residentApi.call(routes.getWallet, {})).balance_fen, balanceBefore - 3000);

  await onScreen(rp, '.calls-rate__submit').click();
  await onScreen(rp, '.calls-rate').getByText('请先点星星打分').waitFor();
  await onScreen(rp, '.call-star[data-star="4"]').click();
  await onScreen(rp, '.calls-rate').getByText('4 星：满意').waitFor();
  await onScreen(rp, '.calls-rate textarea').fill('师傅很准时，修得干净');
  await checkScreen(t, rp, 'miniapp-calls-rating');
  await onScreen(rp, '.calls-rate__submit').click();
  await onScreen(rp, '.calls-rated').getByText('4 星').waitFor();
  await onScreen(rp, '.calls-rated').getByText('师傅很准时，修得干净').waitFor();
  t.is(await onScreen(rp, '.calls-rate').count(), 0);
  await checkScreen(t, rp, 'miniapp-calls-rated');
  await fitsWidth(t, rp, 'rated');

  // My calls lists it as done.
  await rp.goto(`${web.url}/calls/mine/index`);
  await onScreen(rp, `.calls-mine__row[data-call-id="${callId}"]`).getByText('已完成').waitFor();
  await checkScreen(t, rp, 'miniapp-calls-mine');
}

test.serial('a resident calls for a repair, the operator assigns it, the provider resolves it, the resident rates it', async (t) => {
  // ---- resident: service list, typed form ----
  const { rp, callId, errors: residentErrors } = await residentSendsRepair(t);
  const residentApi = await sentOnceOnly(t, rp, callId);

  // ---- operator, in another browser: the queue, acknowledge, assign ----
  const operatorErrors = await operatorAssigns(t, callId);

  // ---- provider: accept, note, resolve ----
  const providerErrors = await providerResolves(t, callId);

  // ---- resident: the page they had open follows over the real-time channel; the full history; rating ----
  await residentPaysAndRates(t, rp, residentApi, callId);

  // ---- the API agrees ----
  const final = await residentApi.call(routes.getCall, { params: { call_id: callId }, query: {} });
  t.like(final, {
    status: 'resolved',
    provider_id: seed.users['demo-provider-1'],
    rating: 4,
    rating_comment: '师傅很准时，修得干净',
    fee: { amount_fen: 3000, status: 'paid' },
  });
  // Every step, in order (the fee's own entries may sit beside the resolve).
  t.deepEqual(
    final.history.filter((h) => !h.action.startsWith('fee')).map((h) => [h.action, h.actor_role, h.to]),
    [
      ['created', 'resident', 'open'],
      ['acknowledge', 'operator', 'acknowledged'],
      ['assign', 'operator', 'assigned'],
      ['accept', 'provider', 'in_progress'],
      ['note', 'provider', 'in_progress'],
      ['resolve', 'provider', 'resolved'],
      ['rate', 'resident', 'resolved'],
    ],
  );
  t.true(final.history.some((h) => h.action === 'fee_paid'));
  const providers = await operatorApi.call(routes.listProviders, { params: { community_id: seed.communities.wenxin }, query: {} });
  t.like(
    providers.items.find((p) => p.user_id === seed.users['demo-provider-1']),
    { rating_average: 4, rating_count: 1, open_calls: 0 },
  );
  t.deepEqual([...residentErrors, ...operatorErrors, ...providerErrors], []);
});

test.serial('a 紧急求助 call shows the emergency alert on the open operator page within a second', async (t) => {
  const operator = await signedIn(t, '运营 周敏', '您好，周敏');
  const op = operator.page;
  await op.locator('.role-card[data-role="operator"]').click();
  await op.waitForURL(/\/operator\/index\/index/);
  await onScreen(op, '.operator__queue').click();
  await op.waitForURL(/\/operator\/queue\/index/);
  // Connected and subscribed (the server said `ready`).
  await onScreen(op, '.realtime-status--open').waitFor();
  t.is(await onScreen(op, '.emergency-alert').count(), 0);

  // The page itself notes when a visible .emergency-alert first appears (performance.now()).
  await op.evaluate(() => {
    const w = window as unknown as { __alertAt: number | null; __alertText: string | null };
    w.__alertAt = null;
    w.__alertText = null;
    const check = () => {
      if (w.__alertAt !== null) return;
      const el = Array.from(document.querySelectorAll('.emergency-alert')).find((e) => e.checkVisibility());
      if (el) {
        w.__alertAt = performance.now();
        w.__alertText = el.textContent;
      }
    };
    new MutationObserver(check).observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
  });

  // 刘德明 raises 紧急求助 through the API; the POST is sent from the operator's page so both times are on its clock.
  const liu = await stack.login('demo-resident-2');
  const posted = await op.evaluate(
    async ({ url, token }) => {
      const started = performance.now();
      const res = await fetch(`${url}/api/v1/calls`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': `e2e-sos-${Date.now()}` },
        body: JSON.stringify({ service_code: 'emergency', description: '在家摔倒了，起不来' }),
      });
      const body = (await res.json()) as { id: string };
      return { status: res.status, id: body.id, started, respondedAt: performance.now() };
    },
    { url: stack.apiUrl, token: liu.token },
  );
  t.is(posted.status, 201);

  const alert = onScreen(op, `.emergency-alert[data-call-id="${posted.id}"]`);
  await alert.waitFor({ timeout: 5000 });
  const seen = await op.evaluate(() => {
    const w = window as unknown as { __alertAt: number | null; __alertText: string | null };
    return { at: w.__alertAt, text: w.__alertText };
  });
  t.truthy(seen.at);
  const latency = seen.at! - posted.respondedAt;
  t.log(`banner visible ${Math.round(latency)} ms after the POST response (${Math.round(posted.respondedAt - posted.started)} ms request)`);
  t.true(latency <= 1000, `banner after ${Math.round(latency)} ms`);
  // Who, where and what, from the first moment it is shown.
  t.regex(seen.text ?? '', /紧急求助/);
  t.regex(seen.text ?? '', /刘德明/);
  t.regex(seen.text ?? '', /益乐新村 7 幢 1 单元 502 室/);
  // Pinned at the top of the screen.
  const box = await alert.boundingBox();
  t.true(box !== null && box.y < 40 && box.width > 300, JSON.stringify(box));
  await checkScreen(t, op, 'miniapp-operator-emergency-alert');

  // The queue puts it first; 立即处理 opens it, 受理 takes the alert away.
  await onScreen(op, '.queue__row').first().getByText('紧急求助').waitFor();
  await alert.locator('.emergency-alert__open').click();
  await op.waitForURL(new RegExp(`/operator/call/index\\?id=${posted.id}`));
  await onScreen(op, '.call-facts').getByText('刘德明').waitFor();
  await onScreen(op, '.operator-call__ack').click();
  await onScreen(op, '.call-facts .call-status').getByText('已受理').waitFor();
  await onScreen(op, '.emergency-alert').waitFor({ state: 'detached' });
  await checkScreen(t, op, 'miniapp-operator-emergency-acknowledged');
  t.is((await operatorApi.call(routes.getCall, { params: { call_id: posted.id }, query: {} })).status, 'acknowledged');
  t.deepEqual(operator.errors, []);
});

test.serial('a call the station cancels says who and why and offers 再次呼叫; a partner system’s call says who passed it on', async (t) => {
  const resident = (await stack.login('demo-resident-1')).client;
  const asked = await resident.call(routes.createCall, {
    body: { service_code: 'other', description: '楼道灯坏了，晚上看不见' } as never,
    idempotencyKey: `cancel-${Date.now()}`,
  });
  await operatorApi.call(routes.cancelCall, { params: { call_id: asked.id }, body: { note: '物业已经修好了楼道灯' } });

  const { page: rp, errors } = await signedIn(t, '居民 王秀英', '您好，王秀英');
  await rp.goto(`${web.url}/calls/detail/index?id=${asked.id}`);
  await onScreen(rp, '.calls-detail__cancelled').getByText('服务站取消了这次呼叫').waitFor();
  t.is(await onScreen(rp, '[data-testid="cancel-reason"]').textContent(), '原因：物业已经修好了楼道灯');
  t.false((await rp.textContent('body'))?.includes(asked.id), 'the internal id is not shown');
  await checkScreen(t, rp, 'miniapp-calls-cancelled-by-station');
  await onScreen(rp, '[data-testid="call-again"]').click();
  await rp.waitForURL(/\/calls\/new\/index\?code=other/);

  // A call a partner system passed on over Open311: the operator sees the person it named and the partner, not 身份不明.
  const issued = await operatorApi.call(routes.createPartnerKey, {
    params: { community_id: seed.communities.wenxin },
    body: { name: '12345 市民热线' },
  });
  const fields: [string, string][] = [
    ['api_key', issued.api_key],
    ['jurisdiction_id', seed.communities.wenxin],
    ['service_code', 'other'],
    ['address_string', '益乐新村 9 幢 101'],
    ['first_name', '明'],
    ['last_name', '李'],
    ['phone', '13812345678'],
    ['description', '小区门口路灯不亮'],
  ];
  const res = await fetch(`${stack.apiUrl}/open311/v2/requests.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: fields.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'),
  });
  t.true(res.ok, `Open311 answered ${res.status}`);
  const partnerCall = (
    await operatorApi.call(routes.listCommunityCalls, {
      params: { community_id: seed.communities.wenxin },
      query: { status: 'open', limit: 100 },
    })
  ).items.find((c) => c.channel === 'open311' && c.description.includes('小区门口路灯不亮'))!;
  t.is(partnerCall.partner_name, '12345 市民热线');

  const { page: op, errors: operatorErrors } = await signedIn(t, '运营 周敏', '您好，周敏');
  await op.locator('.role-card[data-role="operator"]').click();
  await op.waitForURL(/\/operator\/index\/index/);
  await onScreen(op, '.operator__queue').click();
  await op.waitForURL(/\/operator\/queue\/index/);
  const row = onScreen(op, `.queue__row[data-call-id="${partnerCall.id}"]`);
  await row.waitFor();
  t.regex((await row.textContent()) ?? '', /李明（12345 市民热线转来 · 138\*\*\*\*5678）/);
  t.false((await row.textContent())?.includes('身份不明'));
  await checkScreen(t, op, 'miniapp-operator-queue-open311');
  t.deepEqual([...errors, ...operatorErrors], []);
});
