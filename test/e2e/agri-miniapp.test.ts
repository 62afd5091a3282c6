/**
 * 农产品供求 (issue 14 item 9) in the mini-program's H5 build in Chromium against the real API, database and Redis,
 * with the demo people: 陈建国 (a verified farmer of 径山村) posts 200 斤 of 青菜 on 发布供应 with the price typed in
 * 元; 黄立新 (a verified store, granted the buyer role) posts a purchase of 青菜 and finds the farmer's post ranked
 * first with the reasons in words, above another farmer's 大白菜; he inquires, the farmer answers from 买家询价 and the
 * buyer reads the answer. A post of 999.999 吨 is held with the reason and 径山村's operator hides it in 供求审核.
 * Every screen goes through axe (checkScreen); nothing on screen shows an internal id.
 */
import test, { type ExecutionContext } from 'ava';
import type { Page } from 'playwright-core';
import { agriMatchRoutes, agriPostRoutes, shanghaiDate, type SupplyPost } from '@cc/shared';
import { checkScreen } from '../support/axe';
import { idInUrl, matchesOf, noInternalIds, pageAs, storeBuyer, until, type Person } from '../support/agri-pages';
import { fitsWidth, onScreen, setupSellerPages, stack, tid } from '../support/seller-miniapp';

setupSellerPages();

const errors: string[] = [];
const chip = (page: Page, field: string, text: string) =>
  tid(page, field)
    .locator('.cc-chip')
    .filter({ hasText: new RegExp(`^${text}$`) })
    .first();
const input = (page: Page, field: string) => tid(page, `${field}-input`);

/** 发布供应 on the page: a wrong price first (three decimals), then 3.5 元, which the API stores as 350 fen. */
async function postGreens(t: ExecutionContext, page: Page): Promise<string> {
  await tid(page, 'farmer-new-supply').click();
  await page.waitForURL(/\/farmer\/supply\/index/);
  await chip(page, 'supply-category', '蔬菜').click();
  await chip(page, 'supply-variety', '青菜').click();
  await chip(page, 'supply-unit', '斤').click();
  await input(page, 'supply-quantity').fill('200');
  await input(page, 'supply-price').fill('3.555');
  await input(page, 'supply-min-order').fill('20');
  await tid(page, 'supply-create').click();
  await tid(page, 'supply-price-error').getByText('最多两位小数').waitFor();
  await checkScreen(t, page, 'agri-01-new-supply-error');
  await input(page, 'supply-price').fill('3.5');
  await tid(page, 'supply-create').click();
  await tid(page, 'supply-created').waitFor();
  const head = tid(page, 'agri-post-head');
  await head.getByText('青菜 · 200 斤 · ¥3.50/斤').waitFor();
  await head.getByText('展示中').waitFor();
  await checkScreen(t, page, 'agri-02-supply-posted');
  await fitsWidth(t, page, 'supply post');
  await noInternalIds(t, page, 'supply post');
  return idInUrl(page);
}

/** Another farmer's 大白菜 in 白沙村, through the API: a cross-variety post that must rank below the 青菜. */
async function cabbageElsewhere(): Promise<void> {
  const he = await stack.login('demo-farmer-2');
  const today = shanghaiDate(new Date());
  await he.client.call(agriPostRoutes.createSupplyPost, {
    body: {
      category: 'vegetable',
      variety: '大白菜',
      quantity: 300,
      unit: '斤',
      unit_price_fen: 200,
      available_from: today,
      available_to: today,
      origin: { village: '白沙村', location: { lat: 30.3591, lng: 119.5526 } },
      valid_days: 30,
    },
  });
}

/** 发布求购 on the page: 150 斤 青菜 at 3–4 元 for the shop, notes shorter than 10 characters refused first. */
async function postPurchase(t: ExecutionContext, page: Page): Promise<string> {
  await tid(page, 'buyer-new-purchase').click();
  await page.waitForURL(/\/buyer\/purchase\/index/);
  await chip(page, 'purchase-category', '蔬菜').click();
  await chip(page, 'purchase-variety', '青菜').click();
  await chip(page, 'purchase-unit', '斤').click();
  await input(page, 'purchase-quantity').fill('150');
  await input(page, 'purchase-price-min').fill('3');
  await input(page, 'purchase-price-max').fill('4');
  await chip(page, 'purchase-frequency', '每周').click();
  await tid(page, 'purchase-notes').locator('textarea').fill('要新鲜青菜');
  await tid(page, 'purchase-create').click();
  await tid(page, 'purchase-notes').getByText('10–400 个字（现在').waitFor();
  await tid(page, 'purchase-notes').locator('textarea').fill('超市每周进新鲜青菜，叶子完整不发黄，早上七点前送到');
  await checkScreen(t, page, 'agri-04-new-purchase');
  await tid(page, 'purchase-create').click();
  await tid(page, 'purchase-created').waitFor();
  await tid(page, 'agri-post-head').getByText('展示中').waitFor();
  return idInUrl(page);
}

test.serial('a farmer posts 青菜, a buyer finds it ranked first with the reasons, inquires, and the farmer answers', async (t) => {
  const farmer: Person = await stack.login('demo-farmer-1');
  const buyer = await storeBuyer();
  await cabbageElsewhere();

  const fp = await pageAs(t, farmer, '/farmer/index/index', errors);
  await tid(fp, 'farmer-home').waitFor();
  await checkScreen(t, fp, 'agri-00-farmer-home-empty');
  const supplyId = await postGreens(t, fp);
  const stored = (await farmer.client.call(agriPostRoutes.getAgriPost, { params: { post_id: supplyId }, query: {} })) as SupplyPost;
  t.like(stored, { variety: '青菜', quantity: 200, unit: '斤', unit_price_fen: 350, min_order_quantity: 20, status: 'open' });

  const bp = await pageAs(t, buyer, '/buyer/index/index', errors);
  await tid(bp, 'buyer-home').waitFor();
  await checkScreen(t, bp, 'agri-03-buyer-home');
  const purchaseId = await postPurchase(t, bp);

  // The ranking is the API's: the 青菜 first, with its reasons; the page shows the same order and words.
  const ranked = await matchesOf(buyer, purchaseId);
  t.is(ranked.items[0]?.post.id, supplyId, 'the same-variety post ranks first');
  t.true(ranked.items[0]!.reasons.includes('同品种'), ranked.items[0]!.reasons.join(' · '));
  const cabbage = ranked.items.findIndex((m) => m.post.variety === '大白菜');
  t.true(cabbage === -1 || cabbage > 0, 'the cross-variety post ranks below');
  await bp.reload();
  const first = onScreen(bp, '[data-testid="agri-match"][data-rank="1"]');
  await first.waitFor();
  t.is(await first.getAttribute('data-variety'), '青菜');
  for (const reason of ranked.items[0]!.reasons) await first.getByText(reason, { exact: true }).waitFor();
  await checkScreen(t, bp, 'agri-05-purchase-matches');
  await fitsWidth(t, bp, 'purchase matches');
  await noInternalIds(t, bp, 'purchase matches');

  await inquireAndAnswer(t, { fp, bp, farmer, supplyId });
  t.deepEqual(errors, [], 'no page errors');
});

/** The buyer asks on the matched post; the farmer sees 1 to answer, answers; the buyer reads it. */
async function inquireAndAnswer(t: ExecutionContext, s: { fp: Page; bp: Page; farmer: Person; supplyId: string }): Promise<void> {
  const { fp, bp } = s;
  await onScreen(bp, '[data-testid="agri-match"][data-rank="1"]').click();
  await bp.waitForURL(/\/buyer\/supply\/index/);
  await tid(bp, 'supply-inquire').locator('textarea').fill('150 斤青菜每周一次，能送到益乐社区吗？');
  await tid(bp, 'supply-inquire').locator('.cc-notebox__submit').click();
  await tid(bp, 'agri-thread').getByText('能送到益乐社区吗').waitFor();
  await checkScreen(t, bp, 'agri-06-inquiry-sent');
  await noInternalIds(t, bp, 'supply view');

  await fp.goto(fp.url().replace(/\/farmer\/supply\/index.*$/, '/farmer/index/index'));
  await tid(fp, 'farmer-count-unanswered').getByText('1', { exact: true }).waitFor();
  await checkScreen(t, fp, 'agri-07-farmer-home');
  await tid(fp, 'farmer-count-unanswered').click();
  await fp.waitForURL(/\/farmer\/inquiries\/index/);
  const thread = tid(fp, 'agri-thread').first();
  await thread.getByText('能送到益乐社区吗').waitFor();
  await checkScreen(t, fp, 'agri-08-farmer-inquiries');
  await thread.locator('textarea').fill('可以，每周二早上七点前送到，3.5 元一斤');
  await thread.locator('.cc-notebox__submit').click();
  await thread.getByText('每周二早上七点前送到').waitFor();
  const threads = await s.farmer.client.call(agriMatchRoutes.listMyAgriInquiries, { query: { side: 'farmer' } });
  t.is(threads.items[0]?.awaiting, 'buyer', 'answered: the buyer is next');

  await bp.reload();
  await tid(bp, 'agri-thread').getByText('每周二早上七点前送到').waitFor();
  await checkScreen(t, bp, 'agri-09-buyer-reads-answer');
}

test.serial('找货源: the buyer searches supply by category and variety, sorted by price', async (t) => {
  const buyer = await stack.login('demo-store-1');
  const bp = await pageAs(t, buyer, '/buyer/search/index', errors);
  await tid(bp, 'agri-search').waitFor();
  await chip(bp, 'search-category', '蔬菜').click();
  await chip(bp, 'search-sort', '价格最低').click();
  const rows = onScreen(bp, '[data-testid="agri-post-row"]');
  await until(
    () => rows.count(),
    (n) => n >= 2,
  );
  t.deepEqual(await rows.evaluateAll((r) => r.map((e) => e.getAttribute('data-variety'))), ['大白菜', '青菜'], 'cheapest first');
  await chip(bp, 'search-variety', '青菜').click();
  await until(
    () => rows.count(),
    (n) => n === 1,
  );
  await checkScreen(t, bp, 'agri-10-search');
  await fitsWidth(t, bp, 'search');
  await noInternalIds(t, bp, 'search');
});

test.serial('a post of 999.999 吨 is held with the reason, and 径山村’s operator hides it', async (t) => {
  const farmer = await stack.login('demo-farmer-1');
  const fp = await pageAs(t, farmer, '/farmer/supply/index', errors);
  await chip(fp, 'supply-category', '蔬菜').click();
  await chip(fp, 'supply-variety', '番茄').click();
  await chip(fp, 'supply-unit', '吨').click();
  await input(fp, 'supply-quantity').fill('999.999');
  await input(fp, 'supply-price').fill('3000');
  await tid(fp, 'supply-create').click();
  await tid(fp, 'agri-post-head').getByText('审核中').waitFor();
  await tid(fp, 'agri-why').getByText('服务站审核中').waitFor();
  await checkScreen(t, fp, 'agri-11-held');
  const held = idInUrl(fp);

  const operator = await stack.login('demo-operator-2');
  const op = await pageAs(t, operator, '/operator/agri/index', errors);
  const item = tid(op, 'mod-item').filter({ hasText: '番茄' });
  await item.getByTestId('mod-hold-reason').first().waitFor();
  await checkScreen(t, op, 'agri-12-moderation-held');
  await noInternalIds(t, op, 'moderation');
  await item.getByTestId('mod-hide').click();
  await item.locator('textarea').fill('数量明显不实，一户人家不可能有近千吨番茄');
  await item.locator('.cc-notebox__submit').click();
  await tid(op, 'mod-done').getByText('已下架').waitFor();
  await checkScreen(t, op, 'agri-13-moderation-hidden');
  const after = await farmer.client.call(agriPostRoutes.getAgriPost, { params: { post_id: held }, query: {} });
  t.is(after.status, 'hidden');

  await fp.reload();
  await tid(fp, 'agri-why').getByText('数量明显不实').waitFor();
  await checkScreen(t, fp, 'agri-14-farmer-sees-hidden');
  t.deepEqual(errors, [], 'no page errors');
});
