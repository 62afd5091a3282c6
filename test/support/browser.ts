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
  opts: { viewport?: { width: number; height: number }; locale?: string } = {},
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
