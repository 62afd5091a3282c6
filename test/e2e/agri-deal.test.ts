/**
 * 成交 and 评价 (issue 14 items 6 and 7) in the mini-program's H5 build against the real API: 陈建国 has a supply post
 * of 春笋 at 4.5 元/斤 and 黄立新 (a store buying for its shop) asked about it. On 买家询价 the farmer records the deal
 * (a wrong quantity refused first), the buyer confirms it on the post's page and gives 5 星, the farmer gives 4 星;
 * both credits count one deal, and 行情 shows the deal beside the asking price. Every screen goes through axe.
 */
import test from 'ava';
import type { Page } from 'playwright-core';
import { agriMatchRoutes, agriPostRoutes, agriPriceRoutes, shanghaiDate } from '@cc/shared';
import { checkScreen } from '../support/axe';
import { noInternalIds, pageAs, storeBuyer, until } from '../support/agri-pages';
import { setupSellerPages, stack, tid } from '../support/seller-miniapp';

setupSellerPages();

const errors: string[] = [];
const input = (page: Page, field: string) => tid(page, `${field}-input`);
const dealOf = (page: Page) => tid(page, 'agri-deal').first();

test.serial('the farmer records a deal, the buyer confirms it, both rate; credits and 行情 show it', async (t) => {
  const farmer = await stack.login('demo-farmer-1');
  const buyer = await storeBuyer();
  const today = shanghaiDate(new Date());
  const post = await farmer.client.call(agriPostRoutes.createSupplyPost, {
    body: {
      category: 'vegetable',
      variety: '春笋',
      quantity: 500,
      unit: '斤',
      unit_price_fen: 450,
      available_from: today,
      available_to: today,
      origin: { village: '径山村', township: '径山镇', location: { lat: 30.3969, lng: 119.7814 } },
      valid_days: 30,
    },
  });
  await buyer.client.call(agriMatchRoutes.sendAgriInquiry, { params: { post_id: post.id }, body: { text: '要 120 斤春笋，4.5 元行吗？' } });

  const fp = await pageAs(t, farmer, '/farmer/inquiries/index', errors);
  const deal = dealOf(fp);
  await deal.waitFor();
  t.is(await deal.getAttribute('data-status'), 'none');
  t.is(await input(fp, 'agri-deal-price').inputValue(), '4.50', "the post's price is filled in");
  await input(fp, 'agri-deal-quantity').fill('120.5555');
  await tid(fp, 'agri-deal-propose').click();
  await tid(fp, 'agri-deal-quantity-error').getByText('最多 3 位小数').waitFor();
  await input(fp, 'agri-deal-quantity').fill('120');
  await tid(fp, 'agri-deal-propose').click();
  await fp.locator('[data-testid="agri-deal"][data-status="proposed"]').waitFor();
  await tid(fp, 'agri-deal-words').getByText('等买家确认成交：120 斤 × ¥4.50/斤 = ¥540.00').waitFor();
  await checkScreen(t, fp, 'agri-deal-1-farmer-recorded');

  const bp = await pageAs(t, buyer, `/buyer/supply/index?id=${post.id}`, errors);
  await tid(bp, 'agri-deal-words').getByText('120 斤 × ¥4.50/斤 = ¥540.00').waitFor();
  await checkScreen(t, bp, 'agri-deal-2-buyer-to-confirm');
  await tid(bp, 'agri-deal-accept').click();
  await bp.locator('[data-testid="agri-deal"][data-status="done"]').waitFor();
  await tid(bp, 'agri-deal-rate').locator('.cc-star[data-star="5"]').click();
  await tid(bp, 'agri-deal-rate-submit').click();
  await tid(bp, 'agri-deal-rated').getByText('您给农户打了 5 星').waitFor();
  await checkScreen(t, bp, 'agri-deal-3-buyer-rated');
  await noInternalIds(t, bp, 'supply view with a deal');

  await fp.reload();
  await fp.locator('[data-testid="agri-deal"][data-status="done"]').waitFor();
  await tid(fp, 'agri-deal-rate').locator('.cc-star[data-star="4"]').click();
  await tid(fp, 'agri-deal-rate-submit').click();
  await tid(fp, 'agri-deal-rated').getByText('您给买家打了 4 星').waitFor();
  await checkScreen(t, fp, 'agri-deal-4-farmer-rated');

  const credits = await Promise.all([farmer, buyer].map((p) => p.client.call(agriPostRoutes.getMyAgriStanding, { query: {} })));
  t.deepEqual(
    credits.map((c) => [c.credit.completed_deals, c.credit.rating_avg]),
    [
      [1, 5],
      [1, 4],
    ],
  );
  const trend = await until(
    () => farmer.client.call(agriPriceRoutes.getAgriPrices, { query: { variety: '春笋', days: 7 } }),
    (tr) => tr.summary?.count === 2,
  );
  t.is(trend.summary!.volume, 620, 'the asking post (500 斤) and the deal (120 斤)');

  const pp = await pageAs(t, buyer, '/prices/index/index', errors);
  await tid(pp, 'price-pickers')
    .locator('.cc-chip')
    .filter({ hasText: /^春笋$/ })
    .click();
  await tid(pp, 'price-summary').getByText('春笋近 30 天').waitFor();
  await tid(pp, 'price-row').first().waitFor();
  await checkScreen(t, pp, 'agri-deal-5-prices');
  t.deepEqual(errors, [], 'no page errors');
});
