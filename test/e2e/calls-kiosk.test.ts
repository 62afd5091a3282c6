/**
 * Convenience calls at the kiosk (elder mode), in Chromium against the real API: 呼叫帮助 asks for card + PIN first
 * and comes back, one press on a picture sends the call with the registered address and the confirmation is written
 * big and read aloud; a second press in that category is answered in plain words with 仍然发送; 紧急求助 asks once
 * on a full screen, works without a card login, shows and speaks the hotline, and an operator's realtime channel
 * gets the alert at once.
 */
import test, { type ExecutionContext } from 'ava';
import { byTestId, demoCard, spoken, checkElderMode, tapCard, enterPin } from '../support/kiosk-pages';
import type { Page, Request } from 'playwright-core';
import { routes, type Call } from '@cc/shared';
import { serveStatic, type StaticServer } from '@cc/tools/serve-static';
import WebSocket from 'ws';
import { expectedBy, spokenPhone } from '../../packages/kiosk/src/call-words';
import { h5Build, launchKioskBrowser, type LaunchedBrowser } from '../support/browser';
import { checkScreen } from '../support/axe';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let web: StaticServer;
let browser: LaunchedBrowser;
let seed: Awaited<ReturnType<Stack['seed']>>;

// Seeded: 王秀英 (PIN 135790) lives at 益乐新村 3 幢 2 单元 301 室, 刘德明 (PIN 246813) at 7 幢 1 单元 502 室.
const WANG = { card: demoCard('王秀英'), pin: '135790', openid: 'demo-resident-1', address: '益乐新村 3 幢 2 单元 301 室' };
const LIU = { card: demoCard('刘德明'), pin: '246813', openid: 'demo-resident-2', address: '益乐新村 7 幢 1 单元 502 室' };
const HOTLINE = '0571-96345';
/** The picture grid: every service of the default catalogue but 紧急求助, which has its own tile. */
// Not 紧急求助 (its own button) nor 关怀探访 (asked for an elder, not by her at the terminal).
const SERVICES = ['水电维修', '家政保洁', '助餐', '助浴', '陪诊', '开锁换锁', '家电维修', '其他'];

test.before(async () => {
  stack = await startStack();
  seed = await stack.seed();
  web = await serveStatic({ root: h5Build('kiosk'), port: 0, runtimeConfig: { apiBaseUrl: stack.apiUrl } });
  browser = await launchKioskBrowser();
});

test.after.always(async () => {
  await browser?.close();
  await web?.close();
  await stack?.stop();
});

async function newPage(t: ExecutionContext): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r: Request) => requests.push(`${r.method()} ${new URL(r.url()).pathname}`));
  t.teardown(() => page.close());
  return { page, errors, requests };
}

async function provision(page: Page): Promise<void> {
  await page.goto(`${web.url}/?terminal_id=${encodeURIComponent(seed.kiosk.id)}&terminal_secret=${encodeURIComponent(seed.kiosk.secret)}`);
  await byTestId(page, 'community-name').getByText('文新街道益乐社区').waitFor();
}

/** Forgets what was said so far, so the next check hears only the next screen. */
async function clearSpoken(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __spoken: string[] }).__spoken.length = 0;
  });
}

/** Waits until something said aloud contains every one of `parts`; returns it. */
async function heard(page: Page, ...parts: string[]): Promise<string> {
  await page.waitForFunction(
    (want) => (window as unknown as { __spoken: string[] }).__spoken.some((s) => want.every((p) => s.includes(p))),
    parts,
    { timeout: 5000 },
  );
  return (await spoken(page)).find((s) => parts.every((p) => s.includes(p))) ?? '';
}

/** An operator's realtime channel (as test/api/calls.test.ts connects one); `ready` once subscribed. */
function operatorChannel(token: string) {
  const ws = new WebSocket(`${stack.apiUrl.replace(/^http/, 'ws')}/api/v1/realtime`, { headers: { authorization: `Bearer ${token}` } });
  const events: { at: number; event: Record<string, unknown> }[] = [];
  const ready = new Promise<void>((resolve, reject) => {
    ws.on('message', (data) => {
      const event = JSON.parse(String(data)) as Record<string, unknown>;
      events.push({ at: Date.now(), event });
      if (event.type === 'ready') resolve();
    });
    ws.on('error', reject);
  });
  return { ws, events, ready };
}

async function until<T>(what: string, check: () => T | undefined | null | false, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function myKioskCalls(openid: string): Promise<Call[]> {
  const person = await stack.login(openid);
  return (await person.client.call(routes.listMyCalls, { query: { limit: 50 } })).items.filter((c) => c.channel === 'kiosk');
}

test.serial(
  '呼叫帮助: card + PIN first, one press on 水电维修, the confirmation written and spoken; a second press is a plain-words duplicate',
  async (t) => {
    const { page, errors, requests } = await newPage(t);
    await provision(page);
    await checkScreen(t, page, 'kiosk-calls-0-home');

    // Tap 1: the tile. Nobody is signed in, so the card comes first, saying why.
    await byTestId(page, 'tile-call').click();
    await byTestId(page, 'login-for-call').waitFor();
    await heard(page, '呼叫帮助要先刷卡');
    await checkElderMode(t, page, 'card for 呼叫帮助');
    await checkScreen(t, page, 'kiosk-calls-1-card');
    await tapCard(page, WANG.card);
    // Tap 2: 确认 after the PIN (the digits aside) — and back into 呼叫帮助, not the balance.
    await enterPin(page, WANG.pin);
    const grid = byTestId(page, 'service-grid');
    await grid.waitFor();
    t.is(await page.locator('.kiosk-bar__title:visible').textContent(), '呼叫帮助');
    t.false(requests.includes('GET /api/v1/kiosk/wallet'), 'the balance is not opened on the way');
    const names = await grid.locator('.svc-tile__name').allTextContents();
    t.deepEqual(names, SERVICES);
    t.is(await grid.locator('.svc-tile svg').count(), SERVICES.length, 'every service has its picture');
    for (const box of await grid.locator('.svc-tile').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect))) {
      t.true(box.width >= 300 && box.height >= 200, `a large tile: ${box.width}×${box.height}`);
    }
    t.true(await byTestId(page, 'call-to-sos').isVisible(), '紧急求助 is at hand from here too');
    await heard(page, '请选择需要的服务', '水电维修', '其他');
    await checkElderMode(t, page, 'service pictures');
    await checkScreen(t, page, 'kiosk-calls-2-services');

    // Tap 3: one press sends the call.
    await clearSpoken(page);
    const sent = page.waitForResponse((r) => r.url().endsWith('/api/v1/kiosk/calls') && r.request().method() === 'POST');
    await byTestId(page, 'service-water_electric').click();
    t.is((await sent).status(), 201);
    const confirmation = byTestId(page, 'call-sent');
    await confirmation.waitFor();
    t.is(await byTestId(page, 'sent-service').textContent(), '水电维修');
    t.is(await byTestId(page, 'sent-address').textContent(), WANG.address);
    t.is(await byTestId(page, 'sent-next').textContent(), '社区服务站会打电话联系您');
    // expected_datetime: the SLA's acknowledge deadline (15 minutes for 水电维修).
    const expectedText = (await byTestId(page, 'sent-expected').textContent()) ?? '';
    t.regex(expectedText, /^(今天|\d{1,2}月\d{1,2}日) \d{2}:\d{2} 之前$/);
    const said = await heard(page, '水电维修', WANG.address, '联系您');
    t.regex(said, /预计(今天|\d{1,2}月\d{1,2}日)\d{1,2}点(\d{1,2}分|整)之前/, said);
    t.true(said.includes(spokenPhone(HOTLINE)), said);
    // Written big.
    for (const id of ['sent-service', 'sent-address']) {
      const px = await byTestId(page, id).evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      t.true(px >= 40, `${id} font ${px}px`);
    }
    await checkElderMode(t, page, 'call sent');
    await checkScreen(t, page, 'kiosk-calls-3-sent');

    // The call exists in the API: channel kiosk, the registered address, this terminal.
    const calls = await myKioskCalls(WANG.openid);
    t.is(calls.length, 1);
    t.like(calls[0], {
      service_code: 'water_electric',
      channel: 'kiosk',
      status: 'open',
      address: WANG.address,
      kiosk_id: seed.kiosk.id,
      priority: 'normal',
    });
    t.is(expectedText, `${expectedBy(calls[0]!.expected_datetime)!.text} 之前`, 'the call’s expected time, in Asia/Shanghai');

    // Home, still signed in: 呼叫帮助 goes straight to the pictures (two taps to a call), and the same press again
    // is answered in plain words.
    await byTestId(page, 'sent-home').click();
    await byTestId(page, 'signed-in').getByText('王秀英 已登录').waitFor();
    await byTestId(page, 'tile-call').click();
    await byTestId(page, 'service-water_electric').click();
    await byTestId(page, 'call-duplicate').waitFor();
    t.is(await byTestId(page, 'duplicate-text').textContent(), '您已经呼叫过这项服务，服务站正在处理');
    await heard(page, '您已经呼叫过这项服务，服务站正在处理');
    t.true(await byTestId(page, 'send-anyway').isVisible());
    t.is((await myKioskCalls(WANG.openid)).length, 1, 'nothing new was sent');
    await checkElderMode(t, page, 'duplicate');
    await checkScreen(t, page, 'kiosk-calls-4-duplicate');

    // 仍然发送: a new problem in the same category goes out after all.
    await byTestId(page, 'send-anyway').click();
    await byTestId(page, 'call-sent').waitFor();
    t.is((await myKioskCalls(WANG.openid)).length, 2);

    // 退出登录 from the confirmation ends the card session.
    const ended = page.waitForRequest((r) => r.url().endsWith('/api/v1/kiosk/sessions/end'));
    await byTestId(page, 'sent-logout').click();
    await ended;
    await byTestId(page, 'tile-card').waitFor();
    t.false(await byTestId(page, 'signed-in').isVisible());
    t.deepEqual(errors, []);
  },
);

test.serial(
  '紧急求助 without a card: 确认求助 on a full screen, help is coming and the hotline in very large type and aloud; the operator is alerted at once',
  async (t) => {
    const { page, errors, requests } = await newPage(t);
    const operator = await stack.login('demo-operator-1');
    const channel = operatorChannel(operator.token);
    await channel.ready;
    await provision(page);

    await byTestId(page, 'tile-sos').click();
    await byTestId(page, 'sos-ask').waitFor();
    // Asked once, on the page itself: no dialog.
    t.is(await page.locator('dialog, [role="dialog"], [role="alertdialog"]').count(), 0);
    t.true(await byTestId(page, 'sos-cancel').isVisible());
    await heard(page, '您需要紧急帮助吗', '确认求助', '不用刷卡');
    const confirmBox = await byTestId(page, 'sos-confirm').boundingBox();
    t.true((confirmBox?.height ?? 0) >= 150 && (confirmBox?.width ?? 0) >= 600, 'a huge 确认求助');
    await checkElderMode(t, page, 'sos confirm');
    await checkScreen(t, page, 'kiosk-calls-5-sos-confirm');

    await clearSpoken(page);
    const pressed = Date.now();
    await byTestId(page, 'sos-confirm').click();
    await byTestId(page, 'sos-sent').waitFor();
    t.true(requests.includes('POST /api/v1/kiosk/emergency'), 'raised by the terminal (nobody signed in)');
    t.is(await byTestId(page, 'sos-coming').innerText(), '马上有人来帮您\n请在这里等候');
    t.is(await byTestId(page, 'sos-hotline').textContent(), HOTLINE);
    const hotlinePx = await byTestId(page, 'sos-hotline').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    t.true(hotlinePx >= 96, `hotline font ${hotlinePx}px`);
    const said = await heard(page, '求助已发出', '马上有人来帮您', spokenPhone(HOTLINE));
    t.true(said.includes('120') || said.includes('1 2 0'), said);

    // The on-duty operator's realtime channel got the alert, with where the kiosk stands.
    const alert = await until('the emergency alert', () => channel.events.find((e) => e.event.type === 'call.emergency'));
    t.true(alert.at - pressed < 1500, `alert after ${alert.at - pressed} ms`);
    t.like(alert.event, {
      community_id: seed.communities.wenxin,
      kiosk_id: seed.kiosk.id,
      requester_id: null,
      channel: 'kiosk',
      address: '益乐社区服务站（益乐新村 12 幢一楼）',
    });
    const queue = await operator.client.call(routes.listCommunityCalls, {
      params: { community_id: seed.communities.wenxin },
      query: { limit: 50 },
    });
    t.like(
      queue.items.find((c) => c.id === alert.event.call_id),
      { priority: 'emergency', status: 'open', requester_id: null },
    );
    await checkElderMode(t, page, 'sos sent');
    await checkScreen(t, page, 'kiosk-calls-6-sos-sent');
    channel.ws.close();
    t.deepEqual(errors, []);
  },
);

test.serial('紧急求助 while signed in is the person’s own call; pressing again says help is already coming', async (t) => {
  const { page, errors, requests } = await newPage(t);
  const operator = await stack.login('demo-operator-1');
  const channel = operatorChannel(operator.token);
  await channel.ready;
  await provision(page);
  await byTestId(page, 'tile-card').click();
  await tapCard(page, LIU.card);
  await enterPin(page, LIU.pin);
  await page.locator('[data-testid="balance-amount"]:visible, [data-testid="balance-error"]:visible').first().waitFor();
  await page.locator('.kiosk-bar:visible').getByText('返回首页').click();
  await byTestId(page, 'signed-in').waitFor();

  await byTestId(page, 'tile-sos').click();
  await byTestId(page, 'sos-confirm').click();
  await byTestId(page, 'sos-sent').waitFor();
  t.true(requests.includes('POST /api/v1/kiosk/calls'));
  t.false(requests.includes('POST /api/v1/kiosk/emergency'));
  const [own] = (await myKioskCalls(LIU.openid)).filter((c) => c.priority === 'emergency');
  t.truthy(own);
  t.true(own!.description.includes(`登记住址：${LIU.address}`));
  await until('the alert', () => channel.events.find((e) => e.event.type === 'call.emergency' && e.event.call_id === own!.id));

  // Again from home: already on its way, said plainly, with the option to alert once more.
  await byTestId(page, 'sos-home').click();
  await byTestId(page, 'tile-sos').click();
  await clearSpoken(page);
  await byTestId(page, 'sos-confirm').click();
  await byTestId(page, 'sos-sent').getByText('您刚才已经求助过').waitFor();
  await heard(page, '您刚才已经求助过', '马上有人来帮您');
  t.is(await byTestId(page, 'sos-hotline').textContent(), HOTLINE);
  await checkElderMode(t, page, 'sos already');
  await checkScreen(t, page, 'kiosk-calls-7-sos-already');
  await byTestId(page, 'sos-again').click();
  await byTestId(page, 'sos-sent').getByText('求助已发出').waitFor();
  t.is((await myKioskCalls(LIU.openid)).filter((c) => c.priority === 'emergency').length, 2);
  channel.ws.close();
  t.deepEqual(errors, []);
});

test.serial('when 紧急求助 cannot be sent, the screen says which number to call, and 再试一次 sends the same press', async (t) => {
  const { page, errors } = await newPage(t);
  await provision(page);
  const keys: string[] = [];
  // The network to the API is down for this request.
  await page.route('**/api/v1/kiosk/emergency', async (route) => {
    keys.push(route.request().headers()['idempotency-key'] ?? '');
    await route.abort('internetdisconnected');
  });
  await byTestId(page, 'tile-sos').click();
  await clearSpoken(page);
  await byTestId(page, 'sos-confirm').click();
  await byTestId(page, 'sos-failed').waitFor();
  t.is(await byTestId(page, 'sos-hotline').textContent(), HOTLINE);
  await heard(page, '求助没有发出去', `请马上拨打社区热线 ${spokenPhone(HOTLINE)}`);
  t.true((await byTestId(page, 'sos-failed').innerText()).includes('危及生命请拨打 120'));
  await checkElderMode(t, page, 'sos failed');
  await checkScreen(t, page, 'kiosk-calls-8-sos-failed');

  // The network is back: the same press (same Idempotency-Key) goes out.
  await page.unroute('**/api/v1/kiosk/emergency');
  const retried = page.waitForRequest((r) => r.url().endsWith('/api/v1/kiosk/emergency'));
  await byTestId(page, 'sos-retry').click();
  t.is((await retried).headers()['idempotency-key'], keys[0]);
  // An emergency from this kiosk is still open (the test above): help is already on its way.
  await byTestId(page, 'sos-sent').waitFor();
  t.deepEqual(errors, []);
});

test.serial('a call that cannot be sent says so with 重试 and the hotline; 重试 sends the same press', async (t) => {
  const { page, errors } = await newPage(t);
  await provision(page);
  const keys: string[] = [];
  await page.route('**/api/v1/kiosk/calls', async (route) => {
    keys.push(route.request().headers()['idempotency-key'] ?? '');
    await route.abort('internetdisconnected');
  });
  await byTestId(page, 'tile-call').click();
  await tapCard(page, LIU.card);
  await enterPin(page, LIU.pin);
  await byTestId(page, 'service-housekeeping').click();
  await byTestId(page, 'call-error').waitFor();
  await heard(page, '呼叫没有发出去', '网络连接失败', '重试');
  t.true((await byTestId(page, 'call-error').innerText()).includes(HOTLINE));
  await checkElderMode(t, page, 'call failed');
  await checkScreen(t, page, 'kiosk-calls-9-call-failed');

  await page.unroute('**/api/v1/kiosk/calls');
  const retried = page.waitForRequest((r) => r.url().endsWith('/api/v1/kiosk/calls'));
  await page.locator('[data-testid="call-error"]:visible button', { hasText: '重试' }).click();
  t.is((await retried).headers()['idempotency-key'], keys[0]);
  await byTestId(page, 'call-sent').waitFor();
  t.is(await byTestId(page, 'sent-service').textContent(), '家政保洁');
  t.is(await byTestId(page, 'sent-address').textContent(), LIU.address);
  t.deepEqual(errors, []);
});

test.serial(
  'a slow 紧急求助 gives the hotline after a few seconds, and still shows that help is coming when the answer arrives',
  async (t) => {
    const { page, errors } = await newPage(t);
    await provision(page);
    await page.route('**/api/v1/kiosk/emergency', async (route) => {
      await new Promise((r) => setTimeout(r, 9500));
      await route.continue();
    });
    await byTestId(page, 'tile-sos').click();
    await byTestId(page, 'sos-confirm').click();
    await byTestId(page, 'sos-sending').waitFor();
    await byTestId(page, 'sos-failed').waitFor({ timeout: 9000 });
    t.is(await byTestId(page, 'sos-hotline').textContent(), HOTLINE);
    // The answer arrives after all (an emergency from this kiosk is still open: help is already on its way).
    await byTestId(page, 'sos-sent').waitFor({ timeout: 5000 });
    t.deepEqual(errors, []);
  },
);
