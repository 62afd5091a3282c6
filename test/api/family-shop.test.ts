/**
 * 为谁下单 and 为家人下单's search (issue 15 item 3): the mini-program sends only the lines of sellers that deliver
 * to the elder's community, but the API is what guarantees it — a line of a seller that does not deliver there is
 * refused and nothing is written; bad lines and someone else's elder are 4xx. The family page searches the elder's
 * community with the catalogue's own listing (words, category, in stock, cursor): no route of its own.
 */
import test from 'ava';
import { routes } from '@cc/shared';
import { linkedFamily, proxyOrder } from '../support/family';
import { failureOf } from '../support/outcome';
import { key, productBySku, seed, slot, stack, useOrdersStack } from '../support/orders-stack';
import { raw } from '../support/stack';

useOrdersStack();

const proxyCount = () => stack.api.conn.collection('proxy_orders').countDocuments();
const orderCount = () => stack.api.conn.collection('orders').countDocuments();

test.serial('a line of a seller that does not deliver to the elder’s community: 409, no order, no stock held', async (t) => {
  const { son, link_id, address_id } = await linkedFamily(stack, seed.kiosk);
  // 陈建国's tea farm now delivers to 径山村 only; 王秀英 lives in 益乐社区.
  const farmer = (await stack.login('demo-farmer-1')).client;
  const [farm] = (await farmer.call(routes.listMyMerchants, {})).items;
  await farmer.call(routes.updateMerchant, {
    params: { merchant_id: farm!.id },
    body: { serves_community_ids: [seed.communities.jingshan] },
  });
  const tea = await productBySku('JS-TEA-02');
  const paste = await productBySku('YL-DAI-03');
  const [proxies, orders] = [await proxyCount(), await orderCount()];
  const both = [
    { product_id: paste.id, quantity: 1 },
    { product_id: tea.id, quantity: 1 },
  ];
  const failure = await failureOf(
    son.client.call(routes.placeProxyOrder, {
      params: { link_id },
      body: { delivery: slot(address_id), lines: both, payment: 'elder_card' },
      idempotencyKey: key(),
    }),
  );
  t.is(failure, '409 product_not_served');
  t.is(await proxyCount(), proxies);
  t.is(await orderCount(), orders);
  t.is((await productBySku('JS-TEA-02')).stock, tea.stock);
  t.is((await productBySku('YL-DAI-03')).stock, paste.stock);
  // The lines that may go (what the checkout's chooser sends) are placed.
  const placed = await proxyOrder(son.client, link_id, address_id);
  t.is(placed.status, 'waiting');
});

test.serial('bad lines and someone else’s elder: 4xx problem+json and nothing is written', async (t) => {
  const other = await linkedFamily(stack, seed.kiosk);
  const mine = await linkedFamily(stack, seed.kiosk);
  const paste = await productBySku('YL-DAI-03');
  // Raw HTTP: the typed client refuses to send a body its schema rejects.
  const place = async (lines: unknown, link_id = mine.link_id, address_id = mine.address_id) => {
    const r = await raw(`${stack.apiUrl}/api/v1/family-links/${link_id}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${mine.son.token}`, 'idempotency-key': key() },
      body: JSON.stringify({ delivery: slot(address_id), lines, payment: 'elder_card' }),
    });
    return `${r.status} ${String(r.body?.code)} ${r.headers.get('content-type')?.split(';')[0]}`;
  };
  const before = [await proxyCount(), await orderCount()];
  const refused = '400 validation_failed application/problem+json';
  t.is(await place([{ product_id: paste.id, quantity: 0 }]), refused);
  t.is(await place([{ product_id: paste.id, quantity: 1.5 }]), refused);
  t.is(await place([]), refused);
  t.is(await place([{ product_id: 'prd_nope', quantity: 1 }]), refused);
  t.is(
    await place([
      { product_id: paste.id, quantity: 1 },
      { product_id: paste.id, quantity: 2 },
    ]),
    refused,
  );
  // Another family member's link to the same elder is not this person's.
  t.is(
    await place([{ product_id: paste.id, quantity: 1 }], other.link_id, other.address_id),
    '404 family_link_not_found application/problem+json',
  );
  t.deepEqual([await proxyCount(), await orderCount()], before);
});

test('the family page’s search: the elder’s community by words and category, in stock, page after page', async (t) => {
  const anyone = (await stack.login('demo-buyer-1')).client;
  const community_id = seed.communities.wenxin;
  const search = (query: Record<string, string | number>) =>
    anyone.call(routes.searchProducts, { query: { community_id, in_stock: 'true', ...query } as never });
  const first = await search({ limit: 3 });
  t.is(first.items.length, 3);
  t.truthy(first.next_cursor);
  const second = await search({ limit: 3, cursor: first.next_cursor as string });
  t.deepEqual(
    second.items.filter((p) => first.items.some((f) => f.id === p.id)),
    [],
    'the next page repeats nothing',
  );
  const paste = await search({ q: '牙膏', limit: 20 });
  t.true(paste.items.length > 0);
  t.true(
    paste.items.every((p) => p.name.includes('牙膏') || p.keywords.some((k) => k.includes('牙膏')) || p.category_name.includes('牙膏')),
  );
  const tea = paste.items[0]!.category_path[0]!;
  const inCategory = await search({ category_id: tea, limit: 50 });
  t.true(inCategory.items.length > 0);
  t.true(inCategory.items.every((p) => p.category_path.includes(tea) && p.stock > 0));
  t.is(await failureOf(search({ limit: 3, cursor: 'not-a-cursor' })), '400 invalid_cursor');
});
