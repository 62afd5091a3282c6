/**
 * The kiosk's elder-mode numbers (DESIGN §6, issue 15 item 7) measured on the screen as rendered: the smallest text,
 * the smallest tap target, the lowest text contrast, a help button, and an idle warning that can be extended again
 * and again. Any kiosk suite can measure its screens with `measureElder` / `assertElderMode` and `extendIdle`.
 *
 * Unlike the quick `measureElderMode` of ./browser.ts (first opaque background only), the contrast here composes the
 * real colours: translucent backgrounds over what is behind them, translucent text colours, and the opacity of the
 * element and its ancestors (a faded label on a card is drawn nearer its background, and is measured so).
 */
import type { ExecutionContext } from 'ava';
import type { Page } from 'playwright-core';

/** The requirements: body text ≥ 24 px, tap targets ≥ 64 px, contrast ≥ 7:1 (WCAG AAA). */
export const ELDER_MIN = { fontPx: 24, targetPx: 64, contrast: 7 } as const;

export interface ElderText {
  text: string;
  fontPx: number;
  contrast: number;
  /** The text sits on a background image or gradient: its contrast is against the colour under it, a guess. */
  overImage: boolean;
}
export interface ElderTarget {
  text: string;
  widthPx: number;
  heightPx: number;
}
export interface ElderFigures {
  texts: ElderText[];
  targets: ElderTarget[];
  /** The smallest of each, and what it was (null: nothing of that kind on the screen). */
  minFontPx: number | null;
  minTargetPx: number | null;
  minContrast: number | null;
  smallestText: string | null;
  smallestTarget: string | null;
  lowestContrastText: string | null;
  hasHelpButton: boolean;
}

/** Runs in the page (self-contained): every visible text with its size and contrast, every tap target, the help button. */
function inPage() {
  type Rgba = [number, number, number, number];
  const parse = (c: string): Rgba => {
    const m = c.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 0];
    return [m[0] ?? 0, m[1] ?? 0, m[2] ?? 0, c.startsWith('rgba') || m.length > 3 ? (m[3] ?? 1) : 1];
  };
  /** `top` drawn with alpha `a` over the opaque `under`. */
  const over = (top: Rgba, under: Rgba, a = top[3]): Rgba => [
    top[0] * a + under[0] * (1 - a),
    top[1] * a + under[1] * (1 - a),
    top[2] * a + under[2] * (1 - a),
    1,
  ];
  const luminance = ([r, g, b]: Rgba) => {
    const lin = (v: number) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const ratio = (a: Rgba, b: Rgba) => {
    const [x, y] = [luminance(a), luminance(b)];
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
  };
  const shown = (el: Element) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    // 1 px boxes are the visually hidden (screen-reader only) texts, not something a person reads.
    return r.width > 1 && r.height > 1 && s.visibility !== 'hidden' && s.display !== 'none';
  };
  /** The colour behind `el`: its ancestors' backgrounds composed from the page's white up; and the opacity product. */
  const behind = (el: Element): { bg: Rgba; opacity: number; overImage: boolean } => {
    const chain: Element[] = [];
    for (let e: Element | null = el; e; e = e.parentElement) chain.push(e);
    let bg: Rgba = [255, 255, 255, 1];
    let opacity = 1;
    let overImage = false;
    for (const e of chain.reverse()) {
      const s = getComputedStyle(e);
      bg = over(parse(s.backgroundColor), bg);
      if (s.backgroundImage !== 'none') overImage = true;
      opacity *= Number(s.opacity);
    }
    return { bg, opacity, overImage };
  };
  const texts: { text: string; fontPx: number; contrast: number; overImage: boolean }[] = [];
  /** The ink over its background, then the whole element faded towards the background by its opacity. */
  const push = (el: Element, s: CSSStyleDeclaration, text: string) => {
    const { bg, opacity, overImage } = behind(el);
    if (opacity === 0) return;
    const drawn = over(over(parse(s.color), bg), bg, opacity);
    texts.push({ text: text.slice(0, 30), fontPx: parseFloat(s.fontSize), contrast: Math.round(ratio(drawn, bg) * 100) / 100, overImage });
  };
  for (const el of Array.from(document.querySelectorAll('body *'))) {
    if (el.closest('script, style, svg, [aria-hidden="true"]')) continue;
    const own = Array.from(el.childNodes)
      .filter((n) => n.nodeType === Node.TEXT_NODE)
      .map((n) => n.textContent ?? '')
      .join('')
      .trim();
    if (!own || !shown(el)) continue;
    push(el, getComputedStyle(el), own);
  }
  // What is typed into a field, or its placeholder while empty, is text too (not a text node of the page).
  for (const el of Array.from(document.querySelectorAll('input:not([type="hidden"]), textarea'))) {
    const field = el as HTMLInputElement;
    if (!shown(el) || (!field.value && !field.placeholder)) continue;
    const text = field.value ? (field.type === 'password' ? '••••' : field.value) : `placeholder ${field.placeholder}`;
    push(el, getComputedStyle(el, field.value ? null : '::placeholder'), text);
  }
  const targets = Array.from(
    document.querySelectorAll(
      'button, a[href], input:not([type="hidden"]), select, textarea, [role="button"], [tabindex]:not([tabindex="-1"])',
    ),
  )
    .filter((el) => shown(el) && !el.closest('[aria-hidden="true"]'))
    .map((el) => {
      const r = el.getBoundingClientRect();
      const name = (el.textContent ?? '').trim() || el.getAttribute('aria-label') || el.getAttribute('name') || el.tagName;
      return { text: name.slice(0, 30), widthPx: Math.round(r.width * 10) / 10, heightPx: Math.round(r.height * 10) / 10 };
    });
  const help = Array.from(document.querySelectorAll('[data-testid="help-button"]')).some(shown);
  return { texts, targets, help };
}

/** Measures, in the page, every visible text and tap target. Runs entirely in the browser (one evaluate). */
export async function measureElder(page: Page): Promise<ElderFigures> {
  const raw = await page.evaluate(inPage);
  const minBy = <T>(items: T[], value: (x: T) => number) =>
    items.reduce<T | null>((best, x) => (best === null || value(x) < value(best) ? x : best), null);
  const smallText = minBy(raw.texts, (x) => x.fontPx);
  const lowText = minBy(raw.texts, (x) => x.contrast);
  const smallTarget = minBy(raw.targets, (x) => Math.min(x.widthPx, x.heightPx));
  return {
    texts: raw.texts,
    targets: raw.targets,
    minFontPx: smallText?.fontPx ?? null,
    minTargetPx: smallTarget ? Math.min(smallTarget.widthPx, smallTarget.heightPx) : null,
    minContrast: lowText?.contrast ?? null,
    smallestText: smallText?.text ?? null,
    smallestTarget: smallTarget?.text ?? null,
    lowestContrastText: lowText?.contrast !== undefined ? lowText.text : null,
    hasHelpButton: raw.help,
  };
}

/** One line of figures for the test log, e.g. `pin: text ≥ 24 px, targets ≥ 72 px, contrast ≥ 7.6:1, help ✓`. */
export function figuresLine(name: string, f: ElderFigures): string {
  return `${name}: smallest text ${f.minFontPx} px (${f.smallestText}), smallest target ${f.minTargetPx} px (${f.smallestTarget}), lowest contrast ${f.minContrast}:1 (${f.lowestContrastText}), help ${f.hasHelpButton ? 'yes' : 'NO'}`;
}

/** Fails the test on every text, target or contrast under the numbers (naming each) and on a missing help button. */
export async function assertElderMode(t: ExecutionContext, page: Page, name: string): Promise<ElderFigures> {
  const f = await measureElder(page);
  t.log(figuresLine(name, f));
  t.true(f.texts.length > 0, `${name}: no text measured`);
  t.true(f.targets.length > 0, `${name}: no tap target measured`);
  t.deepEqual(
    f.texts.filter((x) => x.fontPx < ELDER_MIN.fontPx),
    [],
    `${name}: text smaller than ${ELDER_MIN.fontPx} px`,
  );
  t.deepEqual(
    f.targets.filter((x) => Math.min(x.widthPx, x.heightPx) < ELDER_MIN.targetPx),
    [],
    `${name}: tap target smaller than ${ELDER_MIN.targetPx} px`,
  );
  t.deepEqual(
    f.texts.filter((x) => x.contrast < ELDER_MIN.contrast),
    [],
    `${name}: text contrast below ${ELDER_MIN.contrast}:1`,
  );
  t.true(f.hasHelpButton, `${name}: a help button`);
  return f;
}

/**
 * Lets the idle warning come `times` times and presses 继续使用 each time; answers how many times it was extended.
 * `letTimePass` brings the next warning (Playwright's `page.clock.fastForward` past the idle time, or a wait on a
 * build served with a short `idleWarnSeconds`); `onWarning` may measure the screen while the warning shows.
 */
export async function extendIdle(
  page: Page,
  times: number,
  letTimePass: () => Promise<void>,
  onWarning?: (round: number) => Promise<void>,
): Promise<{ extended: number }> {
  const warning = page.locator('.idle-warning:visible');
  let extended = 0;
  for (let i = 0; i < times; i++) {
    await letTimePass();
    await warning.waitFor({ timeout: 10_000 });
    await onWarning?.(i);
    await warning.getByRole('button', { name: '继续使用' }).click();
    await warning.waitFor({ state: 'detached', timeout: 10_000 });
    extended++;
  }
  return { extended };
}
