/** 亲情代付 suites (family-proxy, family-pay): 王秀英's card at a kiosk, a family member linked to her, a proxy order. */
import { randomUUID } from 'node:crypto';
import { DEMO_WALLETS } from '@cc/api';
import { createClient, fetchTransport, routes, type ApiClient, type ProxyPayment } from '@cc/shared';
import { key, productBySku, slot } from './orders-stack';
import { until } from './outcome';
import type { Stack } from './stack';

export const WANG = DEMO_WALLETS.find((w) => w.openid === 'demo-resident-1')!;
export const WANG_PHONE = '13805710001';

/** A kiosk client at `kiosk` with a card session (terminal credentials plus the session header). */
export async function cardAt(
  s: Stack,
  kiosk: { id: string; secret: string },
  card: { card_number: string; pin: string } = WANG,
): Promise<ApiClient> {
  const authorization = () => `Terminal ${kiosk.id}:${kiosk.secret}`;
  const terminal = createClient({ baseUrl: s.apiUrl, transport: fetchTransport(), authorization });
  const { token } = await terminal.call(routes.kioskCardLogin, { body: { card_number: card.card_number, pin: card.pin } });
  const base = fetchTransport();
  return createClient({
    baseUrl: s.apiUrl,
    authorization,
    transport: (req) => base({ ...req, headers: { ...req.headers, 'x-kiosk-session': token } }),
  });
}

/** A new family member linked to 王秀英 and approved by her at the kiosk; her address book has one address. */
export async function linkedFamily(s: Stack, kiosk: { id: string; secret: string }) {
  const son = await s.login(`son-${randomUUID().slice(0, 12)}`);
  const asked = await son.client.call(routes.requestFamilyLink, { body: { phone: WANG_PHONE, name: '王秀英', relation: '儿子' } });
  const wang = await cardAt(s, kiosk);
  await wang.call(routes.kioskApproveFamilyLink, { params: { link_id: asked.id }, body: { pin: WANG.pin } });
  const link = (await son.client.call(routes.listMyFamilyLinks, {})).items.find((l) => l.id === asked.id)!;
  let address_id = link.elder?.addresses[0]?.id;
  if (!address_id) {
    const elder = await s.login('demo-resident-1');
    address_id = (
      await elder.client.call(routes.addMyAddress, {
        body: { label: '家', recipient: '王秀英', phone: WANG_PHONE, detail: '益乐新村 3 幢 101' },
      })
    ).id;
  }
  return { son, link_id: asked.id, address_id, wang };
}

export async function proxyOrder(
  son: ApiClient,
  link_id: string,
  address_id: string,
  { sku = 'YL-DAI-03', quantity = 1, payment = 'elder_card' as ProxyPayment } = {},
) {
  const p = await productBySku(sku);
  const body = { delivery: slot(address_id), lines: [{ product_id: p.id, quantity }], payment };
  return son.call(routes.placeProxyOrder, { params: { link_id }, body, idempotencyKey: key() });
}

export const balanceOf = async (s: Stack, openid: string) => {
  const u = await s.api.conn.collection('users').findOne({ openid });
  return (await s.api.wallet.walletOf(String(u!._id))).balance_fen;
};

/** 我来付: placed by a new linked family member and paid at the simulator (notify repeated 3 times); the kiosk shows it paid. */
export async function paidByFamily(s: Stack, kiosk: { id: string; secret: string }, quantity = 1) {
  const f = await linkedFamily(s, kiosk);
  const placed = await proxyOrder(f.son.client, f.link_id, f.address_id, { quantity, payment: 'family_wechat' });
  if (!placed.wechat_pay || placed.family_payment !== 'unpaid') throw new Error('placed without WeChat Pay parameters');
  await s.pay.pay(placed.wechat_pay.out_trade_no);
  for (let i = 0; i < 3; i++) s.pay.redeliver(placed.wechat_pay.out_trade_no);
  await until('the kiosk shows it paid', async () =>
    (await f.wang.call(routes.kioskListProxyOrders, {})).items.find((p) => p.id === placed.id && p.family_payment === 'paid'),
  );
  return { ...f, placed, out_trade_no: placed.wechat_pay.out_trade_no };
}
