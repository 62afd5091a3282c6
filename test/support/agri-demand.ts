/** Listed supply (一键上架) bought by a resident of 益乐社区 through the real checkout (issue 14 items 5 and 6). */
import { randomUUID } from 'node:crypto';
import { routes, type ApiClient, type Product } from '@cc/shared';
import { farmer, supplyBody, type Person } from './agri';
import { cat, seed, stack } from './catalog';

/** A verified farmer of 径山村 with a supply post of `variety` (2000 斤 at ¥2.50) and a shop that serves 益乐社区. */
export async function farmerWithPost(variety: string) {
  const f = await farmer();
  const post = await f.client.call(routes.createSupplyPost, { body: supplyBody({ variety, quantity: 2000 }) });
  const [m] = (await f.client.call(routes.listMyMerchants, { query: {} })).items;
  await f.client.call(routes.updateMerchant, {
    params: { merchant_id: m!.id },
    body: { serves_community_ids: [seed.communities.wenxin, seed.communities.jingshan] } as never,
  });
  return { f, post, merchant: m! };
}

/** A verified farmer of 径山村 whose shop serves 益乐社区 lists a post of `variety` as `unit` holding `per` 斤. */
export async function listedProduct(
  variety: string,
  unit: string,
  per: number,
  price_fen: number,
): Promise<{ f: Person; product: Product }> {
  const { f, post, merchant } = await farmerWithPost(variety);
  const product = await f.client.call(routes.listSupplyInShop, {
    params: { post_id: post.id },
    body: { merchant_id: merchant.id, category_id: cat('vegetables.leafy'), unit, base_per_unit: per, price_fen, stock: 500 } as never,
  });
  return { f, product };
}

const key = () => `k-${randomUUID()}`;

/** 刘德明 of 益乐社区 buys `quantity` of the product for pickup at the station and pays from his wallet. */
export async function paidOrder(product_id: string, quantity: number) {
  const liu = await stack.login('demo-resident-2');
  const station = (await stack.client.call(routes.listStations, { params: { community_id: seed.communities.wenxin }, query: {} }))
    .items[0]!;
  await liu.client.call(routes.clearCart, {});
  await liu.client.call(routes.setCartLine, { params: { product_id }, body: { quantity } });
  const placed = await liu.client.call(routes.checkout, {
    body: { delivery: { kind: 'pickup', station_id: station.id, date: '2027-03-02' } },
    idempotencyKey: key(),
  });
  const paid = await liu.client.call(routes.payCheckout, {
    params: { checkout_id: placed.checkout_id },
    body: { method: 'wallet' },
    idempotencyKey: key(),
  });
  return { liu: liu.client, order: paid.orders[0]! };
}

/** The seller hands the order over at the station and the buyer confirms receipt: completed. */
export async function complete(seller: ApiClient, buyer: ApiClient, order_id: string) {
  for (const step of [routes.prepareOrder, routes.readyOrder, routes.pickUpOrder])
    await seller.call(step, { params: { order_id }, body: {} });
  return buyer.call(routes.confirmOrder, { params: { order_id }, body: {} });
}
