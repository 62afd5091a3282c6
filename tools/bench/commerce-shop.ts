/** The shop as bench:commerce uses it: people, cards, money and products. */
import { randomUUID } from 'node:crypto';
import { type RunningApi } from '@cc/api';
import { createClient, fetchTransport, luhnValid, routes, type ApiClient } from '@cc/shared';
import { startCitizenCardGateway } from '../simulators/citizen-card';
import { type WechatSimulator } from '../simulators/wechat';
import { elapsedMs, fixed, stopIfInterrupted } from './harness';
import { count, describeError } from './commerce-run';

export interface Buyer {
  openid: string;
  user_id: string;
  client: ApiClient;
  card_number: string;
}

export interface Shop {
  api: RunningApi;
  sim: WechatSimulator;
  cardGateway: Awaited<ReturnType<typeof startCitizenCardGateway>>;
  anonymous: ApiClient;
  operator: ApiClient;
  store: ApiClient;
  community_id: string;
  station_id: string;
  /** Tomorrow in Shanghai: the station is open all day, whatever the hour of the run. */
  pickup_date: string;
  run_id: string;
}

/** Why fetch failed (the typed client reports every such failure as `network_error`), counted by cause. */
export const networkCauses = new Map<string, number>();

export function causeOf(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}

export const transport = fetchTransport(async (input, init) => {
  try {
    return await fetch(input, init);
  } catch (err) {
    count(networkCauses, causeOf(err));
    throw err;
  }
});
export const key = () => `bench-${randomUUID()}`;

export async function login(
  shop: Pick<Shop, 'api' | 'sim' | 'anonymous'>,
  openid: string,
): Promise<{ user_id: string; client: ApiClient }> {
  const session = await shop.anonymous.call(routes.wechatLogin, { body: { code: shop.sim.mintCode(openid) } });
  const client = createClient({ baseUrl: shop.api.url, transport, authorization: () => `Bearer ${session.token}` });
  return { user_id: session.user.id, client };
}

/** Card numbers the card centre (simulator) issues for this run: 8860 3301 09 + serial + Luhn digit. */
export function cardNumber(serial: number): string {
  const body = `8860330109${String(serial).padStart(8, '0')}`;
  for (let d = 0; d <= 9; d++) if (luhnValid(`${body}${d}`)) return `${body}${d}`;
  throw new Error('unreachable: one check digit always fits');
}

export let nextSerial = 0;

/** Time spent in each preparation step (summed over buyers), for the progress lines. */
export const prepSteps = new Map<string, { n: number; ms: number }>();

export async function timed<T>(step: string, call: () => Promise<T>): Promise<T> {
  const start_ns = process.hrtime.bigint();
  try {
    return await call();
  } finally {
    const s = prepSteps.get(step) ?? { n: 0, ms: 0 };
    prepSteps.set(step, { n: s.n + 1, ms: s.ms + elapsedMs(start_ns) });
  }
}

/**
 * A resident of 益乐社区 with a funded wallet, all through the API: WeChat login (simulator code), community, the
 * card bound (checked by the card-centre simulator, which issued it), cash topped up by the station's operator.
 */
export async function newBuyer(shop: Shop, label: string, i: number, fund_fen: number): Promise<Buyer> {
  const openid = `bench-${shop.run_id}-${label}-${i}`;
  const card_number = cardNumber(nextSerial++);
  const holder_name = `压测${label === 'flash' ? '抢购' : '买家'}${i}`;
  shop.cardGateway.addCard({ card_number, holder_name });
  const { user_id, client } = await timed('login', () => login(shop, openid));
  await timed('community', () => client.call(routes.updateMe, { body: { community_id: shop.community_id } }));
  await timed('card', () => client.call(routes.bindCard, { body: { card_number, holder_name } }));
  await timed('top-up', () =>
    shop.operator.call(routes.cashTopup, {
      params: { community_id: shop.community_id },
      body: { card_number, amount_fen: fund_fen },
      idempotencyKey: key(),
    }),
  );
  return { openid, user_id, client, card_number };
}

/** Prepares `total` buyers with `concurrency` at a time, printing progress; any failure stops the benchmark. */
export async function prepare<T>(what: string, total: number, concurrency: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const made: T[] = new Array<T>(total);
  const start_ns = process.hrtime.bigint();
  let next = 0;
  let done = 0;
  let reported = 0;
  const worker = async () => {
    while (next < total) {
      stopIfInterrupted();
      const i = next++;
      try {
        made[i] = await make(i);
      } catch (err) {
        throw new Error(`preparing ${what} #${i} failed: ${describeError(err)}`);
      }
      done++;
      const tenth = Math.floor((done * 10) / total);
      if (tenth > reported && total >= 50) {
        reported = tenth;
        console.error(`    ${what}: ${done}/${total} (${fixed(elapsedMs(start_ns) / 1000, 1)} s)`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  const steps = [...prepSteps.entries()].map(([step, t]) => `${step} ${fixed(t.ms / t.n, 0)}`).join(', ');
  console.error(`    ${what}: ${total} in ${fixed(elapsedMs(start_ns) / 1000, 1)} s; mean ms per step: ${steps}`);
  prepSteps.clear();
  return made;
}

export async function productBySku(shop: Shop, sku: string): Promise<{ id: string; stock: number; price_fen: number }> {
  const p = await shop.api.conn.collection('products').findOne({ sku });
  if (!p) throw new Error(`demo product ${sku} is missing`);
  return { id: String(p._id), stock: p.stock as number, price_fen: p.price_fen as number };
}

/** Sets a product's stock to `target` through the owner's API. */
export async function setStock(shop: Shop, product: { id: string; stock: number }, target: number): Promise<void> {
  if (product.stock === target) return;
  await shop.store.call(routes.adjustProductStock, { params: { product_id: product.id }, body: { delta: target - product.stock } });
}
