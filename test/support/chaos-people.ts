import { DEMO_WALLETS, type seedDemo } from '@cc/api';
import { routes } from '@cc/shared';
import type { ChaosPeople } from './chaos';
import type { Stack } from './stack';

/** Two demo residents with money on their cards, the demo store, tofu in stock and a pickup station. */
export async function preparePeople(stack: Stack, seed: Awaited<ReturnType<typeof seedDemo>>): Promise<ChaosPeople> {
  const operator = (await stack.login('demo-operator-1')).client;
  const store = await stack.login('demo-store-1');
  const buyers = [];
  for (const w of DEMO_WALLETS.slice(0, 2)) {
    const b = await stack.login(w.openid);
    await operator.call(routes.cashTopup, {
      params: { community_id: seed.communities.wenxin },
      body: { card_number: w.card_number, amount_fen: 20000 },
      idempotencyKey: `chaos-topup-${w.openid}`,
    });
    buyers.push({ token: b.token, user_id: b.user_id, pin: w.pin });
  }
  const tofu = await stack.api.conn.collection('products').findOne({ sku: 'YL-TOF-01' });
  const product_id = String(tofu!._id);
  await store.client.call(routes.adjustProductStock, { params: { product_id }, body: { delta: 5000 } });
  const stations = await stack.client.call(routes.listStations, { params: { community_id: seed.communities.wenxin }, query: {} });
  return { buyers, storeToken: store.token, product_id, station_id: stations.items[0]!.id };
}
