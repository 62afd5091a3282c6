/**
 * Elder mode everywhere on the kiosk (issue 15 item 7, DESIGN §6): every kiosk screen, reached the way a person
 * reaches it, in Chromium against the real API, measured as rendered — the smallest text (≥ 24 px), the smallest tap
 * target (≥ 64 px), the lowest text contrast (≥ 7:1, composed from the computed colours and backgrounds), a help
 * button — and checked with axe-core (no violation at all); and on every screen that logs out when idle, the idle
 * warning is extended ten times with 继续使用 without the screen going away.
 *
 * The idle times are the kiosk's real defaults: the page runs on Playwright's clock, fast-forwarded to each warning.
 * Screens added later are appended to SCREENS; test/support/elder-metrics.ts has the measuring code.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import test, { type ExecutionContext } from 'ava';
import type { Page } from 'playwright-core';
import { routes } from '@cc/shared';
import { serveStatic, type StaticServer } from '@cc/tools/serve-static';
import { DEMO_CARDS } from '@cc/tools/simulators/citizen-card';
import { checkScreen } from '../support/axe';
import { h5Build, KIOSK_LANDSCAPE, KIOSK_PORTRAIT, launchKioskBrowser, screenshotDir, type LaunchedBrowser } from '../support/browser';
import { assertElderMode, extendIdle, measureElder, type ElderFigures } from '../support/elder-metrics';
import { cardAt, WANG_PHONE } from '../support/family';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let web: StaticServer;
let kiosk: { id: string; secret: string };
const browsers: Record<'portrait' | 'landscape', LaunchedBrowser | null> = { portrait: null, landscape: null };
const figures: Record<string, Omit<ElderFigures, 'texts' | 'targets'> & { idleExtended: number | null }> = {};

const WANG = DEMO_CARDS.find((c) => c.holder_name === '王秀英' && c.status === 'active')!.card_number;
const WANG_PIN = '135790';
/** The kiosk's default idle times (packages/kiosk/src/config.ts): 90 s, or 30 s while a card is in use. */
const WARN_AFTER_S = 91;
const EXTENSIONS = 10;

/** What a screen's test is given: the page (a fresh one: welcome screen, nobody signed in) and the steps people take. */
class Kiosk {
  constructor(readonly page: Page) {}
  el(testid: string) {
    return this.page.locator(`[data-testid="${testid}"]:visible`);
  }
  async tap(testid: string) {
    await this.el(testid).first().click();
  }
  async see(testid: string) {
    await this.el(testid).first().waitFor();
  }
  async readCard(number: string) {
    await this.page.keyboard.type(number);
    await this.page.keyboard.press('Enter');
  }
  /** Card on the reader, PIN on the pad: the balance screen. */
  async signIn() {
    await this.readCard(WANG);
    await this.el('card-read').waitFor();
    for (const d of WANG_PIN) await this.page.locator(`.pin-key[data-key="${d}"]:visible`).click();
    await this.page.locator('.pin-key[data-key="confirm"]:visible').click();
    await this.see('balance-amount');
  }
  /**
   * 买菜 after card + PIN: 再买一次 with the person's recent orders, or 还没有买过的东西 (the demo card's purchases are
   * not orders). The re-order, 常买的 and payment screens need a shopper with orders (test/support/kiosk-shop.ts).
   */
  async openShop() {
    await this.signIn();
    await this.home();
    await this.tap('tile-shop');
    await this.page.locator('[data-testid="reorder-card"]:visible, [data-testid="shop-empty"]:visible').first().waitFor();
  }
  /** 家人代买 → 我的家人 after card + PIN, with one family member linked to her (made once, kept linked). */
  async openFamily() {
    familyLinked ??= linkOnce();
    await familyLinked;
    await this.signIn();
    await this.home();
    await this.tap('tile-approve');
    await this.tap('open-family');
    await this.see('linked-family');
  }
  async home() {
    await this.page.locator('.kiosk-bar:visible').getByText('返回首页').click();
    await this.see('community-name');
  }
}

let familyLinked: Promise<void> | undefined;

/** 王秀英's son 李明, linked to her (asked in the mini-program, approved at the kiosk with her PIN). */
async function linkOnce(): Promise<void> {
  const son = await stack.login('elder-mode-son');
  await son.client.call(routes.updateMe, { body: { nickname: '李明' } });
  const asked = await son.client.call(routes.requestFamilyLink, { body: { phone: WANG_PHONE, name: '王秀英', relation: '儿子' } });
  const wang = await cardAt(stack, kiosk, { card_number: WANG, pin: WANG_PIN });
  await wang.call(routes.kioskApproveFamilyLink, { params: { link_id: asked.id }, body: { pin: WANG_PIN } });
}

interface KioskScreen {
  name: string;
  /** From the welcome screen (nobody signed in) to this screen, waiting until it shows. */
  open(k: Kiosk): Promise<void>;
  /** false: the screen does not log out when idle (the welcome screen while nobody is signed in, setup). */
  idle?: boolean;
  /** A terminal without credentials (the setup screen) instead of the provisioned one. */
  unprovisioned?: boolean;
}

/** Every kiosk screen and state a person meets; append new screens here. */
export const SCREENS: KioskScreen[] = [
  { name: 'welcome', idle: false, open: (k) => k.see('tile-card') },
  { name: 'card', open: async (k) => (await k.tap('tile-card'), k.page.getByText('请把市民卡放到读卡器上').waitFor()) },
  { name: 'card-unreadable', open: async (k) => (await k.tap('tile-card'), await k.readCard('12ab'), k.see('card-unreadable')) },
  { name: 'pin', open: async (k) => (await k.readCard(WANG), k.see('card-read')) },
  { name: 'balance', open: (k) => k.signIn() },
  { name: 'welcome-signed-in', open: async (k) => (await k.signIn(), k.home()) },
  { name: 'call', open: async (k) => (await k.signIn(), await k.home(), await k.tap('tile-call'), k.see('service-grid')) },
  {
    name: 'call-sent',
    open: async (k) => {
      await k.signIn();
      await k.home();
      await k.tap('tile-call');
      await k.tap('service-other');
      await k.page.locator('[data-testid="call-sent"]:visible, [data-testid="call-duplicate"]:visible').first().waitFor();
    },
  },
  { name: 'call-needs-card', open: async (k) => (await k.tap('tile-call'), k.see('login-for-call')) },
  { name: 'sos', open: async (k) => (await k.tap('tile-sos'), k.see('sos-ask')) },
  { name: 'sos-sent', open: async (k) => (await k.tap('tile-sos'), await k.tap('sos-confirm'), k.see('sos-sent')) },
  {
    name: 'pickup',
    open: async (k) => (
      await k.signIn(),
      await k.home(),
      await k.tap('tile-pickup'),
      k.page.locator('[data-testid="pickup-count"]:visible, [data-testid="pickup-empty"]:visible').first().waitFor()
    ),
  },
  { name: 'help', open: async (k) => (await k.tap('help-button'), k.see('help-steps')) },
  { name: 'staff', open: async (k) => (await k.tap('tile-staff'), k.see('staff-sent')) },
  { name: 'shop', open: (k) => k.openShop() },
  { name: 'family', open: (k) => k.openFamily() },
  { name: 'family-pin', open: async (k) => (await k.openFamily(), await k.tap('unlink'), k.see('unlink-what')) },
  { name: 'setup', idle: false, unprovisioned: true, open: (k) => k.page.locator('input[name="terminal_id"]:visible').waitFor() },
  {
    name: 'setup-refused',
    idle: false,
    unprovisioned: true,
    open: async (k) => {
      await k.page.locator('input[name="terminal_id"]:visible').fill(kiosk.id);
      await k.page.locator('input[name="terminal_secret"]:visible').fill('wrong-secret');
      await k.page.getByText('保存并验证').click();
      await k.page.getByText('终端编号或密钥不对').waitFor();
    },
  },
];

test.before(async () => {
  stack = await startStack();
  ({ kiosk } = await stack.seed());
  web = await serveStatic({ root: h5Build('kiosk'), port: 0, runtimeConfig: { apiBaseUrl: stack.apiUrl } });
});

test.after.always(async () => {
  for (const b of Object.values(browsers)) await b?.close();
  await web?.close();
  await stack?.stop();
});

test.after(async () => {
  // The figures of every screen, for the notes (test-results/elder-mode.json).
  const file = path.join(path.dirname(screenshotDir), 'elder-mode.json');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(figures, null, 2)}\n`);
});

/** Both orientations of the terminal; the idle warning is extended in portrait only (the timers are the same). */
const ORIENTATIONS = { portrait: KIOSK_PORTRAIT, landscape: KIOSK_LANDSCAPE } as const;
type Orientation = keyof typeof ORIENTATIONS;

async function freshKiosk(t: ExecutionContext, screen: KioskScreen, orientation: Orientation): Promise<{ k: Kiosk; errors: string[] }> {
  const browser = (browsers[orientation] ??= await launchKioskBrowser(ORIENTATIONS[orientation]));
  const page = await browser.newPage();
  t.teardown(() => page.close());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.clock.install();
  if (screen.unprovisioned) {
    await page.goto(web.url);
    await page.evaluate(() => localStorage.clear());
    await page.goto(web.url);
  } else {
    await page.goto(`${web.url}/?terminal_id=${encodeURIComponent(kiosk.id)}&terminal_secret=${encodeURIComponent(kiosk.secret)}`);
    await page.locator('[data-testid="community-name"]:visible').getByText('文新街道益乐社区').waitFor();
  }
  return { k: new Kiosk(page), errors };
}

test.serial(
  'the measuring catches small text, small targets, low contrast through translucent layers, and a missing help button',
  async (t) => {
    const browser = (browsers.portrait ??= await launchKioskBrowser(ORIENTATIONS.portrait));
    const page = await browser.newPage();
    t.teardown(() => page.close());
    await page.setContent(`<body style="margin:0;background:#ffffff">
    <p style="font-size:20px;color:#767676">small grey</p>
    <div style="background:rgba(0,0,0,0.5);font-size:30px"><span style="color:#000000">on half black</span></div>
    <p style="font-size:30px;color:#000000;opacity:0.4">faded</p>
    <p style="font-size:30px;color:rgba(0,0,0,0.3)">translucent ink</p>
    <button style="width:120px;height:40px;font-size:24px">low</button>
    <input aria-label="f" style="font-size:30px" placeholder="pale hint" />
    <style>input::placeholder { color: #aaaaaa; }</style>
    <span style="position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)">read by screen readers only</span>
  </body>`);
    const f = await measureElder(page);
    const of = (text: string) => f.texts.find((x) => x.text === text);
    t.is(of('small grey')?.fontPx, 20);
    t.true(Math.abs((of('small grey')?.contrast ?? 0) - 4.54) < 0.05, 'grey #767676 on white is 4.54:1');
    t.true((of('on half black')?.contrast ?? 99) < 6, 'black on 50 % black over white is not black on white');
    t.true((of('faded')?.contrast ?? 99) < 3.5, 'opacity 0.4 fades the text');
    t.true((of('translucent ink')?.contrast ?? 99) < 2.5, 'a 30 % black ink');
    t.is(of('read by screen readers only'), undefined, 'visually hidden text is not measured');
    t.true((of('placeholder pale hint')?.contrast ?? 99) < 3, 'a field’s placeholder is measured');
    t.is(f.minFontPx, 20);
    t.is(f.minTargetPx, 40);
    t.is(f.smallestTarget, 'low');
    t.false(f.hasHelpButton);
  },
);

async function checkIdle(t: ExecutionContext, k: Kiosk, name: string): Promise<number> {
  const url = k.page.url();
  const { extended } = await extendIdle(
    k.page,
    EXTENSIONS,
    () => k.page.clock.fastForward(WARN_AFTER_S * 1000),
    async (round) => {
      if (round === 0) await assertElderMode(t, k.page, `${name} with the idle warning`);
    },
  );
  t.is(extended, EXTENSIONS, `${name}: the idle warning extended ${EXTENSIONS} times`);
  t.is(k.page.url(), url, `${name}: still the same screen`);
  return extended;
}

for (const orientation of ['portrait', 'landscape'] as const) {
  for (const screen of SCREENS) {
    const idle = screen.idle !== false && orientation === 'portrait';
    test.serial(
      `${orientation} ${screen.name}: text ≥ 24 px, targets ≥ 64 px, contrast ≥ 7:1, help, no axe violation${idle ? ', idle extended 10 times' : ''}`,
      async (t) => {
        const { k, errors } = await freshKiosk(t, screen, orientation);
        const name = `${orientation}-${screen.name}`;
        await screen.open(k);
        const f = await assertElderMode(t, k.page, name);
        const violations = await checkScreen(t, k.page, `kiosk-elder-${name}`);
        t.deepEqual(
          violations.map((v) => `${v.impact}: ${v.id} ${v.targets.join(' ')}`),
          [],
          `${name}: axe`,
        );
        const idleExtended = idle ? await checkIdle(t, k, name) : null;
        const { texts: _texts, targets: _targets, ...summary } = f;
        figures[name] = { ...summary, idleExtended };
        t.deepEqual(errors, []);
      },
    );
  }
}
