/**
 * 紧急联系人 in the mini-program (H5 build) against the real API: a resident registers two family contacts, sees them
 * masked with how each will be told, and a bad number is explained on the page and saves nothing.
 */
import test from 'ava';
import { routes } from '@cc/shared';
import { serveStatic, type StaticServer } from '@cc/tools/serve-static';
import { h5Build, launchBrowser, type LaunchedBrowser } from '../support/browser';
import { checkScreen } from '../support/axe';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let web: StaticServer;
let browser: LaunchedBrowser;

test.before(async () => {
  stack = await startStack();
  await stack.seed();
  web = await serveStatic({
    root: h5Build('miniapp'),
    port: 0,
    runtimeConfig: { apiBaseUrl: stack.apiUrl, wechatSimUrl: stack.wechatSimUrl },
  });
  browser = await launchBrowser({ viewport: { width: 375, height: 812 } });
});

test.after.always(async () => {
  await browser?.close();
  await web?.close();
  await stack?.stop();
});

test('a resident registers family contacts for 紧急求助 and sees them masked', async (t) => {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(web.url);
  await page.waitForURL(/\/pages\/login\/index/);
  await page.locator('.login__account').filter({ hasText: '王秀英' }).first().click();
  await page.getByText('您好，王秀英').waitFor();
  await page.goto(`${web.url}/calls/index/index`);
  await page.locator('.calls-family-link:visible').click();
  await page.waitForURL(/\/calls\/family\/index/);
  await page.getByText('还没有登记紧急联系人').waitFor();
  await page.locator('.family-contacts__edit:visible').click();

  const form = (i: number) => page.locator(`.family-contact-form[data-index="${i}"]:visible`);
  await form(0).getByTestId('family-contact-name-input').fill('张伟');
  await form(0).getByTestId('family-contact-relation-input').fill('儿子');
  await form(0).getByTestId('family-contact-phone-input').fill('1390000');
  await page.locator('.family-contacts__add:visible').click();
  await form(1).getByTestId('family-contact-name-input').fill('赵阿姨');
  await form(1).getByTestId('family-contact-relation-input').fill('邻居');
  await form(1).getByTestId('family-contact-phone-input').fill('13911114444');
  await page.locator('.family-contacts__save:visible').click();
  // The short number is explained next to it, and nothing is saved.
  await form(0).getByText('请输入 11 位手机号').waitFor();
  const me = await stack.login('demo-resident-1');
  t.is((await me.client.call(routes.getMyFamilyContacts, {})).items.length, 0);
  await checkScreen(t, page, 'miniapp-family-contacts-error');

  await form(0).getByTestId('family-contact-phone-input').fill('13900001111');
  await page.locator('.family-contacts__save:visible').click();
  await page.getByText('已保存。紧急求助时会通知他们。').waitFor();
  await page.getByText('139****1111').waitFor();
  await page.getByText('139****4444').waitFor();
  await checkScreen(t, page, 'miniapp-family-contacts-saved');
  const saved = await me.client.call(routes.getMyFamilyContacts, {});
  t.deepEqual(
    saved.items.map((c) => `${c.name} ${c.relation} ${c.phone_masked}`),
    ['张伟 儿子 139****1111', '赵阿姨 邻居 139****4444'],
  );
  t.deepEqual(errors, []);
});
