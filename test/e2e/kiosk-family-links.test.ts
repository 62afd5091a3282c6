/**
 * 我的家人 at the kiosk (issue 15 item 3), in Chromium against the real API: 王秀英 has a son and a daughter linked; after
 * card + PIN she opens 家人代买 → 我的家人, sees both as large cards (name, relation), read aloud; 解除关联 on her son
 * asks for the PIN (a wrong one is said and ends nothing), the right one ends the link, said aloud and in words; her
 * son can no longer order for her, her daughter still can. The screen fits 1080×1920 and 1920×1080 without
 * scrolling; axe on every screen (checkScreen).
 */
import { randomUUID } from 'node:crypto';
import test, { type ExecutionContext } from 'ava';
import type { Page } from 'playwright-core';
import { routes, type ApiClient } from '@cc/shared';
import { serveStatic, type StaticServer } from '@cc/tools/serve-static';
import { checkScreen } from '../support/axe';
import { h5Build, KIOSK_LANDSCAPE, KIOSK_PORTRAIT, launchKioskBrowser, type LaunchedBrowser } from '../support/browser';
import { cardAt, WANG, WANG_PHONE } from '../support/family';
import { byTestId, enterPin, spoken, tapCard } from '../support/kiosk-pages';
import { until } from '../support/outcome';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let kiosk: { id: string; secret: string };
let web: StaticServer;
const browsers: LaunchedBrowser[] = [];

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

/** A family member named `name` who asked to be linked to 王秀英 as her `relation`, approved by her at the kiosk. */
async function linked(name: string, relation: string): Promise<{ client: ApiClient; link_id: string }> {
  const member = await stack.login(`family-${randomUUID().slice(0, 12)}`);
  await member.client.call(routes.updateMe, { body: { nickname: name } });
  const asked = await member.client.call(routes.requestFamilyLink, { body: { phone: WANG_PHONE, name: '王秀英', relation } });
  const wang = await cardAt(stack, kiosk);
  await wang.call(routes.kioskApproveFamilyLink, { params: { link_id: asked.id }, body: { pin: WANG.pin } });
  return { client: member.client, link_id: asked.id };
}

const statusOf = async (member: { client: ApiClient; link_id: string }) =>
  (await member.client.call(routes.listMyFamilyLinks, {})).items.find((l) => l.id === member.link_id)?.status;

const visible = byTestId;
const said = async (page: Page) => (await spoken(page)).join('\n');

/** Nothing on the screen is out of reach: the page does not scroll, and no part of the content is cut off. */
async function fitsWithoutScrolling(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    const main = Array.from(document.querySelectorAll<HTMLElement>('.kiosk-main')).find((m) => m.offsetParent !== null);
    return root.scrollHeight <= window.innerHeight && (!main || main.scrollHeight <= main.clientHeight + 1);
  });
}

/** The terminal, card and PIN via 家人代买, then 我的家人. */
async function openFamily(t: ExecutionContext, viewport: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
  const browser = await launchKioskBrowser(viewport);
  browsers.push(browser);
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  t.teardown(() => page.close());
  await page.goto(`${web.url}/?terminal_id=${encodeURIComponent(kiosk.id)}&terminal_secret=${encodeURIComponent(kiosk.secret)}`);
  await visible(page, 'tile-approve').click();
  await tapCard(page, WANG.card_number);
  await enterPin(page, WANG.pin);
  await visible(page, 'open-family').click();
  await visible(page, 'linked-family').first().waitFor();
  return { page, errors };
}

const wrongPin = (pin: string) => (pin === '000000' ? '111111' : '000000');

test.serial('我的家人: both shown and said; 解除关联 with the PIN ends the son’s link only, said aloud', async (t) => {
  const son = await linked('李明', '儿子');
  const daughter = await linked('李红', '女儿');
  const { page, errors } = await openFamily(t, KIOSK_PORTRAIT);

  const cards = visible(page, 'linked-family');
  t.is(await cards.count(), 2);
  t.regex((await cards.filter({ hasText: '李明' }).textContent()) ?? '', /您的儿子 李明/);
  t.regex((await cards.filter({ hasText: '李红' }).textContent()) ?? '', /您的女儿 李红/);
  await until('the family read aloud', async () => /您的儿子李明，您的女儿李红可以为您下单/.test(await said(page)));
  t.true(await fitsWithoutScrolling(page), 'the list fits the portrait screen');
  await checkScreen(t, page, 'kiosk-family-1-list');

  await cards.filter({ hasText: '李明' }).getByTestId('unlink').click();
  t.regex((await visible(page, 'unlink-what').textContent()) ?? '', /解除与您的儿子李明的关联/);
  t.true(await fitsWithoutScrolling(page), 'the PIN pad fits the portrait screen');
  await checkScreen(t, page, 'kiosk-family-2-pin');

  // A wrong PIN: said on the pad, the link stays.
  await enterPin(page, wrongPin(WANG.pin));
  const trouble = visible(page, 'unlink-trouble');
  await trouble.waitFor();
  t.regex((await trouble.textContent()) ?? '', /密码错误/);
  t.is(await statusOf(son), 'approved', 'a wrong PIN ends nothing');
  await checkScreen(t, page, 'kiosk-family-3-wrong-pin');

  await enterPin(page, WANG.pin);
  const done = visible(page, 'unlink-done');
  await done.waitFor();
  t.regex((await done.textContent()) ?? '', /已解除与您的儿子李明的关联，李明不能再为您下单/);
  await until('the end said aloud', async () => (await said(page)).includes('已解除与您的儿子李明的关联'));
  await until('the list without him', async () => (await cards.count()) === 1);
  t.regex((await cards.first().textContent()) ?? '', /李红/);
  await checkScreen(t, page, 'kiosk-family-4-done');

  t.is(await statusOf(son), 'revoked');
  t.is(await statusOf(daughter), 'approved', 'the daughter is still linked');
  // The kiosk no longer lists him as someone who may shop for her.
  const atKiosk = await (await cardAt(stack, kiosk)).call(routes.kioskListLinkedFamily, {});
  t.deepEqual(
    atKiosk.items.map((l) => l.family_name),
    ['李红'],
  );
  t.deepEqual(errors, []);
});

test.serial('我的家人 fits the landscape screen too, and with nobody linked says so', async (t) => {
  const { page, errors } = await openFamily(t, KIOSK_LANDSCAPE);
  t.true(await fitsWithoutScrolling(page), 'the list fits the landscape screen');
  await checkScreen(t, page, 'kiosk-family-5-landscape');
  await visible(page, 'unlink').first().click();
  await visible(page, 'unlink-what').waitFor();
  t.true(await fitsWithoutScrolling(page), 'the PIN pad fits the landscape screen');
  await checkScreen(t, page, 'kiosk-family-6-landscape-pin');
  await enterPin(page, WANG.pin);
  await visible(page, 'family-empty').waitFor();
  await until('nobody linked said', async () => (await said(page)).includes('没有关联的家人'));
  t.true(await fitsWithoutScrolling(page));
  await checkScreen(t, page, 'kiosk-family-7-empty');
  t.deepEqual(errors, []);
});
