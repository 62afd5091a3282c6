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
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { seedDemo, type RunningApi } from '@cc/api';
import { createClient, routes, shanghaiDate } from '@cc/shared';
import { startMongo, startRedis } from '../services';
import {
  cleanUp,
  elapsedMs,
  fixed,
  runBench,
  opsPerSecond,
  percentile,
  printable,
  provision,
  stopIfInterrupted,
  stopOnSignals,
  table,
  withDatabase,
} from './harness';
import { DAILY_CAP_FEN, PIN_FREE_LIMIT_FEN, startBareKoa, startStack } from './commerce-stack';
import { CHECKOUT_SKUS, EXPECTED_REFUSALS, FLASH_PRICE_FEN, FLASH_SKU, readOptions, type Options } from './commerce-options';
import { runConcurrent, type Run } from './commerce-run';
import { login, networkCauses, newBuyer, prepare, productBySku, setStock, timed, transport, type Shop } from './commerce-shop';
import { auditFlash, baselineRun, catalogOp, checkoutOp, rush } from './commerce-scenarios';
import { codes, machineFacts, resultsTable, type Measured } from './commerce-report';

// Ctrl+C or SIGTERM lets the requests in flight finish, then cleans up.
stopOnSignals('requests');

// ---- main ----

/** One run of the benchmark: its options and clock, the services, the shop, and the rows measured so far. */
interface Bench {
  opts: Options;
  started_ns: bigint;
  deadline_ns: bigint;
  run_id: string;
  since: () => string;
  mongo: { url: string; embedded: boolean };
  cache: { url: string; embedded: boolean };
  koa_url: string;
  api: RunningApi;
  shop: Shop;
  rows: Measured[];
  baselines: Run[];
}

/** The services, the API on the demo data, and the shop's people (operator, store) and pickup station. */
async function setUp(opts: Options, started_ns: bigint): Promise<Bench> {
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
  return { opts, started_ns, deadline_ns, run_id, since, mongo, cache, koa_url, api, shop, rows: [], baselines: [] };
}

/** The catalog list and checkout-and-pay, each after a warm-up and a bare Koa run measured right before it. */
async function measureRequests(b: Bench) {
  const { opts, deadline_ns, since, koa_url, api, shop, rows, baselines } = b;
  const { anonymous } = shop;
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
  return { page_json, page_parse_ms, paid, checkout_orders_paid };
}
type Requests = Awaited<ReturnType<typeof measureRequests>>;

/** The flash sale: an offer, buyers prepared with it in the cart, every checkout at once, and the audit. */
async function flashSale(b: Bench) {
  const { opts, deadline_ns, since, koa_url, shop, rows, baselines } = b;
  const { store } = shop;
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
  return { flash, audit, flash_baseline };
}
type Flash = Awaited<ReturnType<typeof flashSale>>;

const out = (line = '') => console.log(line);

/** The measured rows, the baseline runs, and the notes to read them by. */
function reportRequests(b: Bench, r: Requests): void {
  const { opts, run_id, rows, baselines } = b;
  const { page_json, page_parse_ms, paid, checkout_orders_paid } = r;
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
}

/** The flash sale's outcome; returns what went wrong that must fail the run. */
function reportFlash(b: Bench, f: Flash): { unexpected: [string, number][]; failed_payments: [string, number][] } {
  const { opts } = b;
  const { flash, audit, flash_baseline } = f;
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
  return { unexpected, failed_payments };
}

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
  const b = await setUp(opts, started_ns);
  const requests = await measureRequests(b);
  const flash = await flashSale(b);
  const { since, koa_url, deadline_ns, api, rows, baselines, mongo, cache } = b;
  console.error(`  bare Koa route again, at the end… (${since()})`);
  baselines.push(await baselineRun(koa_url, 'bare Koa GET (at the end)', opts, deadline_ns));
  const ledger = await api.wallet.check();

  // ---- report ----
  reportRequests(b, requests);
  const { unexpected, failed_payments } = reportFlash(b, flash);
  const { audit } = flash;
  const { paid, checkout_orders_paid } = requests;
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

await runBench(main);
