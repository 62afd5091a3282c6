/**
 * The UI kits' galleries (issue 12): the mini-program's dev/kit/index at 375 px (also in large-text mode) and the
 * kiosk's pages/kit/index at both terminal orientations, in Chromium. Every component's section is there and shows
 * its demo working (one check each), and every gallery passes axe and is saved as a screenshot. The galleries need
 * no API: a small server stands in for the API host and serves the demo photos at the paths the demos use.
 */
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import test, { type ExecutionContext } from 'ava';
import type { Locator, Page } from 'playwright-core';
import { serveStatic, type StaticServer } from '@cc/tools/serve-static';
import { checkScreen } from '../support/axe';
import {
  h5Build,
  KIOSK_LANDSCAPE,
  KIOSK_PORTRAIT,
  launchBrowser,
  launchKioskBrowser,
  screenshotDir,
  type LaunchedBrowser,
} from '../support/browser';

const MINIAPP_KIT = [
  'Card',
  'Chips',
  'ErrorNotice',
  'Fact',
  'Field',
  'LinkCells',
  'Money',
  'MoreLine',
  'NoteBox',
  'Notice',
  'PhotoPicker',
  'Photos',
  'PinInput',
  'RadioGroup',
  'Remark',
  'StateView',
  'Stars',
  'StatusTag',
  'Stepper',
  'Tabs',
  'Tag',
  'TextField',
  'Thumb',
  'Timeline',
];
const KIOSK_KIT = ['BigButton', 'Field', 'Hotline', 'MoneyLine', 'Notice', 'Panel', 'PinPad', 'StateView', 'Tile'];

let pictures: http.Server;
let picturesUrl: string;
let miniapp: StaticServer;
let kiosk: StaticServer;
const browsers: LaunchedBrowser[] = [];

/** Any path is a small square picture, as an uploaded photo would be. */
function startPictures(): Promise<http.Server> {
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="240"><rect width="240" height="240" fill="#c9e4c5"/><circle cx="120" cy="120" r="70" fill="#f2d16b"/></svg>';
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'image/svg+xml', 'access-control-allow-origin': '*' });
    res.end(svg);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test.before(async () => {
  pictures = await startPictures();
  picturesUrl = `http://127.0.0.1:${(pictures.address() as AddressInfo).port}`;
  miniapp = await serveStatic({ root: h5Build('miniapp'), port: 0, runtimeConfig: { apiBaseUrl: picturesUrl, wechatSimUrl: picturesUrl } });
  kiosk = await serveStatic({ root: h5Build('kiosk'), port: 0, runtimeConfig: { apiBaseUrl: picturesUrl } });
});

test.after.always(async () => {
  for (const b of browsers) await b.close();
  await miniapp?.close();
  await kiosk?.close();
  await new Promise((resolve) => pictures?.close(resolve));
});

const byId = (page: Page, id: string): Locator => page.locator(`[data-testid="${id}"]:visible`);

async function openGallery(t: ExecutionContext, browser: LaunchedBrowser, url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  t.teardown(() => page.close());
  await page.goto(url);
  await byId(page, 'kit-page').waitFor();
  return { page, errors };
}

/** Each section is on the page with its name as its heading. */
async function sectionsPresent(t: ExecutionContext, page: Page, names: string[]): Promise<void> {
  const shown = await page.locator('[data-testid^="kit-"]:visible').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
  t.deepEqual(shown.filter((id) => id !== 'kit-page').sort(), names.map((n) => `kit-${n}`).sort(), 'one section per component');
  for (const name of names)
    await t.notThrowsAsync(byId(page, `kit-${name}`).getByRole('heading', { name, exact: true }).waitFor(), `${name} heading`);
}

/**
 * The page scrolls inside Taro's page box, so a full-page screenshot holds one screen: a portrait gallery is shown
 * whole by making the window as tall as its content (still portrait, so the same layout), then axe and the screenshot.
 */
async function checkWholeGallery(t: ExecutionContext, page: Page, name: string): Promise<void> {
  const viewport = page.viewportSize()!;
  const content_px = await page.evaluate(() =>
    Math.max(document.documentElement.scrollHeight, ...Array.from(document.querySelectorAll('body *'), (e) => e.scrollHeight)),
  );
  await page.setViewportSize({ width: viewport.width, height: Math.min(content_px, 16000) });
  await checkScreen(t, page, name);
  await page.setViewportSize(viewport);
}

/** Each section as its own picture (a landscape terminal cannot grow taller without turning portrait). */
async function sectionShots(page: Page, prefix: string, names: string[]): Promise<void> {
  for (const name of names) await byId(page, `kit-${name}`).screenshot({ path: path.join(screenshotDir, `${prefix}-${name}.png`) });
}

/** Photos in a section that actually loaded. */
async function loadedImages(section: Locator): Promise<number> {
  await section.locator('img').first().waitFor();
  return section.locator('img').evaluateAll((imgs) => (imgs as HTMLImageElement[]).filter((i) => i.complete && i.naturalWidth > 0).length);
}

/** One check per mini-program component: its main state shows, or its demo answers a tap. */
async function miniappContents(t: ExecutionContext, page: Page): Promise<void> {
  const kit = (name: string) => byId(page, `kit-${name}`);
  await kit('Card').getByText('收货信息').waitFor();
  t.is(await kit('Chips').getByRole('radio', { name: '上午' }).getAttribute('aria-checked'), 'true', 'Chips: the chosen radio');
  await kit('Chips').getByRole('checkbox', { name: '有机' }).click();
  await kit('Chips').getByText('✓ 有机').waitFor();
  t.regex(await kit('ErrorNotice').innerText(), /网络连接失败/, 'ErrorNotice: the plain words of a network failure');
  await kit('Fact').getByText('2412-0387').waitFor();
  t.is(await kit('Field').locator('.cc-field--error').count(), 1, 'Field: one field in error');
  t.regex(await kit('LinkCells').locator('.demo-link-orders').innerText(), /我的订单[\s\S]*待付款[\s\S]*查看/, 'LinkCells: its word');
  t.regex(await kit('LinkCells').locator('.demo-link-calls').innerText(), /便民服务呼叫[\s\S]*进入/, 'LinkCells: 进入 by default');
  t.is((await byId(page, 'demo-money-total').innerText()).trim(), '¥185.80', 'Money: 18580 fen');
  await kit('MoreLine').getByText('没有更多了').waitFor();
  t.regex(
    await kit('MoreLine').locator('.demo-paged-list').innerText(),
    /^订单 2412-0387\s*订单 2412-0388\s*上拉加载更多$/,
    'PagedList: the rows, then the more-line',
  );
  await kit('MoreLine').getByText('没有待裁决的退款争议').waitFor();
  await kit('NoteBox').locator('.cc-notebox__submit').filter({ hasText: '拒绝退款' }).click();
  await kit('NoteBox').getByText('请至少写 2 个字，让对方知道为什么').waitFor();
  t.regex(await kit('Notice').getByRole('alert').innerText(), /付款没有成功/, 'Notice: danger is an alert');
  await kit('PhotoPicker').getByText('添加照片').first().waitFor();
  t.is(await loadedImages(kit('Photos')), 5, 'Photos: every picture loaded');
  await t.notThrowsAsync(pinAndRadioChecks(t, page), 'PinInput, RadioGroup, Stars');
  t.is(await kit('Remark').locator('.cc-remark').count(), 3, 'Remark: three tones');
  for (const words of ['正在加载订单…', '还没有订单', '网络连接失败，请稍后再试']) await kit('StateView').getByText(words).waitFor();
  const statuses = await kit('StatusTag').locator('[data-testid="order-status"]').allInnerTexts();
  t.deepEqual(statuses, ['待付款', '配送中', '已完成', '退款中'], 'StatusTag: the shared words of four order statuses');
  await t.notThrowsAsync(stepperChecks(t, page), 'Stepper');
  await t.notThrowsAsync(tabsChecks(t, page), 'Tabs');
  t.is(await kit('Tag').locator('.cc-tag').count(), 7, 'Tag: every tone');
  await byId(page, 'demo-phone-input').fill('13800138000');
  await byId(page, 'demo-phone-error').waitFor({ state: 'detached' });
  t.is(await kit('Thumb').locator('.cc-thumb').count(), 4, 'Thumb: four tiles');
  t.is(await kit('Timeline').locator('.cc-timeline__item').count(), 3, 'Timeline: three steps');
}

/**
 * The PIN boxes are drawn before a digit is typed and show dots, never digits; the radio group and the stars are one
 * Tab stop each, and the arrow keys move and choose (issue 12: keyboard reach).
 */
async function pinAndRadioChecks(t: ExecutionContext, page: Page): Promise<void> {
  t.is(await byId(page, 'pin-input-demo-empty').locator('.pin-input__box').count(), 6, 'PinInput: six boxes while empty');
  t.is(await byId(page, 'pin-input-demo-typed').locator('[data-testid="pin-dot"]').count(), 4, 'PinInput: a dot a digit');
  t.false((await byId(page, 'pin-input-demo-typed').innerText()).includes('1234'), 'PinInput: no digits drawn');

  const radios = byId(page, 'demo-radios').getByRole('radio');
  t.deepEqual(await radios.evaluateAll((els) => els.map((e) => e.getAttribute('tabindex'))), ['0', '-1', '-1'], 'one Tab stop');
  await radios.first().focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  await byId(page, 'demo-radios-chosen').getByText('已选：中份').waitFor();
  t.is(await radios.nth(1).getAttribute('aria-checked'), 'true', 'RadioGroup: → chose the second');
  t.true(await radios.nth(1).evaluate((e) => e === document.activeElement), 'RadioGroup: focus follows the choice');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  t.is(await radios.nth(2).getAttribute('aria-checked'), 'true', 'RadioGroup: ← wraps to the last');

  const stars = byId(page, 'kit-Stars').getByRole('radio');
  await stars.first().focus();
  await page.keyboard.press('Enter');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await byId(page, 'kit-Stars').getByText('4 星：满意').waitFor();
  t.is(await byId(page, 'kit-Stars').locator('.cc-star--lit').count(), 4, 'Stars: four lit');
}

/**
 * Tabs are one Tab stop on the chosen tab; arrows move and choose (wrapping), Home and End jump; the count badge shows
 * on 待发货; every tab is at least 44 px tall (a finger), the two stretched tabs share the row equally.
 */
async function tabsChecks(t: ExecutionContext, page: Page): Promise<void> {
  const list = byId(page, 'demo-tabs');
  t.is(await list.getAttribute('role'), 'tablist', 'Tabs: a tablist');
  t.is(await list.getAttribute('aria-label'), '订单状态', 'Tabs: the list is named');
  const tabs = list.getByRole('tab');
  t.deepEqual(await tabs.evaluateAll((els) => els.map((e) => e.getAttribute('tabindex'))), ['0', '-1', '-1', '-1'], 'Tabs: one Tab stop');
  t.is(await list.locator('[data-tab="paid"] .cc-tab__count').innerText(), '2', 'Tabs: the count badge');
  await tabs.first().focus();
  await page.keyboard.press('ArrowRight');
  await byId(page, 'demo-tabs-chosen').getByText('正在看：待发货').waitFor();
  t.is(await tabs.nth(1).getAttribute('aria-selected'), 'true', 'Tabs: → chose the second');
  t.true(await tabs.nth(1).evaluate((e) => e === document.activeElement), 'Tabs: focus follows the choice');
  t.deepEqual(await tabs.evaluateAll((els) => els.map((e) => e.getAttribute('tabindex'))), ['-1', '0', '-1', '-1'], 'Tabs: the stop moved');
  await page.keyboard.press('End');
  t.is(await tabs.nth(3).getAttribute('aria-selected'), 'true', 'Tabs: End chose the last');
  await page.keyboard.press('ArrowRight');
  await byId(page, 'demo-tabs-chosen').getByText('正在看：全部').waitFor();
  t.is(await tabs.first().getAttribute('aria-selected'), 'true', 'Tabs: → wraps to the first');
  await page.keyboard.press('ArrowLeft');
  await byId(page, 'demo-tabs-chosen').getByText('正在看：已完成').waitFor();
  const heights = await page
    .locator('[data-testid^="demo-tabs"] [role="tab"]:visible')
    .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
  t.true(heights.length === 6 && heights.every((h) => h >= 44), `Tabs: every tab ≥ 44 px tall (${heights.join(', ')})`);
  const halves = await byId(page, 'demo-tabs-stretch')
    .getByRole('tab')
    .evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().width)));
  t.true(Math.abs(halves[0]! - halves[1]!) <= 1, `Tabs: stretched tabs share the row (${halves.join(', ')})`);
  await byId(page, 'demo-tabs-stretch').getByRole('tab', { name: '已结束（12）' }).click();
  t.is(
    await byId(page, 'demo-tabs-stretch').getByRole('tab', { name: '已结束（12）' }).getAttribute('aria-selected'),
    'true',
    'Tabs: a tap chooses',
  );
}

/** 减少 off at the minimum, 增加 off at the maximum, and a tap in between counts. */
async function stepperChecks(t: ExecutionContext, page: Page): Promise<void> {
  t.is(
    await byId(page, 'demo-stepper-min').getByRole('button', { name: '减少数量' }).getAttribute('aria-disabled'),
    'true',
    'Stepper: − off at min',
  );
  t.is(
    await byId(page, 'demo-stepper-max').getByRole('button', { name: '增加数量' }).getAttribute('aria-disabled'),
    'true',
    'Stepper: + off at max',
  );
  const mid = byId(page, 'demo-stepper-mid');
  await mid.getByRole('button', { name: '增加斤数' }).click();
  t.is(await mid.locator('input').inputValue(), '4', 'Stepper: 3 + 1');
}

test.serial('the mini-program kit gallery at 375 px: every component shows its demo; axe; large-text mode too', async (t) => {
  const browser = await launchBrowser({ viewport: { width: 375, height: 812 } });
  browsers.push(browser);
  const { page, errors } = await openGallery(t, browser, `${miniapp.url}/dev/kit/index`);
  await sectionsPresent(t, page, MINIAPP_KIT);
  await miniappContents(t, page);
  await checkWholeGallery(t, page, 'kit-miniapp');
  const tabSize = () =>
    byId(page, 'demo-tabs')
      .getByRole('tab')
      .first()
      .evaluate((e): [number, number] => [e.getBoundingClientRect().height, parseFloat(getComputedStyle(e).fontSize)]);
  const [tab_px, tab_font_px] = await tabSize();

  // Large-text mode (the home page's 大字模式; Taro's storage wraps it as {"data": …}): the whole kit in larger type.
  const body_px = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  await page.evaluate(() => localStorage.setItem('cc.large_text', JSON.stringify({ data: true })));
  await page.reload();
  await byId(page, 'kit-page').waitFor();
  const large_px = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  t.true(large_px > body_px, `large text: body ${large_px} px > ${body_px} px`);
  await sectionsPresent(t, page, MINIAPP_KIT);
  await checkWholeGallery(t, page, 'kit-miniapp-large-text');
  const [large_tab_px, large_tab_font_px] = await tabSize();
  t.true(
    large_tab_px > tab_px && large_tab_font_px > tab_font_px,
    `large text: a tab ${large_tab_px} px tall, ${large_tab_font_px} px type`,
  );
  t.deepEqual(errors, [], 'no page errors');
});

/** One check per kiosk component. */
async function kioskContents(t: ExecutionContext, page: Page): Promise<void> {
  const kit = (name: string) => byId(page, `kit-${name}`);
  t.true(await kit('BigButton').getByRole('button', { name: '请稍候' }).isDisabled(), 'BigButton: disabled');
  const speech = kit('BigButton').getByRole('button', { name: /朗读/ });
  await speech.click();
  t.is(await speech.getAttribute('aria-pressed'), 'true', 'BigButton: a toggle');
  t.is(await kit('Field').getByLabel('终端编号').inputValue(), 'kiosk-yile-01', 'Field: labelled input');
  t.regex(await byId(page, 'demo-hotline-big').innerText(), /0571-8888 1234/, 'Hotline: the number in large type');
  t.deepEqual(
    await kit('MoneyLine').locator('.payment__amount').allInnerTexts(),
    ['¥12.00', '¥185.80', '¥10.00'],
    'MoneyLine: amounts from fen',
  );
  t.regex(await byId(page, 'demo-notice-title').innerText(), /网络不通[\s\S]*暂时查不到余额/, 'Notice: title then lines');
  await kit('Panel').getByText('已收到您的求助').waitFor();
  await kit('PinPad').locator('.pin-key[data-key="5"]').click();
  t.is(await kit('PinPad').getByTestId('pin-dots').getAttribute('data-filled'), '3', 'PinPad: a digit fills a dot');
  await kit('StateView').getByText('正在查询余额…').waitFor();
  t.is(await kit('Tile').getByRole('button').count(), 4, 'Tile: four tiles as buttons');
}

for (const [orientation, viewport] of [
  ['portrait', KIOSK_PORTRAIT],
  ['landscape', KIOSK_LANDSCAPE],
] as const) {
  test.serial(
    `the kiosk kit gallery, ${orientation} ${viewport.width}×${viewport.height}: every component shows its demo; axe`,
    async (t) => {
      const browser = await launchKioskBrowser(viewport);
      browsers.push(browser);
      const { page, errors } = await openGallery(t, browser, `${kiosk.url}/pages/kit/index`);
      await sectionsPresent(t, page, KIOSK_KIT);
      await kioskContents(t, page);
      // Unlike an elder's screen (kiosk-screens.test.ts: nothing scrolls) the gallery shows every component at once and
      // scrolls.
      if (orientation === 'portrait') await checkWholeGallery(t, page, `kit-kiosk-${orientation}`);
      else await checkScreen(t, page, `kit-kiosk-${orientation}`);
      await sectionShots(page, `kit-kiosk-${orientation}`, KIOSK_KIT);
      t.deepEqual(errors, [], 'no page errors');
    },
  );
}
