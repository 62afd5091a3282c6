/** The agricultural supply and demand browser suite's people and helpers (issue 14 item 9). */

import type { ExecutionContext } from 'ava';
import type { Page } from 'playwright-core';
import { agriMatchRoutes, routes, type ApiClient, type RouteOutput } from '@cc/shared';
import { launchBrowser } from './browser';
import { browsers, PHONE, seed, stack, web } from './seller-miniapp';

export interface Person {
  token: string;
  user_id: string;
  client: ApiClient;
}

/**
 * 黄立新 of 益乐惠民超市 (a verified store, so his purchase posts are public) buys for the shop too: the operator of
 * 益乐社区 grants him the buyer role.
 */
export async function storeBuyer(): Promise<Person> {
  const operator = (await stack.login('demo-operator-1')).client;
  await operator.call(routes.grantRole, {
    params: { user_id: seed.users['demo-store-1'] as string },
    body: { role: 'buyer', community_id: seed.communities.wenxin },
  });
  return stack.login('demo-store-1');
}

/** Each person in their own browser (own storage) with their session, at `path`. Page errors are collected. */
export async function pageAs(t: ExecutionContext, person: Person, path: string, errors: string[]): Promise<Page> {
  const browser = await launchBrowser({ viewport: PHONE });
  browsers.push(browser);
  const page = await browser.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  t.teardown(() => page.close());
  await page.goto(web.url);
  await page.evaluate((tok) => localStorage.setItem('cc.session_token', JSON.stringify({ data: tok })), person.token);
  await page.goto(`${web.url}${path}`);
  return page;
}

/** Polls `read` until `done` holds, for at most `ms`; the last value either way. */
export async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (done(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The matches of a post once the API has any (matching may run after the write). */
export function matchesOf(person: Person, post_id: string): Promise<RouteOutput<typeof agriMatchRoutes.listAgriMatches>> {
  return until(
    () => person.client.call(agriMatchRoutes.listAgriMatches, { params: { post_id }, query: {} }),
    (l) => l.items.length > 0,
  );
}

/** The id of the post a page's URL names (?id=…). */
export function idInUrl(page: Page): string {
  const id = new URL(page.url()).searchParams.get('id');
  if (!id) throw new Error(`no id in ${page.url()}`);
  return id;
}

/** Nothing on screen shows an internal id (sup_…, dem_…, inq_…, usr_…). */
export async function noInternalIds(t: ExecutionContext, page: Page, what: string): Promise<void> {
  const text = await page.evaluate(() => document.body.innerText);
  t.false(/\b(sup|dem|inq|usr|rpt)_[A-Za-z0-9]/.test(text), `${what}: no internal id on screen`);
}
