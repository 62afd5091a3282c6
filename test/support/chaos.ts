/**
 * The crash loop (issue 10 C), shared by test/api/chaos.test.ts (short) and `pnpm chaos` (long): the API runs as its
 * own process; each round the buyers of chaos-workload.ts shop while the process is killed with SIGKILL at a random
 * moment and started again on the same database and Redis; clients retry what was not answered with the same key.
 * After each round, once recovery has run (polled with a deadline), the books check (with the ledger's invariants)
 * must be clean and nothing acknowledged may be lost: a checkout answered paid stays paid, an accepted refund ends
 * refunded. Needs MONGODB_URI and REDIS_URL (the test runner's, or the ones `pnpm chaos` starts).
 */
import { booksCheckOn, connectDatabase, DEMO_WALLETS, seedDemo } from '@cc/api';
import { routes } from '@cc/shared';
import { startStack, type Stack } from './stack';
import { chaosApi, type ChaosApi } from './chaos-api';
import { newTally, runBuyers, type Shop, type Tally } from './chaos-workload';

export interface ChaosReport {
  rounds: number;
  kills: number;
  restart_ms: number[];
  /** How long each round waited for recovery before its checks passed (or gave up). */
  settle_ms: number[];
  outcomes: Map<string, number>;
  acked_paid: number;
  acked_refunds: number;
  /** Acknowledged to a client, then not so (each named once). */
  lost: string[];
  /** Books and ledger violations still there at a round's deadline (each named once). */
  violations: string[];
}

/** Fast recovery so a round settles in seconds: command leases, ledger recovery and its sweep. */
const FAST_RECOVERY = {
  COMMAND_LEASE_MS: '1000',
  LEDGER_RECOVERY_AGE_MS: '500',
  LEDGER_RECOVERY_EVERY_MS: '250',
  LEDGER_LOCK_TTL_MS: '2000',
  WALLET_DAILY_CAP_FEN: '100000000',
  WALLET_PIN_FREE_LIMIT_FEN: '100000000',
};
const SETTLE_DEADLINE_MS = 60_000;
/** The most one cash top-up may be; a wallet gets enough of them for about 5 000 fen of shopping a round. */
const TOPUP_FEN = 200_000;
const PAID = new Set(['paid', 'preparing', 'ready', 'out_for_delivery', 'delivered', 'completed', 'refunding', 'refunded']);

type Conn = Awaited<ReturnType<typeof connectDatabase>>;

/** Seeds the demo data with money in two wallets and plenty of soy sauce, and logs the people in. */
async function openShop(stack: Stack, url: string, rounds: number): Promise<Shop> {
  const seed = await seedDemo({ identity: stack.api.identity, wallet: stack.api.wallet, catalog: stack.api.catalog });
  const operator = (await stack.login('demo-operator-1')).client;
  const community_id = seed.communities.wenxin;
  const products = stack.api.conn.collection('products');
  await products.updateOne({ sku: 'YL-SEA-01' }, { $set: { stock: 10_000_000 } });
  const soy = await products.findOne({ sku: 'YL-SEA-01' });
  const buyers: Shop['buyers'] = [];
  for (const w of DEMO_WALLETS.filter((d) => d.openid.startsWith('demo-resident'))) {
    const body = { card_number: w.card_number, amount_fen: TOPUP_FEN };
    for (let i = 0; i < Math.ceil((rounds * 5000) / TOPUP_FEN); i++)
      await operator.call(routes.cashTopup, { params: { community_id }, body, idempotencyKey: `fund-${w.openid}-${i}` });
    buyers.push({ name: w.openid, client: (await stack.login(w.openid)).client, pin: w.pin });
  }
  for (const openid of ['demo-buyer-1', 'demo-courier-1'])
    buyers.push({ name: openid, client: (await stack.login(openid)).client, pin: null });
  const stations = await stack.client.call(routes.listStations, { params: { community_id }, query: {} });
  const store = (await stack.login('demo-store-1')).client;
  return { url, store, pay: stack.pay, product_id: String(soy!._id), station_id: stations.items[0]!.id, buyers };
}

/** What of the acknowledged is not so now: paid checkouts whose orders are not paid, accepted refunds not refunded. */
async function lostOf(conn: Conn, tally: Tally, from: { paid: number; refunds: number }): Promise<string[]> {
  const paid = tally.acked.paid.slice(from.paid);
  const refunds = tally.acked.refunds.slice(from.refunds);
  const ids = [...paid.flatMap((p) => p.order_ids), ...refunds];
  const status = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const found = await conn
      .collection<{ _id: string; status: string }>('orders')
      .find({ _id: { $in: ids.slice(i, i + 500) } }, { projection: { status: 1 } })
      .toArray();
    for (const o of found) status.set(o._id, o.status);
  }
  const lost: string[] = [];
  for (const p of paid)
    for (const id of p.order_ids)
      if (!PAID.has(status.get(id) ?? '')) lost.push(`order ${id} of checkout ${p.checkout_id} was answered paid, is ${status.get(id)}`);
  for (const id of refunds) if (status.get(id) !== 'refunded') lost.push(`order ${id}: refund accepted, is ${status.get(id)}`);
  return lost;
}

/**
 * Waits until the books are clean and nothing acknowledged is lost — or, past the deadline, returns what is still
 * wrong. Problems already reported in an earlier round do not hold a round up again.
 */
async function settle(conn: Conn, tally: Tally, report: ChaosReport, everything: boolean, roundFrom: { paid: number; refunds: number }) {
  const began = Date.now();
  const check = booksCheckOn(conn);
  const known = new Set([...report.violations, ...report.lost]);
  for (;;) {
    const books = await check();
    const lost = await lostOf(conn, tally, everything ? { paid: 0, refunds: 0 } : roundFrom);
    const fresh = [...books.violations, ...lost].filter((v) => !known.has(v));
    const late = Date.now() - began > SETTLE_DEADLINE_MS;
    if (fresh.length === 0 || late) {
      report.violations.push(...books.violations.filter((v) => !known.has(v)));
      report.lost.push(...lost.filter((v) => !known.has(v)));
      report.settle_ms.push(Date.now() - began);
      return;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** One round: shopping, a SIGKILL at a random moment, a restart, the clients finishing, then the checks. */
async function round(api: ChaosApi, shop: Shop, conn: Conn, tally: Tally, report: ChaosReport, n: number) {
  const from = { paid: tally.acked.paid.length, refunds: tally.acked.refunds.length };
  const buyers = runBuyers(tally, shop);
  await new Promise((r) => setTimeout(r, 150 + Math.random() * 1500));
  await api.kill();
  report.kills++;
  report.restart_ms.push(await api.start());
  await buyers.stop();
  // Every tenth round (and the last) looks again at everything acknowledged so far, not only this round's.
  await settle(conn, tally, report, n % 10 === 0 || n === report.rounds, from);
}

export async function runChaos(opts: { rounds: number; onRound?: (n: number, report: ChaosReport) => void }): Promise<ChaosReport> {
  const stack = await startStack(FAST_RECOVERY);
  const env = stack.env();
  const tally = newTally();
  const report: ChaosReport = {
    rounds: opts.rounds,
    kills: 0,
    restart_ms: [],
    settle_ms: [],
    outcomes: tally.outcomes,
    acked_paid: 0,
    acked_refunds: 0,
    lost: [],
    violations: [],
  };
  const api = chaosApi(env);
  let conn: Conn | null = null;
  try {
    const shop = await openShop(stack, stack.apiUrl, opts.rounds);
    // The in-process API made the data; from here on the API is the separate process, on the same port.
    await stack.api.close();
    await api.start();
    if (process.env.CHAOS_KEEP_DATABASE) console.error(`chaos database: ${env.MONGODB_URI}`);
    conn = await connectDatabase(env.MONGODB_URI as string);
    for (let n = 1; n <= opts.rounds; n++) {
      await round(api, shop, conn, tally, report, n);
      opts.onRound?.(n, report);
    }
  } finally {
    await api.stop();
    // The stack's own connection closed with the in-process API: the database is dropped through this one.
    if (!process.env.CHAOS_KEEP_DATABASE) await conn?.dropDatabase().catch(() => undefined);
    await conn?.close();
    await stack.stop();
  }
  report.acked_paid = tally.acked.paid.length;
  report.acked_refunds = tally.acked.refunds.length;
  return report;
}
