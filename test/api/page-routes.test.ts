/**
 * The routes the pages lacked (issue 12, "Seen in the code"): a seller reads its own product in any state by id
 * (no paging through its whole catalogue), and an order says whether and how it was reviewed (no loading 100 reviews).
 */
import test from 'ava';
import { newId } from '@cc/api/platform/ids';
import { routes } from '@cc/shared';
import { failureOf } from '../support/outcome';
import { buyer, operator, paidOrder, seed, stack, store, useOrdersStack } from '../support/orders-stack';

useOrdersStack();

async function draftOfStore() {
  const rice = (await stack.api.conn.collection('products').findOne({ sku: 'YL-RICE-01' }))!;
  return store.call(routes.createProduct, {
    params: { merchant_id: seed.merchants['demo-store-1']! },
    body: { name: '未上架的新米', category_id: String(rice.category_id), unit: '袋', price_fen: 4200, stock: 5, status: 'draft' } as never,
  });
}

test('a seller reads its own product in any state by id; to everyone else a draft or hidden product does not exist', async (t) => {
  const draft = await draftOfStore();
  t.is(draft.status, 'draft');
  const mine = await store.call(routes.getMyProduct, { params: { product_id: draft.id } });
  t.like(mine, { id: draft.id, status: 'draft', name: '未上架的新米' });
  t.is(await failureOf(stack.client.call(routes.getProduct, { params: { product_id: draft.id } })), '404 product_not_found');
  const stranger = await buyer();
  t.is(
    await failureOf(stranger.client.call(routes.getMyProduct, { params: { product_id: draft.id } })),
    '404 product_not_found',
    'not 403: another seller learns nothing',
  );
  t.is(
    await failureOf(operator.call(routes.getMyProduct, { params: { product_id: draft.id } })),
    '404 product_not_found',
    'operators moderate through their own routes',
  );
  t.is(await failureOf(store.call(routes.getMyProduct, { params: { product_id: newId('prd') } })), '404 product_not_found');

  // On sale, then hidden by the service station: the seller still reads it, with the reason.
  const onSale = await store.call(routes.setProductStatus, { params: { product_id: draft.id }, body: { status: 'on_sale' } });
  t.is(onSale.status, 'on_sale');
  await operator.call(routes.hideProduct, { params: { product_id: draft.id }, body: { reason: '图片与实物不符' } });
  const hidden = await store.call(routes.getMyProduct, { params: { product_id: draft.id } });
  t.is(hidden.status, 'hidden_by_operator');
  t.is(await failureOf(stack.client.call(routes.getProduct, { params: { product_id: draft.id } })), '404 product_not_found');
});

test('an order says whether and how it was reviewed, to its buyer and its seller', async (t) => {
  const { liu, order } = await paidOrder();
  t.is(order.review, null);
  const params = { order_id: order.id };
  for (const step of [routes.prepareOrder, routes.readyOrder, routes.dispatchOrder, routes.deliverOrder] as const)
    await store.call(step, { params, body: {} });
  const completed = await liu.client.call(routes.confirmOrder, { params, body: {} });
  t.is(completed.status, 'completed');
  t.is(completed.review, null, 'completed, not reviewed yet');

  const review = await liu.client.call(routes.reviewOrder, { params, body: { rating: 4, text: '米很香，送得也快' } });
  const seenByBuyer = await liu.client.call(routes.getOrder, { params });
  t.deepEqual(seenByBuyer.review, {
    id: review.id,
    rating: 4,
    text: '米很香，送得也快',
    photos: [],
    created_at: review.created_at,
  });
  const seenBySeller = await store.call(routes.getOrder, { params });
  t.deepEqual(seenBySeller.review, seenByBuyer.review);
  const inList = await store.call(routes.listMerchantOrders, {
    params: { merchant_id: order.merchant_id },
    query: { number: order.number },
  });
  t.deepEqual(
    inList.items.map((o) => o.review?.rating),
    [4],
    'lists carry it too',
  );
  // Other orders of the same seller stay unreviewed.
  const other = await paidOrder();
  t.is((await store.call(routes.getOrder, { params: { order_id: other.order.id } })).review, null);
});
