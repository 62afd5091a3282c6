/** What the kiosk browser suites do on a screen: find by test id, read what was spoken, tap a card, type a PIN. */
import type { Page } from 'playwright-core';
import { DEMO_CARDS } from '@cc/tools/simulators/citizen-card';
import { measureElderMode } from './browser';

/** Taro keeps earlier pages of the stack in the DOM (hidden): look only at the one on screen. */
export function byTestId(page: Page, id: string) {
  return page.locator(`[data-testid="${id}"]:visible`);
}

/** The demo card number of a holder's active card. */
export function demoCard(holder: string): string {
  const card = DEMO_CARDS.find((c) => c.holder_name === holder && c.status === 'active');
  if (!card) throw new Error(`no demo card of ${holder}`);
  return card.card_number;
}

/** Everything the page said aloud so far (the kiosk's speech keeps it in window.__spoken). */
export async function spoken(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __spoken: string[] }).__spoken);
}

/** DESIGN §6 on this screen: text ≥ 24 px, contrast ≥ 7:1, targets ≥ 64 px, the 朗读 toggle and 帮助 button shown. */
export async function checkElderMode(
  t: { true(v: boolean, m?: string): void; deepEqual(a: unknown, b: unknown, m?: string): void },
  page: Page,
  screen: string,
): Promise<void> {
  const { texts, targets } = await measureElderMode(page);
  t.true(texts.length > 0, `${screen}: no text measured`);
  t.deepEqual(
    texts.filter((x) => x.fontPx < 24),
    [],
    `${screen}: text smaller than 24 px`,
  );
  t.deepEqual(
    texts.filter((x) => x.contrast < 7),
    [],
    `${screen}: contrast below 7:1`,
  );
  t.deepEqual(
    targets.filter((x) => x.width < 64 || x.height < 64),
    [],
    `${screen}: tap target smaller than 64 px`,
  );
  t.true(await byTestId(page, 'speech-toggle').isVisible(), `${screen}: 朗读 toggle`);
  t.true(await byTestId(page, 'help-button').isVisible(), `${screen}: 帮助 button`);
}

/** On the card screen, the card reader types the number, then Enter. */
export async function tapCard(page: Page, cardNumber: string): Promise<void> {
  await page.locator('.panel__title:visible', { hasText: '请把市民卡放到读卡器上' }).waitFor();
  await page.keyboard.type(cardNumber);
  await page.keyboard.press('Enter');
  await byTestId(page, 'card-read')
    .getByText(`已读到卡片，尾号 ${cardNumber.slice(-4)}`)
    .waitFor();
}

/** Six taps on the on-screen pad, then 确认. */
export async function enterPin(page: Page, pin: string): Promise<void> {
  for (const d of pin) await page.locator(`.pin-key[data-key="${d}"]:visible`).click();
  await page.locator('[data-testid="pin-dots"][data-filled="6"]:visible').waitFor();
  await page.locator('.pin-key[data-key="confirm"]:visible').click();
}
