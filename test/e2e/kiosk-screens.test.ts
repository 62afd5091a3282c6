/**
 * Every main kiosk screen on both terminal orientations (issue 12 item 13), in Chromium against the real API: each
 * fits the screen without scrolling (its controls inside the viewport), passes axe-core with no serious or critical
 * violation, keeps the elder-mode numbers, and is saved as a screenshot per orientation. Also: a card read on the
 * welcome screen is a login, the signed-in person is greeted by her own name and no longer offered 刷卡登录, and a
 * later person at the terminal is not told 您刚才已经求助过 of someone else's emergency.
 */
import test, { type ExecutionContext } from 'ava';
import type { Page } from 'playwright-core';
import { serveStatic, type StaticServer } from '@cc/tools/serve-static';
import { DEMO_CARDS } from '@cc/tools/simulators/citizen-card';
import { checkScreen } from '../support/axe';
import { h5Build, KIOSK_LANDSCAPE, KIOSK_PORTRAIT, launchKioskBrowser, measureElderMode, type LaunchedBrowser } from '../support/browser';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let web: StaticServer;
let kiosk: { id: string; secret: string };
const browsers: LaunchedBrowser[] = [];

const WANG = DEMO_CARDS.find((c) => c.holder_name === '王秀英' && c.status === 'active')!.card_number;
const WANG_PIN = '135790';

test.before(async () => {
  stack = await startStack();
  ({ kiosk } = await stack.seed());
  web = await serveStatic({ root: h5Build('kiosk'), port: 0, runtimeConfig: { apiBaseUrl: stack.apiUrl } });
});

test.after.always(async () => {
  for (const b of browsers) await b.close();
  await web?.close();
  await stack?.stop();
});

const byTestId = (page: Page, id: string) => page.locator(`[data-testid="${id}"]:visible`);

async function openKiosk(t: ExecutionContext, viewport: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
  const browser = await launchKioskBrowser(viewport);
  browsers.push(browser);
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  t.teardown(() => page.close());
  await page.goto(`${web.url}/?terminal_id=${encodeURIComponent(kiosk.id)}&terminal_secret=${encodeURIComponent(kiosk.secret)}`);
  await byTestId(page, 'community-name').getByText('文新街道益乐社区').waitFor();
  return { page, errors };
}

/**
 * The screen fits: nothing scrolls (neither the document nor any box on screen), every named control lies inside the
 * viewport, text ≥ 24 px; then axe and the screenshot.
 */
async function fitsAndPasses(t: ExecutionContext, page: Page, name: string, controls: string[]): Promise<void> {
  const overflow = await page.evaluate(() => {
    const scrolling = Array.from(document.querySelectorAll('body, body *')).filter((el) => {
      const s = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && /(auto|scroll)/.test(s.overflowY) && el.scrollHeight > el.clientHeight + 1;
    });
    const doc = document.scrollingElement!;
    return { boxes: scrolling.map((el) => el.className || el.tagName), document: doc.scrollHeight > window.innerHeight + 1 };
  });
  t.deepEqual(overflow, { boxes: [], document: false }, `${name}: nothing scrolls`);
  const viewport = page.viewportSize()!;
  for (const id of controls) {
    const box = await page.locator(id).first().boundingBox();
    t.truthy(box, `${name}: ${id} is shown`);
    if (box) t.true(box.y >= 0 && box.y + box.height <= viewport.height + 0.5, `${name}: ${id} inside the screen (${box.y}+${box.height})`);
  }
  const { texts } = await measureElderMode(page);
  t.deepEqual(
    texts.filter((x) => x.fontPx < 24),
    [],
    `${name}: text ≥ 24 px`,
  );
  await checkScreen(t, page, name);
}

const ORIENTATIONS = [
  ['portrait', KIOSK_PORTRAIT],
  ['landscape', KIOSK_LANDSCAPE],
] as const;

for (const [orientation, viewport] of ORIENTATIONS) {
  test.serial(`${orientation}: every main screen fits without scrolling and passes axe`, async (t) => {
    const { page, errors } = await openKiosk(t, viewport);
    const tiles = ['card', 'call', 'sos', 'balance'].map((k) => `[data-testid="tile-${k}"]:visible`);
    await fitsAndPasses(t, page, `kiosk-${orientation}-1-welcome`, [
      ...tiles,
      '[data-testid="hotline"]:visible',
      '[data-testid="help-button"]:visible',
    ]);

    // The card laid on the reader at the welcome screen: straight on to the PIN.
    await page.keyboard.type(WANG);
    await page.keyboard.press('Enter');
    await byTestId(page, 'card-read')
      .getByText(`尾号 ${WANG.slice(-4)}`)
      .waitFor();
    const keys = ['1', '0', 'delete', 'confirm'].map((k) => `.pin-key[data-key="${k}"]:visible`);
    await fitsAndPasses(t, page, `kiosk-${orientation}-2-pin`, keys);
    for (const d of WANG_PIN) await page.locator(`.pin-key[data-key="${d}"]:visible`).click();
    await page.locator('.pin-key[data-key="confirm"]:visible').click();

    await byTestId(page, 'balance-amount').waitFor();
    t.is(await byTestId(page, 'holder-name').textContent(), '王秀英，您好', 'her own name, in full');
    await fitsAndPasses(t, page, `kiosk-${orientation}-3-balance`, [
      '[data-testid="logout"]:visible',
      '[data-testid="balance-amount"]:visible',
    ]);

    await page.locator('.kiosk-bar:visible').getByText('返回首页').click();
    await byTestId(page, 'signed-in').getByText('王秀英 已登录').waitFor();
    t.false(await byTestId(page, 'tile-card').isVisible(), 'no 刷卡登录 while she is signed in');
    await fitsAndPasses(t, page, `kiosk-${orientation}-4-home-signed-in`, [...tiles.slice(1), '[data-testid="logout"]:visible']);

    await byTestId(page, 'tile-call').click();
    await byTestId(page, 'service-grid').waitFor();
    const services = await page.locator('[data-testid="service-grid"]:visible button').count();
    t.true(services >= 4);
    const serviceTiles = Array.from({ length: services }, (_, i) => `[data-testid="service-grid"]:visible button >> nth=${i}`);
    await fitsAndPasses(t, page, `kiosk-${orientation}-5-call`, serviceTiles);

    await page.locator('.kiosk-bar:visible').getByText('返回首页').click();
    await byTestId(page, 'tile-sos').click();
    await byTestId(page, 'sos-ask').waitFor();
    await fitsAndPasses(t, page, `kiosk-${orientation}-6-sos`, [
      '[data-testid="sos-confirm"]:visible',
      '[data-testid="sos-cancel"]:visible',
    ]);

    await byTestId(page, 'help-button').click();
    await byTestId(page, 'help-steps').waitFor();
    await fitsAndPasses(t, page, `kiosk-${orientation}-7-help`, [
      '[data-testid="help-step-sos"]:visible',
      '[data-testid="help-hotline"]:visible',
    ]);
    t.deepEqual(errors, []);
  });
}

test.serial('a later person is not told 您刚才已经求助过 of the emergency someone before her raised', async (t) => {
  const { page, errors } = await openKiosk(t, KIOSK_PORTRAIT);
  await byTestId(page, 'tile-sos').click();
  await byTestId(page, 'sos-confirm').click();
  await byTestId(page, 'sos-done-title').getByText('求助已发出').waitFor();
  await byTestId(page, 'sos-home').click();

  // The next person at the terminal presses 紧急求助: the station already has this terminal's call.
  await byTestId(page, 'tile-sos').click();
  await byTestId(page, 'sos-confirm').click();
  await byTestId(page, 'sos-done-title').waitFor();
  t.is(await byTestId(page, 'sos-done-title').textContent(), '这台终端刚才已有人求助');
  t.is((await byTestId(page, 'sos-again').textContent())?.trim(), '我也需要帮助');
  t.false((await page.textContent('body'))?.includes('您刚才已经求助过'));
  await checkScreen(t, page, 'kiosk-sos-later-person');
  t.deepEqual(errors, []);
});
