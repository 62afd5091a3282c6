/**
 * Debian's Chromium driven by playwright-core, for the browser e2e tests (DESIGN §6, §7).
 * Never downloads a browser: it uses /usr/bin/chromium, with a fresh profile per launch.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const repoRoot = path.resolve(import.meta.dirname, '../..');
export const screenshotDir = path.join(repoRoot, 'test-results/screenshots');

export interface LaunchedBrowser {
  context: BrowserContext;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function launchBrowser(
  opts: { viewport?: { width: number; height: number }; locale?: string; hasTouch?: boolean } = {},
): Promise<LaunchedBrowser> {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'cc-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: opts.viewport ?? { width: 390, height: 844 },
    // A touch screen, for widgets that only listen to touches (NutUI's NumberKeyboard): tap() them.
    hasTouch: opts.hasTouch ?? false,
    locale: opts.locale ?? 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  // Tests run through tsx, whose esbuild keepNames wraps named functions in `__name(fn, "name")`.
  // Functions passed to page.evaluate carry that call into the page, so give the page a no-op __name.
  await context.addInitScript('globalThis.__name = globalThis.__name || ((fn) => fn);');
  return {
    context,
    newPage: () => context.newPage(),
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page PNG as test-results/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(screenshotDir, { recursive: true });
  // Let page transitions (Taro's slide-in) finish; endless ones such as spinners are ignored.
  await page
    .waitForFunction(
      () =>
        document.getAnimations().every((a) => {
          const timing = a.effect?.getComputedTiming();
          return a.playState !== 'running' || timing?.iterations === Infinity;
        }),
      undefined,
      { timeout: 3000 },
    )
    .catch(() => undefined);
  const file = path.join(screenshotDir, `${name.replace(/[^a-zA-Z0-9._-]+/g, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Waits (polling until the page's deadline) until every order line's photo on the page (`.order-line__photo img`, the
 * kit's Thumb with the photo snapshot at checkout) has loaded, and returns their number and paths.
 */
export async function linePhotosLoaded(page: Page): Promise<{ count: number; srcs: string[] }> {
  const handle = await page.waitForFunction(() => {
    const imgs = Array.from(document.querySelectorAll<HTMLImageElement>('.order-line__photo img'));
    const ok = imgs.length > 0 && imgs.every((i) => i.complete && i.naturalWidth > 0);
    return ok ? { count: imgs.length, srcs: imgs.map((i) => i.getAttribute('src') ?? '') } : null;
  });
  return (await handle.jsonValue())!;
}

/**
 * The built H5 app in `packages/<pkg>/<distDir>`, building it first when it is missing (the test
 * command builds it before the suites; this is for running one e2e file on its own).
 */
export function h5Build(pkg: 'miniapp' | 'kiosk'): string {
  const dist = pkg === 'miniapp' ? path.join(repoRoot, 'packages/miniapp/dist/h5') : path.join(repoRoot, 'packages/kiosk/dist');
  if (!existsSync(path.join(dist, 'index.html'))) {
    const script = pkg === 'miniapp' ? 'build:h5' : 'build';
    execFileSync('pnpm', ['--filter', `@cc/${pkg}`, script], { cwd: repoRoot, stdio: 'ignore' });
  }
  return dist;
}

/** Text and tap-target numbers of what is visible on the screen right now (elder mode, DESIGN §6). */
export interface ElderModeMeasure {
  texts: { text: string; fontPx: number; contrast: number }[];
  targets: { text: string; width: number; height: number }[];
}

/**
 * Measures, in the page, every visible text (its font size and its contrast against the first opaque
 * background behind it) and every visible tap target (buttons, links, inputs).
 */
export async function measureElderMode(page: Page): Promise<ElderModeMeasure> {
  return page.evaluate(() => {
    function visible(el: Element): boolean {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none' && Number(s.opacity) > 0;
    }
    function rgb(c: string): [number, number, number, number] {
      const m = c.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 0];
      return [m[0] ?? 0, m[1] ?? 0, m[2] ?? 0, m[3] ?? 1];
    }
    function luminance([r, g, b]: number[]): number {
      const lin = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
    }
    function background(el: Element | null): number[] {
      for (let e = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c[3] > 0.99) return c;
      }
      return [255, 255, 255, 1];
    }
    const texts: { text: string; fontPx: number; contrast: number }[] = [];
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const own = Array.from(el.childNodes)
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent ?? '')
        .join('')
        .trim();
      if (!own || !visible(el) || el.closest('script, style')) continue;
      const s = getComputedStyle(el);
      const fg = luminance(rgb(s.color));
      const bg = luminance(background(el));
      const contrast = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      texts.push({ text: own.slice(0, 30), fontPx: parseFloat(s.fontSize), contrast: Math.round(contrast * 100) / 100 });
    }
    const targets = Array.from(document.querySelectorAll('button, a[href], input, select, textarea, [role="button"]'))
      .filter(visible)
      .map((el) => {
        const r = el.getBoundingClientRect();
        return { text: (el.textContent ?? el.getAttribute('name') ?? '').trim().slice(0, 30), width: r.width, height: r.height };
      });
    return { texts, targets };
  });
}

export const KIOSK_PORTRAIT = { width: 1080, height: 1920 };
export const KIOSK_LANDSCAPE = { width: 1920, height: 1080 };

/**
 * A community terminal (portrait 1080×1920 unless told) whose speech is recorded in `window.__spoken` instead of
 * played, so tests can check what a person would hear.
 */
export async function launchKioskBrowser(viewport: { width: number; height: number } = KIOSK_PORTRAIT): Promise<LaunchedBrowser> {
  const browser = await launchBrowser({ viewport });
  await browser.context.addInitScript(() => {
    const w = window as unknown as { __spoken: string[] };
    w.__spoken = [];
    window.speechSynthesis.speak = (u: SpeechSynthesisUtterance) => {
      w.__spoken.push(u.text);
    };
  });
  return browser;
}
