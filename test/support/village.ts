/**
 * Village deliveries on top of the orders stack: 径山村 gets a daily 14:00–17:00 slot and a kiosk at its village station;
 * 陈建国 (a bound citizen card) buys 冬笋 from 俞桂芳生态农场 into that slot and 俞桂芳 marks it ready — the task's drop
 * is the village station, so it joins the station's trip of the slot.
 */
import { randomUUID } from 'node:crypto';
import { DEMO_WALLETS } from '@cc/api';
import { createClient, fetchTransport, routes, type ApiClient } from '@cc/shared';
import { TINY_JPEG } from './images';
import { key, productBySku, SLOT_DATE, seed, stack } from './orders-stack';

export const CHEN = DEMO_WALLETS.find((w) => w.openid === 'demo-farmer-1')!;
export const VILLAGE_SLOT = `${SLOT_DATE}/14:00-17:00`;

export type Village = { station_id: string; kiosk: { id: string; secret: string }; admin: ApiClient; seller: ApiClient };
let made: Village | undefined;

/** Once per stack: the village's slot template, a kiosk at its station, ¥500 on 陈建国's card. */
export async function village(): Promise<Village> {
  if (made) return made;
  const admin = (await stack.login('demo-admin-1')).client;
  const jingshan = seed.communities.jingshan;
  await admin.call(routes.createSlotTemplate, {
    params: { community_id: jingshan },
    body: { weekdays: [1, 2, 3, 4, 5, 6, 7], start: '14:00', end: '17:00', capacity: 500, cutoff_minutes: 60 },
  });
  const stations = await stack.api.identity.places.listStations(jingshan, { limit: 100 });
  const station_id = stations.items.find((s) => s.kind === 'village_station')!.id;
  const creds = await admin.call(routes.registerKiosk, {
    params: { community_id: jingshan },
    body: { name: '径山村服务站一号机', station_id },
  });
  await admin.call(routes.cashTopup, {
    params: { community_id: jingshan },
    body: { card_number: CHEN.card_number, amount_fen: 50000 },
    idempotencyKey: `village-topup-${randomUUID()}`,
  });
  const seller = (await stack.login('demo-farmer-3')).client;
  made = { station_id, kiosk: { id: creds.kiosk.id, secret: creds.terminal_secret }, admin, seller };
  return made;
}

/** 陈建国 buys one 冬笋 into the village slot and pays from his card; 俞桂芳 prepares it and marks it ready. */
export async function villageOrder() {
  const v = await village();
  const chen = await stack.login('demo-farmer-1');
  const addresses = await chen.client.call(routes.listMyAddresses, {});
  const address_id =
    addresses.items[0]?.id ??
    (
      await chen.client.call(routes.addMyAddress, {
        body: { label: '家', recipient: '陈建国', phone: '13905710011', detail: '径山村上湾组 18 号' },
      })
    ).id;
  const shoots = await productBySku('JS-SUN-01');
  await chen.client.call(routes.clearCart, {});
  await chen.client.call(routes.setCartLine, { params: { product_id: shoots.id }, body: { quantity: 1 } });
  const placed = await chen.client.call(routes.checkout, {
    body: { delivery: { kind: 'slot', slot_key: VILLAGE_SLOT, address_id } },
    idempotencyKey: key(),
  });
  const paid = await chen.client.call(routes.payCheckout, {
    params: { checkout_id: placed.checkout_id },
    body: { method: 'wallet', pin: CHEN.pin },
    idempotencyKey: key(),
  });
  const order = paid.orders[0]!;
  await v.seller.call(routes.prepareOrder, { params: { order_id: order.id }, body: {} });
  await v.seller.call(routes.readyOrder, { params: { order_id: order.id }, body: {} });
  const task = await v.seller.call(routes.getOrderDelivery, { params: { order_id: order.id } });
  return { chen, order, task, pickupCode: task.code?.value as string };
}

/** A kiosk client signed in with a card at the terminal `kiosk` (terminal credentials plus the card session). */
export async function cardAt(kiosk: { id: string; secret: string }, card: { card_number: string; pin: string }): Promise<ApiClient> {
  const authorization = () => `Terminal ${kiosk.id}:${kiosk.secret}`;
  const terminal = createClient({ baseUrl: stack.apiUrl, transport: fetchTransport(), authorization });
  const { token } = await terminal.call(routes.kioskCardLogin, { body: { card_number: card.card_number, pin: card.pin } });
  const base = fetchTransport();
  return createClient({
    baseUrl: stack.apiUrl,
    authorization,
    transport: (req) => base({ ...req, headers: { ...req.headers, 'x-kiosk-session': token } }),
  });
}

/** A photo uploaded by `client` (its id). */
export async function photoBy(client: ApiClient): Promise<string> {
  return (await client.call(routes.createUpload, { file: { bytes: TINY_JPEG, content_type: 'image/jpeg' } })).id;
}
