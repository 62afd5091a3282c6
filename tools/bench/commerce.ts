/**
 * Commerce benchmark (issue 5; DESIGN §7: performance is measured by scripts that print figures, never by timed tests).
 *
 *   pnpm bench:commerce [--ops 1000] [--checkout-ops 200] [--concurrency 32] [--warmup 100] [--checkout-warmup 32]
 *                       [--buyers 2000] [--units 100] [--prep-concurrency 32] [--sort price_asc] [--max-seconds 420]
 *
 * Drives the real HTTP API (startApi from @cc/api, in this process) with the typed client over fetch, with the local
 * WeChat login, citizen-card centre and WeChat Pay simulators, on the demo data (seedDemo):
 *   1. baseline: a bare Koa route in this process answering a small JSON body;
 *   2. catalog list: GET /api/v1/products for 益乐社区, one sort, limit 20;
 *   3. checkout-and-pay: set a cart line, check out (pickup at a station), pay from the citizen-card wallet;
 *   4. flash sale: an offer of 100 units (one per person) with `--buyers` buyers prepared beforehand (logged in, in
 *      益乐社区, card bound, cash topped up, the offer in the cart); then every checkout is sent at once and each one
 *      that succeeds is paid. Paid orders must equal the units, nothing may be oversold, stock may not go negative.
 * The baseline is measured again right before each scenario, and printed next to it with the ratio: the machine may
 * be shared, so a busy neighbour moves the baseline too. The ledger's invariants are checked at the end; exit 1 on a
 * violation, a failed operation or an unexpected outcome in the rush.
 *
 * With MONGODB_URI / REDIS_URL set it uses them, in its own database `bench_<random>` and key prefix
 * `bench_<random>:`, both removed at the end. Otherwise it starts the embedded database (memory backend) and Redis
 * on loopback and stops them at the end, also on error or Ctrl+C.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Koa from 'koa';
import pino from 'pino';
import { connectRedis, createLogger, loadConfig, seedDemo, startApi, type RunningApi } from '@cc/api';
import {
  ApiError,
  createClient,
  fetchTransport,
  luhnValid,
  PRODUCT_SORTS,
  routes,
  shanghaiDate,
  type ApiClient,
  type Offer,
} from '@cc/shared';
import { freePort, startMongo, startRedis, type Service } from '../services';
import { startCitizenCardGateway } from '../simulators/citizen-card';
import { startWechatSimulator, type WechatSimulator } from '../simulators/wechat';
import { startWechatPaySimulator } from '../simulators/wechatpay';

type Sort = (typeof PRODUCT_SORTS)[number];
type Redis = ReturnType<typeof connectRedis>;

const WECHAT_APPID = 'wx_bench_appid';
const WECHAT_SECRET = 'bench-secret-not-real';
const CARD_PARTNER_ID = 'cc-bench';
/** The API's defaults, kept: payments stay under the PIN-free limit and each buyer under the daily cap. */
const PIN_FREE_LIMIT_FEN = 5000;
const DAILY_CAP_FEN = 50_000;
/** Cheap products of 益乐惠民超市 bought in checkout-and-pay (one line per operation, in turn). */
const CHECKOUT_SKUS = ['YL-TOF-01', 'YL-FLO-01', 'YL-SEA-01', 'YL-DAI-03', 'YL-DAI-01'];
/** The flash-sale product (径山大米, ¥42) and its offer price: under the PIN-free limit. */
const FLASH_SKU = 'YL-RICE-01';
const FLASH_PRICE_FEN = 2990;
/**
 * Outcomes of a flash-sale checkout that are correct answers for a buyer who came too late. `offer_ended` is among
 * them: a checkout that reads the offer after its last unit went is refused before claiming, with that code
 * (orders/checkout.ts plan(), "活动已结束或已抢完"), although the offer is still running.
 */
const EXPECTED_REFUSALS = new Set(['409 offer_sold_out', '409 offer_ended', '409 insufficient_stock', '409 offer_limit_reached']);

interface Options {
  ops: number;
  checkout_ops: number;
  concurrency: number;
  warmup: number;
  checkout_warmup: number;
  buyers: number;
  units: number;
  prep_concurrency: number;
  sort: Sort;
  max_seconds: number;
}

function readOptions(): Options {
  const { values } = parseArgs({
    // pnpm may pass a literal `--` before the script's own arguments.
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: {
      ops: { type: 'string', default: '1000' },
      'checkout-ops': { type: 'string', default: '200' },
      concurrency: { type: 'string', default: '32' },
      warmup: { type: 'string', default: '100' },
      'checkout-warmup': { type: 'string', default: '32' },
      buyers: { type: 'string', default: '2000' },
      units: { type: 'string', default: '100' },
      'prep-concurrency': { type: 'string', default: '32' },
      sort: { type: 'string', default: 'price_asc' },
      'max-seconds': { type: 'string', default: '420' },
    },
  });
  const int = (name: string, value: string, min: number, max: number): number => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer from ${min} to ${max}`);
    return n;
  };
  if (!(PRODUCT_SORTS as readonly string[]).includes(values.sort)) throw new Error(`--sort must be one of ${PRODUCT_SORTS.join(', ')}`);
  const opts: Options = {
    ops: int('ops', values.ops, 1, 100_000),
    checkout_ops: int('checkout-ops', values['checkout-ops'], 1, 20_000),
    concurrency: int('concurrency', values.concurrency, 1, 256),
    warmup: int('warmup', values.warmup, 0, 10_000),
    checkout_warmup: int('checkout-warmup', values['checkout-warmup'], 0, 2_000),
    buyers: int('buyers', values.buyers, 1, 10_000),
    units: int('units', values.units, 1, 10_000),
    prep_concurrency: int('prep-concurrency', values['prep-concurrency'], 1, 256),
    sort: values.sort as Sort,
    max_seconds: int('max-seconds', values['max-seconds'], 30, 3600),
  };
  if (opts.units > opts.buyers) throw new Error('--units must not exceed --buyers (the rush must be able to sell out)');
  return opts;
}

// ---- stopping: Ctrl+C or SIGTERM lets the requests in flight finish, then cleans up ----

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  // Repeats are ignored: Ctrl+C reaches us twice (directly and relayed by pnpm/tsx). The watchdog in main() ends a hang.
  process.on(signal, () => {
    if (!interrupted) console.error(`\n${signal}: finishing the requests in flight, then cleaning up…`);
    interrupted = true;
  });
}

class Interrupted extends Error {}

function stopIfInterrupted(): void {
  if (interrupted) throw new Interrupted('interrupted');
}

// ---- clean-up: whatever was started or created is undone once, in reverse order, on success, error or signal ----

const cleanups: { name: string; run: () => Promise<unknown> }[] = [];
let cleaning: Promise<void> | undefined;

function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const step of cleanups.reverse()) {
      await step.run().catch((err: unknown) => console.error(`clean-up (${step.name}) failed: ${String(err)}`));
    }
  })();
  return cleaning;
}

// ---- provisioning ----

async function provision(
  given: string | undefined,
  start: () => Promise<Service>,
  name: string,
): Promise<{ url: string; embedded: boolean }> {
  if (given) return { url: given, embedded: false };
  const service = await start();
  cleanups.push({ name: `stop ${name}`, run: () => service.stop() });
  return { url: service.url, embedded: true };
}

/** Puts `db` as the database of a MongoDB connection string, keeping hosts and options (as test/support/stack.ts). */
function withDatabase(uri: string, db: string): string {
  const m = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(?:\/[^?]*)?(\?.*)?$/.exec(uri);
  if (!m) throw new Error('MONGODB_URI is not a mongodb:// or mongodb+srv:// connection string');
  return `${m[1]}/${db}${m[2] ?? ''}`;
}

/** A connection string fit to print: no user or password, no options (they may carry secrets too). */
function printable(uri: string): string {
  return uri.replace(/^([a-z+]+:\/\/)[^@/]*@/i, '$1').replace(/\?.*$/, '');
}

/** Deletes the keys under our prefix. ioredis does not prefix SCAN patterns, but does prefix DEL's keys. */
async function deleteKeys(redis: Redis, prefix: string): Promise<number> {
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length) deleted += await redis.del(...keys.map((k) => k.slice(prefix.length)));
  } while (cursor !== '0');
  return deleted;
}

/** The API with its simulators, configured as test/support/stack.ts does, in our own database and key prefix. */
async function startStack(db_uri: string, redis_url: string, key_prefix: string, run_id: string) {
  const sim = await startWechatSimulator({ appid: WECHAT_APPID, secret: WECHAT_SECRET });
  cleanups.push({ name: 'stop the WeChat simulator', run: () => sim.close() });
  const partnerKey = randomBytes(24).toString('hex');
  const cardGateway = await startCitizenCardGateway({ partnerId: CARD_PARTNER_ID, partnerKey });
  cleanups.push({ name: 'stop the card-centre simulator', run: () => cardGateway.close() });
  const pay = await startWechatPaySimulator({ appid: WECHAT_APPID, mchid: '1900000109' });
  cleanups.push({ name: 'stop the WeChat Pay simulator', run: () => pay.close() });
  const upload_dir = path.join(os.tmpdir(), `cc-bench-uploads-${run_id}`);
  cleanups.push({ name: `remove ${upload_dir}`, run: () => rm(upload_dir, { recursive: true, force: true }) });
  const config = loadConfig({
    APP_ENV: 'development',
    // A known port (not 0): WeChat Pay notifies are sent back to PUBLIC_BASE_URL, derived from it.
    PORT: String(await freePort()),
    MONGODB_URI: db_uri,
    REDIS_URL: redis_url,
    REDIS_KEY_PREFIX: key_prefix,
    WECHAT_API_BASE_URL: sim.url,
    WECHAT_APPID,
    WECHAT_SECRET,
    CORS_ORIGINS: '*',
    LOG_LEVEL: 'error',
    // Every simulated person comes from 127.0.0.1: the per-address limits would measure the limiter, not the shop.
    RATE_LIMIT_PER_MINUTE: '10000000',
    LOGIN_RATE_LIMIT_PER_MINUTE: '10000000',
    CARD_HASH_KEY: randomBytes(32).toString('hex'),
    CARD_GATEWAY_BASE_URL: cardGateway.url,
    CARD_GATEWAY_PARTNER_ID: CARD_PARTNER_ID,
    CARD_GATEWAY_PARTNER_KEY: partnerKey,
    WECHATPAY_BASE_URL: pay.url,
    WECHATPAY_MCHID: '1900000109',
    WECHATPAY_MERCHANT_SERIAL_NO: pay.merchant.serialNo,
    WECHATPAY_MERCHANT_PRIVATE_KEY: pay.merchant.privateKeyPem,
    WECHATPAY_API_V3_KEY: pay.apiV3Key,
    WECHATPAY_PLATFORM_SERIAL_NO: pay.platform.serialNo,
    WECHATPAY_PLATFORM_PUBLIC_KEY: pay.platform.publicKeyPem,
    WALLET_PIN_FREE_LIMIT_FEN: String(PIN_FREE_LIMIT_FEN),
    WALLET_DAILY_CAP_FEN: String(DAILY_CAP_FEN),
    UPLOAD_DIR: upload_dir,
  });
  // API errors go to stderr, so stdout carries only the figures.
  const api = await startApi(config, createLogger(config.LOG_LEVEL, pino.destination(2)));
  cleanups.push({
    name: 'stop the API and delete its redis keys',
    run: async () => {
      // The API (and its job workers) first, so no worker trips over keys deleted under it.
      await api.close();
      const cleaner = connectRedis(redis_url, key_prefix);
      try {
        await deleteKeys(cleaner, key_prefix);
      } finally {
        await cleaner.quit();
      }
    },
  });
  cleanups.push({ name: 'drop the database', run: () => api.conn.dropDatabase() });
  return { api, sim, cardGateway };
}

/** A bare Koa app answering a small JSON body: the floor of one HTTP round trip through Koa in this process. */
async function startBareKoa(): Promise<string> {
  const app = new Koa();
  app.use((ctx) => {
    ctx.body = { ok: true, at: Date.now() };
  });
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push({
    name: 'stop the bare Koa app',
    run: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/ping`;
}

// ---- measurement ----

interface Run {
  label: string;
  ops: number;
  errors: number;
  /** Failed operations by `status code` (or message). */
  error_codes: Map<string, number>;
  seconds: number;
  /** Latency of each successful operation, sorted ascending. */
  latencies_ms: number[];
  /** CPU time of this process per successful operation: client, API and simulators share it. */
  cpu_ms_per_op: number;
  /** Stopped at the time limit before all operations were done. */
  cut: boolean;
}

const elapsedMs = (since_ns: bigint): number => Number(process.hrtime.bigint() - since_ns) / 1e6;

function describeError(err: unknown): string {
  if (err instanceof ApiError) return `${err.status} ${err.code}`;
  return err instanceof Error ? err.message : String(err);
}

function count(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Runs `total` operations on `concurrency` workers that each take the next index until none is left. */
async function runConcurrent(
  label: string,
  total: number,
  concurrency: number,
  deadline_ns: bigint,
  op: (i: number) => Promise<void>,
): Promise<Run> {
  const latencies_ms: number[] = [];
  const error_codes = new Map<string, number>();
  let next = 0;
  let errors = 0;
  let cut = false;
  const worker = async () => {
    while (next < total) {
      if (interrupted) return;
      if (process.hrtime.bigint() > deadline_ns) {
        cut = true;
        return;
      }
      const i = next++;
      const start_ns = process.hrtime.bigint();
      try {
        await op(i);
        latencies_ms.push(elapsedMs(start_ns));
      } catch (err) {
        errors++;
        count(error_codes, describeError(err));
      }
    }
  };
  const start_ns = process.hrtime.bigint();
  const cpu_start = process.cpuUsage();
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  const seconds = elapsedMs(start_ns) / 1000;
  const cpu = process.cpuUsage(cpu_start);
  return {
    label,
    ops: latencies_ms.length,
    errors,
    error_codes,
    seconds,
    latencies_ms: latencies_ms.sort((a, b) => a - b),
    cpu_ms_per_op: (cpu.user + cpu.system) / 1000 / latencies_ms.length,
    cut,
  };
}

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted_ms: number[], p: number): number {
  if (sorted_ms.length === 0) return NaN;
  return sorted_ms[Math.min(sorted_ms.length - 1, Math.max(0, Math.ceil((p / 100) * sorted_ms.length) - 1))]!;
}

const opsPerSecond = (r: Run): number => r.ops / r.seconds;

// ---- the shop: people, cards, money ----

interface Buyer {
  openid: string;
  user_id: string;
  client: ApiClient;
  card_number: string;
}

interface Shop {
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
const networkCauses = new Map<string, number>();

function causeOf(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}

const transport = fetchTransport(async (input, init) => {
  try {
    return await fetch(input, init);
  } catch (err) {
    count(networkCauses, causeOf(err));
    throw err;
  }
});
const key = () => `bench-${randomUUID()}`;

async function login(shop: Pick<Shop, 'api' | 'sim' | 'anonymous'>, openid: string): Promise<{ user_id: string; client: ApiClient }> {
  const session = await shop.anonymous.call(routes.wechatLogin, { body: { code: shop.sim.mintCode(openid) } });
  const client = createClient({ baseUrl: shop.api.url, transport, authorization: () => `Bearer ${session.token}` });
  return { user_id: session.user.id, client };
}

/** Card numbers the card centre (simulator) issues for this run: 8860 3301 09 + serial + Luhn digit. */
function cardNumber(serial: number): string {
  const body = `8860330109${String(serial).padStart(8, '0')}`;
  for (let d = 0; d <= 9; d++) if (luhnValid(`${body}${d}`)) return `${body}${d}`;
  throw new Error('unreachable: one check digit always fits');
}

let nextSerial = 0;

/** Time spent in each preparation step (summed over buyers), for the progress lines. */
const prepSteps = new Map<string, { n: number; ms: number }>();

async function timed<T>(step: string, call: () => Promise<T>): Promise<T> {
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
async function newBuyer(shop: Shop, label: string, i: number, fund_fen: number): Promise<Buyer> {
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
async function prepare<T>(what: string, total: number, concurrency: number, make: (i: number) => Promise<T>): Promise<T[]> {
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

async function productBySku(shop: Shop, sku: string): Promise<{ id: string; stock: number; price_fen: number }> {
  const p = await shop.api.conn.collection('products').findOne({ sku });
  if (!p) throw new Error(`demo product ${sku} is missing`);
  return { id: String(p._id), stock: p.stock as number, price_fen: p.price_fen as number };
}

/** Sets a product's stock to `target` through the owner's API. */
async function setStock(shop: Shop, product: { id: string; stock: number }, target: number): Promise<void> {
  if (product.stock === target) return;
  await shop.store.call(routes.adjustProductStock, { params: { product_id: product.id }, body: { delta: target - product.stock } });
}

// ---- scenarios ----

/** The baseline: GET on the bare Koa route, through the same fetch (keep-alive pool) as the API calls. */
function baselineRun(url: string, label: string, opts: Options, deadline_ns: bigint): Promise<Run> {
  return runConcurrent(label, opts.ops, opts.concurrency, deadline_ns, async () => {
    const res = await transport({ method: 'GET', url, headers: { accept: 'application/json' } });
    if (res.status !== 200) throw new Error(`baseline answered ${res.status}`);
  });
}

function catalogOp(shop: Shop, opts: Options): () => Promise<void> {
  return async () => {
    const page = await shop.anonymous.call(routes.searchProducts, {
      query: { community_id: shop.community_id, sort: opts.sort, limit: 20 },
    });
    if (page.items.length === 0) throw new Error('the catalog page is empty');
  };
}

/** One operation: a cart line, a checkout with pickup at the station, payment from the wallet (PIN-free amount). */
function checkoutOp(shop: Shop, buyers: Buyer[], products: { id: string; price_fen: number }[], paid: { count: number }) {
  // Each buyer does one operation at a time (a cart is a person's own); the idle ones wait in turn.
  const idle = [...buyers];
  return async (i: number) => {
    const b = idle.shift();
    if (!b) throw new Error('no idle buyer (the pool is smaller than the concurrency)');
    try {
      const product = products[i % products.length]!;
      await b.client.call(routes.setCartLine, { params: { product_id: product.id }, body: { quantity: 1 } });
      const placed = await b.client.call(routes.checkout, {
        body: {
          delivery: { kind: 'pickup', station_id: shop.station_id, date: shop.pickup_date },
          expected_total_fen: product.price_fen,
        },
        idempotencyKey: key(),
      });
      const result = await b.client.call(routes.payCheckout, {
        params: { checkout_id: placed.checkout_id },
        body: { method: 'wallet' },
        idempotencyKey: key(),
      });
      if (!result.orders.every((o) => o.status === 'paid')) throw new Error('an order of a paid checkout is not paid');
      paid.count += result.orders.length;
    } finally {
      idle.push(b);
    }
  };
}

interface FlashResult {
  offer: Offer;
  requests: number;
  /** Checkout outcome: `ok` or `status code`. */
  outcomes: Map<string, number>;
  payment_outcomes: Map<string, number>;
  checkout_all_ms: number[];
  checkout_ok_ms: number[];
  pay_ms: number[];
  /** From the first request sent to the last checkout answered. */
  checkout_seconds: number;
  /** From the first request sent to the last payment answered. */
  wall_seconds: number;
  paid_by_api: number;
  /** Requests sent again after the connection failed. */
  resent: number;
  cpu_ms: number;
}

/** Attempts of one rush request: a phone that got no answer sends it again with the same Idempotency-Key. */
const RUSH_ATTEMPTS = 5;

/**
 * Every prepared buyer checks out at once; each successful checkout is paid straight away, as a person would. A
 * request that got no answer at all (the connection failed) is sent again with the same key, as the mini-program does.
 */
async function rush(shop: Shop, buyers: Buyer[], offer_id: string): Promise<FlashResult> {
  const outcomes = new Map<string, number>();
  const payment_outcomes = new Map<string, number>();
  const checkout_all_ms: number[] = [];
  const checkout_ok_ms: number[] = [];
  const pay_ms: number[] = [];
  let last_checkout_ns = 0n;
  let paid_by_api = 0;
  let resent = 0;
  const withResend = async <T>(call: () => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (err) {
        if (!(err instanceof ApiError && err.code === 'network_error') || attempt >= RUSH_ATTEMPTS) throw err;
        resent++;
      }
    }
  };
  const cpu_start = process.cpuUsage();
  const start_ns = process.hrtime.bigint();
  await Promise.all(
    buyers.map(async (b) => {
      const sent_ns = process.hrtime.bigint();
      let checkout_id: string;
      try {
        const idempotencyKey = key();
        const placed = await withResend(() =>
          b.client.call(routes.checkout, {
            body: { delivery: { kind: 'pickup', station_id: shop.station_id, date: shop.pickup_date } },
            idempotencyKey,
          }),
        );
        const ms = elapsedMs(sent_ns);
        checkout_all_ms.push(ms);
        checkout_ok_ms.push(ms);
        count(outcomes, 'ok');
        checkout_id = placed.checkout_id;
      } catch (err) {
        checkout_all_ms.push(elapsedMs(sent_ns));
        count(outcomes, describeError(err));
        return;
      } finally {
        const now = process.hrtime.bigint();
        if (now > last_checkout_ns) last_checkout_ns = now;
      }
      const pay_ns = process.hrtime.bigint();
      try {
        const idempotencyKey = key();
        const paid = await withResend(() =>
          b.client.call(routes.payCheckout, { params: { checkout_id }, body: { method: 'wallet' }, idempotencyKey }),
        );
        pay_ms.push(elapsedMs(pay_ns));
        paid_by_api += paid.orders.filter((o) => o.status === 'paid').length;
        count(payment_outcomes, 'ok');
      } catch (err) {
        count(payment_outcomes, describeError(err));
      }
    }),
  );
  const wall_seconds = elapsedMs(start_ns) / 1000;
  const cpu = process.cpuUsage(cpu_start);
  const sort = (a: number[]) => a.sort((x, y) => x - y);
  return {
    offer: await shop.anonymous.call(routes.getOffer, { params: { offer_id } }),
    requests: buyers.length,
    outcomes,
    payment_outcomes,
    checkout_all_ms: sort(checkout_all_ms),
    checkout_ok_ms: sort(checkout_ok_ms),
    pay_ms: sort(pay_ms),
    checkout_seconds: Number(last_checkout_ns - start_ns) / 1e9,
    wall_seconds,
    paid_by_api,
    resent,
    cpu_ms: (cpu.user + cpu.system) / 1000,
  };
}

interface FlashAudit {
  paid_orders: number;
  orders_by_status: Map<string, number>;
  /** Units under the offer in orders that are not cancelled. */
  units_sold: number;
  oversold: number;
  quantity_left: number;
  buyers_over_limit: number;
  stock_before: number;
  stock_after: number;
  violations: string[];
}

/** What the database says after the rush, checked against the offer's promises. */
async function auditFlash(shop: Shop, offer_id: string, product_id: string, stock_before: number, units: number): Promise<FlashAudit> {
  const db = shop.api.conn;
  const orders = await db
    .collection('orders')
    .find({ 'lines.offer_id': offer_id })
    .project<{ buyer_id: string; status: string; lines: { offer_id: string | null; quantity: number }[] }>({
      buyer_id: 1,
      status: 1,
      lines: 1,
    })
    .toArray();
  const orders_by_status = new Map<string, number>();
  const per_buyer = new Map<string, number>();
  let units_sold = 0;
  for (const o of orders) {
    count(orders_by_status, o.status);
    if (o.status === 'cancelled') continue;
    const q = o.lines.filter((l) => l.offer_id === offer_id).reduce((sum, l) => sum + l.quantity, 0);
    units_sold += q;
    per_buyer.set(o.buyer_id, (per_buyer.get(o.buyer_id) ?? 0) + q);
  }
  const paid_orders = orders_by_status.get('paid') ?? 0;
  const offer = await db.collection('offers').findOne<{ quantity_left: number; quantity_total: number }>({ _id: offer_id as never });
  const product = await db.collection('products').findOne<{ stock: number }>({ _id: product_id as never });
  const quantity_left = offer?.quantity_left ?? NaN;
  const stock_after = product?.stock ?? NaN;
  const oversold = Math.max(0, units_sold - units) + Math.max(0, -quantity_left);
  const buyers_over_limit = [...per_buyer.values()].filter((q) => q > 1).length;
  const violations: string[] = [];
  if (paid_orders !== units) violations.push(`paid orders ${paid_orders} ≠ ${units} units on offer`);
  if (oversold !== 0) violations.push(`oversold ${oversold} unit(s): sold ${units_sold} of ${units}, offer left ${quantity_left}`);
  if (units_sold + quantity_left !== units) violations.push(`offer left ${quantity_left} + sold ${units_sold} ≠ ${units}`);
  if (buyers_over_limit) violations.push(`${buyers_over_limit} buyer(s) above the per-person limit of 1`);
  if (!(stock_after >= 0)) violations.push(`product stock is ${stock_after}`);
  if (stock_after !== stock_before - units_sold) violations.push(`product stock ${stock_after} ≠ ${stock_before} − ${units_sold} sold`);
  return {
    paid_orders,
    orders_by_status,
    units_sold,
    oversold,
    quantity_left,
    buyers_over_limit,
    stock_before,
    stock_after,
    violations,
  };
}

// ---- output ----

const fixed = (n: number, digits: number): string => (Number.isFinite(n) ? n.toFixed(digits) : '—');

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  // First column left-aligned (names), the rest right-aligned (numbers).
  const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const codes = (m: Map<string, number>): string =>
  [...m.entries()]
    .sort(([, a], [, b]) => b - a)
    .map(([k, n]) => `${k} ×${n}`)
    .join(', ');

/** A scenario with the bare Koa run measured right before it. */
interface Measured {
  run: Run;
  baseline: Run;
}

function resultsTable(rows: Measured[]): string {
  return table(
    [
      'scenario',
      'ops',
      'err',
      's',
      'ops/s',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'max ms',
      'cpu ms/op',
      '| koa req/s',
      'koa p50',
      'koa p95',
      'koa p99',
      '| ops/s ÷ koa',
      'p99 × koa',
    ],
    rows.map(({ run: r, baseline: b }) => [
      r.label + (r.cut ? ' (cut at time limit)' : ''),
      String(r.ops),
      String(r.errors),
      fixed(r.seconds, 1),
      fixed(opsPerSecond(r), 1),
      fixed(percentile(r.latencies_ms, 50), 1),
      fixed(percentile(r.latencies_ms, 95), 1),
      fixed(percentile(r.latencies_ms, 99), 1),
      fixed(percentile(r.latencies_ms, 100), 1),
      fixed(r.cpu_ms_per_op, 2),
      `| ${fixed(opsPerSecond(b), 0)}`,
      fixed(percentile(b.latencies_ms, 50), 2),
      fixed(percentile(b.latencies_ms, 95), 2),
      fixed(percentile(b.latencies_ms, 99), 2),
      `| ${fixed(opsPerSecond(r) / opsPerSecond(b), 4)}`,
      fixed(percentile(r.latencies_ms, 99) / percentile(b.latencies_ms, 99), 0),
    ]),
  );
}

function machineFacts(load_at_start: number[]): string[] {
  const cpus = os.cpus();
  const load = (l: number[]) => l.map((x) => fixed(x, 2)).join(' ');
  return [
    `machine:  ${cpus.length} cores (${cpus[0]?.model.trim() ?? '?'}), ${fixed(os.totalmem() / 2 ** 30, 1)} GiB, ` +
      `load average ${load(load_at_start)} at the start, ${load(os.loadavg())} at the end`,
    `node:     ${process.version} on ${os.platform()} ${os.release()}; client, API and simulators share this one process`,
  ];
}

// ---- main ----

async function main(): Promise<number> {
  const opts = readOptions();
  const started_ns = process.hrtime.bigint();
  const load_at_start = os.loadavg();
  // Measured runs stop at the soft deadline; this catches anything that hangs (start-up, a stuck server).
  setTimeout(
    () => {
      console.error(`time limit: still running ${opts.max_seconds + 120} s after the start, stopping`);
      void cleanUp().finally(() => process.exit(2));
    },
    (opts.max_seconds + 120) * 1000,
  ).unref();
  const deadline_ns = started_ns + BigInt(opts.max_seconds) * 1_000_000_000n;
  const run_id = randomBytes(4).toString('hex');
  const db_name = `bench_${run_id}`;
  const key_prefix = `bench_${run_id}:`;
  const since = () => `${fixed(elapsedMs(started_ns) / 1000, 0)} s`;

  console.error(`commerce benchmark ${run_id}: starting services…`);
  const mongo = await provision(process.env.MONGODB_URI, () => startMongo(), 'embedded database');
  const cache = await provision(process.env.REDIS_URL, () => startRedis(), 'redis');
  stopIfInterrupted();
  const koa_url = await startBareKoa();
  const { api, sim, cardGateway } = await startStack(withDatabase(mongo.url, db_name), cache.url, key_prefix, run_id);
  stopIfInterrupted();

  console.error(`  seeding the demo data… (${since()})`);
  const seed = await seedDemo({ identity: api.identity, wallet: api.wallet, catalog: api.catalog });
  const anonymous = createClient({ baseUrl: api.url, transport });
  const operator = (await login({ api, sim, anonymous }, 'demo-operator-1')).client;
  const store = (await login({ api, sim, anonymous }, 'demo-store-1')).client;
  const stations = await anonymous.call(routes.listStations, { params: { community_id: seed.communities.wenxin }, query: {} });
  const station = stations.items.find((s) => s.kind === 'pickup') ?? stations.items[0];
  if (!station) throw new Error('益乐社区 has no station in the demo data');
  const shop: Shop = {
    api,
    sim,
    cardGateway,
    anonymous,
    run_id,
    community_id: seed.communities.wenxin,
    operator,
    store,
    station_id: station.id,
    pickup_date: shanghaiDate(new Date(Date.now() + 24 * 3600 * 1000)),
  };

  // Stock for every checkout of the run (so none is refused for lack of it), and the flash product's stock.
  const checkout_total = opts.checkout_warmup + opts.checkout_ops;
  const products = await Promise.all(CHECKOUT_SKUS.map((sku) => productBySku(shop, sku)));
  for (const p of products) await setStock(shop, p, p.stock + Math.ceil(checkout_total / products.length) + 10);
  const max_price = Math.max(...products.map((p) => p.price_fen));
  if (max_price > PIN_FREE_LIMIT_FEN) throw new Error('a checkout product costs more than the PIN-free limit');
  // Enough buyers that nobody reaches the daily cap: each takes every pool-th operation.
  const pool = Math.max(opts.concurrency * 2, Math.ceil((checkout_total * max_price) / (DAILY_CAP_FEN * 0.8)));
  const per_buyer_fen = Math.min(DAILY_CAP_FEN, (Math.ceil(checkout_total / pool) + 1) * max_price);

  console.error(`  preparing ${pool} buyers for checkout-and-pay (login, community, card, cash top-up)… (${since()})`);
  const checkout_buyers = await prepare('checkout buyers', pool, opts.prep_concurrency, (i) => newBuyer(shop, 'co', i, per_buyer_fen));
  stopIfInterrupted();

  const rows: Measured[] = [];
  const baselines: Run[] = [];
  const measure = async (label: string, warm: () => Promise<unknown>, run: () => Promise<Run>) => {
    stopIfInterrupted();
    console.error(`  warm-up: ${label}… (${since()})`);
    await warm();
    stopIfInterrupted();
    console.error(`  bare Koa route, then ${label}… (${since()})`);
    const baseline = await baselineRun(koa_url, `bare Koa GET (before ${label})`, opts, deadline_ns);
    baselines.push(baseline);
    const measured = await run();
    rows.push({ run: measured, baseline });
    return measured;
  };

  // The baseline's own warm-up (JIT, keep-alive sockets), not measured.
  await baselineRun(koa_url, 'warm-up', { ...opts, ops: opts.warmup }, deadline_ns);

  const catalog = catalogOp(shop, opts);
  const catalog_label = `catalog list (sort ${opts.sort}, limit 20)`;
  await measure(
    catalog_label,
    () => runConcurrent('warm-up', opts.warmup, opts.concurrency, deadline_ns, catalog),
    () => runConcurrent(catalog_label, opts.ops, opts.concurrency, deadline_ns, catalog),
  );
  // One page, for the notes: its size and what the typed client's validation of it costs (in the rows above).
  const page_json = JSON.stringify(
    await anonymous.call(routes.searchProducts, { query: { community_id: shop.community_id, sort: opts.sort, limit: 20 } }),
  );
  const parse_start_ns = process.hrtime.bigint();
  for (let i = 0; i < 200; i++) routes.searchProducts.response.parse(JSON.parse(page_json));
  const page_parse_ms = elapsedMs(parse_start_ns) / 200;

  const paid = { count: 0 };
  const checkout = checkoutOp(shop, checkout_buyers, products, paid);
  const checkout_label = 'checkout-and-pay (cart line, pickup, wallet)';
  await measure(
    checkout_label,
    () => runConcurrent('warm-up', opts.checkout_warmup, opts.concurrency, deadline_ns, checkout),
    () => runConcurrent(checkout_label, opts.checkout_ops, opts.concurrency, deadline_ns, checkout),
  );
  const checkout_orders_paid = await api.conn
    .collection('orders')
    .countDocuments({ 'lines.product_id': { $in: products.map((p) => p.id) }, status: 'paid' });

  // ---- flash sale ----
  stopIfInterrupted();
  const flash_product = await productBySku(shop, FLASH_SKU);
  // Enough stock that the offer, not the stock, is what runs out.
  const flash_stock = Math.max(opts.buyers, opts.units * 2);
  await setStock(shop, flash_product, flash_stock);
  const now = Date.now();
  const offer = await store.call(routes.createOffer, {
    params: { product_id: flash_product.id },
    body: {
      kind: 'flash_sale',
      title: '径山大米限时抢购',
      price_fen: FLASH_PRICE_FEN,
      quantity_total: opts.units,
      per_user_limit: 1,
      starts_at: new Date(now - 1000).toISOString(),
      ends_at: new Date(now + 3 * 3600 * 1000).toISOString(),
    },
  });
  console.error(`  preparing ${opts.buyers} flash-sale buyers (login, community, card, cash top-up, offer in the cart)… (${since()})`);
  const flash_buyers = await prepare('flash-sale buyers', opts.buyers, opts.prep_concurrency, async (i) => {
    const b = await newBuyer(shop, 'flash', i, FLASH_PRICE_FEN * 2);
    const cart = await timed('cart', () =>
      b.client.call(routes.setCartLine, { params: { product_id: flash_product.id }, body: { quantity: 1, offer_id: offer.id } }),
    );
    if (cart.total_fen !== FLASH_PRICE_FEN) throw new Error(`cart at ${cart.total_fen} fen, not the offer price`);
    return b;
  });
  stopIfInterrupted();
  console.error(`  bare Koa route, then the flash sale: ${opts.buyers} checkouts at once for ${opts.units} units… (${since()})`);
  const flash_baseline = await baselineRun(koa_url, 'bare Koa GET (before the flash sale)', opts, deadline_ns);
  baselines.push(flash_baseline);
  const flash = await rush(shop, flash_buyers, offer.id);
  const audit = await auditFlash(shop, offer.id, flash_product.id, flash_stock, opts.units);
  const flash_run: Run = {
    label: `flash-sale checkout (${opts.buyers} at once)`,
    ops: flash.requests,
    errors: 0,
    error_codes: new Map(),
    seconds: flash.checkout_seconds,
    latencies_ms: flash.checkout_all_ms,
    cpu_ms_per_op: flash.cpu_ms / flash.requests,
    cut: false,
  };
  rows.push({ run: flash_run, baseline: flash_baseline });

  console.error(`  bare Koa route again, at the end… (${since()})`);
  baselines.push(await baselineRun(koa_url, 'bare Koa GET (at the end)', opts, deadline_ns));
  const ledger = await api.wallet.check();

  // ---- report ----
  const out = (line = '') => console.log(line);
  out(
    `\ncommerce benchmark ${run_id}: concurrency ${opts.concurrency}; ${opts.ops} catalog requests after ${opts.warmup} warm-up; ` +
      `${opts.checkout_ops} checkout-and-pay operations after ${opts.checkout_warmup} warm-up; flash sale ${opts.units} units, ${opts.buyers} buyers\n`,
  );
  out(resultsTable(rows));
  out();
  out(
    table(
      ['bare Koa GET (baseline runs)', 'req', 's', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'cpu ms/req'],
      baselines.map((b) => [
        b.label,
        String(b.ops),
        fixed(b.seconds, 1),
        fixed(opsPerSecond(b), 0),
        fixed(percentile(b.latencies_ms, 50), 2),
        fixed(percentile(b.latencies_ms, 95), 2),
        fixed(percentile(b.latencies_ms, 99), 2),
        fixed(percentile(b.latencies_ms, 100), 2),
        fixed(b.cpu_ms_per_op, 3),
      ]),
    ),
  );
  out();
  out('koa columns: the bare Koa route measured right before the row (same process, same fetch, same concurrency).');
  out('ops/s ÷ koa: throughput relative to it; p99 × koa: how many times its p99. An op of checkout-and-pay is 3 requests.');
  out(`cpu ms/op: CPU of this process per op (client, API and simulators; the database and Redis run in their own).`);
  out(
    `Catalog page: ${fixed(page_json.length / 1024, 1)} KiB of JSON; the typed client's validation of it costs ` +
      `${fixed(page_parse_ms, 2)} ms of the same CPU (included above).`,
  );
  out(`Checkout-and-pay: ${paid.count} orders paid through the API, ${checkout_orders_paid} paid orders in the database.`);
  for (const { run } of rows) if (run.errors) out(`errors in ${run.label}: ${codes(run.error_codes)}`);
  if (networkCauses.size) {
    out(`Failed connections (fetch), by cause: ${codes(networkCauses)}.`);
    if (networkCauses.has('ECONNRESET')) {
      out("  ECONNRESET: the API listens with Node's default backlog (511); more new connections at once than that are reset");
      out('  while the process is busy. In the flash sale each such request is sent again with the same Idempotency-Key.');
    }
  }

  const unexpected = [...flash.outcomes.entries()].filter(([k]) => k !== 'ok' && !EXPECTED_REFUSALS.has(k));
  const failed_payments = [...flash.payment_outcomes.entries()].filter(([k]) => k !== 'ok');
  out(`\nflash sale: ${opts.units} units (one per person) at ¥${fixed(FLASH_PRICE_FEN / 100, 2)}, ${opts.buyers} buyers at once`);
  out(`  paid orders:        ${audit.paid_orders} (must be ${opts.units})${audit.paid_orders === opts.units ? '' : '  VIOLATED'}`);
  out(`  oversold units:     ${audit.oversold} (must be 0)${audit.oversold === 0 ? '' : '  VIOLATED'}`);
  out(
    `  stock:              ${audit.stock_before} → ${audit.stock_after} (sold ${audit.units_sold}; never below 0), ` +
      `offer left ${audit.quantity_left}, API says ${flash.offer.state} with ${flash.offer.quantity_left} left`,
  );
  out(`  checkout outcomes:  ${codes(flash.outcomes)}`);
  if (flash.outcomes.has('409 offer_ended'))
    out('                      (offer_ended: refused after the last unit went; the offer itself runs on)');
  if (flash.resent) {
    out(`                      ${flash.resent} request(s) sent again with the same key after the connection failed`);
  }
  out(`  payments:           ${codes(flash.payment_outcomes) || 'none'} (${flash.paid_by_api} orders paid per the API)`);
  out(`  orders by status:   ${codes(audit.orders_by_status) || 'none'}`);
  out(
    `  checkout requests:  p50 ${fixed(percentile(flash.checkout_all_ms, 50), 0)} ms, p95 ${fixed(percentile(flash.checkout_all_ms, 95), 0)} ms, ` +
      `p99 ${fixed(percentile(flash.checkout_all_ms, 99), 0)} ms, max ${fixed(percentile(flash.checkout_all_ms, 100), 0)} ms ` +
      `(successful ones: p50 ${fixed(percentile(flash.checkout_ok_ms, 50), 0)}, p99 ${fixed(percentile(flash.checkout_ok_ms, 99), 0)} ms)`,
  );
  out(
    `  payments:           p50 ${fixed(percentile(flash.pay_ms, 50), 0)} ms, p99 ${fixed(percentile(flash.pay_ms, 99), 0)} ms ` +
      `(each sent as soon as its checkout succeeded)`,
  );
  out(
    `  wall time:          ${fixed(flash.checkout_seconds, 2)} s until the last checkout answered, ${fixed(flash.wall_seconds, 2)} s ` +
      `until the last payment; bare Koa right before: ${fixed(opsPerSecond(flash_baseline), 0)} req/s, ` +
      `p99 ${fixed(percentile(flash_baseline.latencies_ms, 99), 2)} ms`,
  );
  for (const v of audit.violations) out(`  VIOLATION ${v}`);
  if (unexpected.length) out(`  UNEXPECTED checkout outcomes: ${unexpected.map(([k, n]) => `${k} ×${n}`).join(', ')}`);
  if (failed_payments.length) out(`  FAILED payments: ${failed_payments.map(([k, n]) => `${k} ×${n}`).join(', ')}`);

  out(
    `\nledger check: ${ledger.ok ? 'ok' : 'VIOLATED'} — accounts ${ledger.accounts}, posted transfers ${ledger.posted_transfers}, ` +
      `in flight ${ledger.in_flight_transfers}, sum ${ledger.sum_fen} fen`,
  );
  for (const v of ledger.violations.slice(0, 20)) out(`  VIOLATION ${v}`);

  out();
  for (const line of machineFacts(load_at_start)) out(line);
  const redis_version = /redis_version:(\S+)/.exec(await api.redis.info('server'))?.[1] ?? '?';
  out(`database: ${mongo.embedded ? 'embedded mongo-java-server 1.47, memory backend, loopback' : printable(mongo.url)}`);
  out(`redis:    ${cache.embedded ? 'embedded redis-server, loopback' : printable(cache.url)} (version ${redis_version})`);
  out(`total:    ${fixed(elapsedMs(started_ns) / 1000, 1)} s`);

  const failed_ops = rows.reduce((n, r) => n + r.run.errors, 0) + baselines.reduce((n, b) => n + b.errors, 0);
  const checkout_mismatch = checkout_orders_paid !== paid.count;
  if (checkout_mismatch) out(`VIOLATION checkout-and-pay: ${paid.count} paid through the API, ${checkout_orders_paid} in the database`);
  const cut = rows.some((r) => r.run.cut);
  if (cut) out('some runs were cut at the time limit (--max-seconds): their figures cover fewer operations');
  const ok =
    ledger.ok &&
    audit.violations.length === 0 &&
    unexpected.length === 0 &&
    failed_payments.length === 0 &&
    failed_ops === 0 &&
    !checkout_mismatch;
  return ok ? 0 : 1;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (err) {
  if (err instanceof Interrupted) exitCode = 130;
  else console.error(err);
} finally {
  await cleanUp();
}
process.exit(exitCode);
