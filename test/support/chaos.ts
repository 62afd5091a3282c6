/**
 * The crash loop (issue 10 C), shared by test/api/chaos.test.ts and tools/chaos.ts: the API runs as a child process
 * (packages/api/src/server.ts) on the test stack's database and Redis; a mixed workload — checkout, wallet payment,
 * WeChat Pay payment by notify, refund request and acceptance — runs while the process is SIGKILLed at a random moment
 * and started again. Clients retry every request that was not acknowledged with the same Idempotency-Key (what the
 * kernel is for). After each round: every acknowledged payment is still paid, every acknowledged refund ends refunded,
 * and the books check and the ledger check are clean.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { Connection } from 'mongoose';
import { booksCheckOn, connectDatabase, DEMO_WALLETS } from '@cc/api';
import { createClient, fetchTransport, routes, type ApiClient } from '@cc/shared';
import { freePort, repoRoot } from '@cc/tools/services';
import { until } from './outcome';
import { withDatabase, type Stack } from './stack';

export interface ChaosFigures {
  rounds: number;
  kills: number;
  acknowledged: number;
  retried: number;
  lost: number;
  /** What each loss was (kind and id), so a long run can say which story to look at. */
  lost_stories: string[];
  violations: string[];
  restart_ms: number[];
  /** Requests the API refused for good (status and code → count): a business answer, not a loss. */
  refusals: Record<string, number>;
}

/** Figures of a crash loop before its first round. */
export const newFigures = (): ChaosFigures => ({
  rounds: 0,
  kills: 0,
  acknowledged: 0,
  retried: 0,
  lost: 0,
  lost_stories: [],
  violations: [],
  restart_ms: [],
  refusals: {},
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `call` until the API acknowledges it (2xx) or refuses it for good (4xx other than 409 in progress / 429). */
async function acknowledged<T>(call: () => Promise<T>, deadline_ms: number): Promise<{ value: T | null; tries: number; refusal?: string }> {
  for (let tries = 1; ; tries++) {
    try {
      return { value: await call(), tries };
    } catch (err) {
      const status = (err as { status?: number }).status;
      const code = (err as { code?: string }).code ?? '';
      const retryable = !status || status >= 500 || status === 429 || code.endsWith('in_progress');
      if (!retryable) return { value: null, tries, refusal: `${status} ${code}` };
      if (Date.now() > deadline_ms) throw err;
      await sleep(100);
    }
  }
}

export class ChaosApi {
  child: ChildProcess | null = null;
  readonly url: string;
  private constructor(
    private readonly env: Record<string, string>,
    port: number,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  static async create(stack: Stack): Promise<ChaosApi> {
    const port = await freePort();
    const env = {
      ...stack.env(),
      PORT: String(port),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      COMMAND_LEASE_MS: '1000',
      LEDGER_RECOVERY_AGE_MS: '1000',
      LEDGER_RECOVERY_EVERY_MS: '300',
      LOG_LEVEL: 'silent',
    };
    return new ChaosApi(env, port);
  }

  /** Starts the server entry and waits until it answers /readyz; returns how long that took. */
  async start(): Promise<number> {
    const started = Date.now();
    this.child = spawn(process.execPath, ['--import', 'tsx', 'packages/api/src/server.ts'], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...this.env },
      stdio: 'ignore',
    });
    await until('the API to be ready', async () => (await fetch(`${this.url}/readyz`).catch(() => null))?.ok, 60_000);
    return Date.now() - started;
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }

  client(token: string): ApiClient {
    return createClient({ baseUrl: this.url, transport: fetchTransport(), authorization: () => `Bearer ${token}` });
  }
}

export async function databaseOf(stack: Stack): Promise<Connection> {
  return connectDatabase(withDatabase(process.env.MONGODB_URI as string, stack.dbName));
}

export { acknowledged, DEMO_WALLETS, randomUUID, routes };
export const booksOf = (conn: Connection) => booksCheckOn(conn)();

export interface ChaosPeople {
  buyers: { token: string; user_id: string; pin: string }[];
  storeToken: string;
  product_id: string;
  station_id: string;
}

type Story = {
  kind: 'wallet' | 'wechat' | 'refund';
  checkout_id?: string;
  order_id?: string;
  acked: boolean;
  tries: number;
  refusal?: string;
};

/** Checkout of one unit, then a wallet payment, each retried with its own key until acknowledged. */
async function walletStory(api: ChaosApi, p: ChaosPeople, buyer: ChaosPeople['buyers'][number], deadline: number): Promise<Story> {
  const c = api.client(buyer.token);
  const [kc, kp] = [`c-${randomUUID()}`, `p-${randomUUID()}`];
  const placed = await acknowledged(async () => {
    await c.call(routes.setCartLine, { params: { product_id: p.product_id }, body: { quantity: 1 } });
    return c.call(routes.checkout, {
      body: { delivery: { kind: 'pickup', station_id: p.station_id, date: '2027-03-02' } },
      idempotencyKey: kc,
    });
  }, deadline);
  if (!placed.value) return { kind: 'wallet', acked: false, tries: placed.tries, refusal: placed.refusal };
  const checkout_id = placed.value.checkout_id;
  const paid = await acknowledged(
    () => c.call(routes.payCheckout, { params: { checkout_id }, body: { method: 'wallet', pin: buyer.pin }, idempotencyKey: kp }),
    deadline,
  );
  return {
    kind: 'wallet',
    checkout_id,
    order_id: placed.value.orders[0]?.id,
    acked: paid.value !== null,
    tries: placed.tries + paid.tries,
  };
}

/** A WeChat Pay payment: the API places the order, the buyer pays at the simulator, the notify (or a query) books it. */
async function wechatStory(api: ChaosApi, stack: Stack, p: ChaosPeople, deadline: number): Promise<Story> {
  const buyer = p.buyers[0]!;
  const c = api.client(buyer.token);
  const kc = `c-${randomUUID()}`;
  const placed = await acknowledged(async () => {
    await c.call(routes.setCartLine, { params: { product_id: p.product_id }, body: { quantity: 1 } });
    return c.call(routes.checkout, {
      body: { delivery: { kind: 'pickup', station_id: p.station_id, date: '2027-03-02' } },
      idempotencyKey: kc,
    });
  }, deadline);
  if (!placed.value) return { kind: 'wechat', acked: false, tries: placed.tries, refusal: placed.refusal };
  const checkout_id = placed.value.checkout_id;
  const kw = `w-${randomUUID()}`;
  const opened = await acknowledged(
    () => c.call(routes.payCheckout, { params: { checkout_id }, body: { method: 'wechatpay' }, idempotencyKey: kw }),
    deadline,
  );
  const out_trade_no = opened.value?.wechat_pay?.out_trade_no;
  if (!out_trade_no) return { kind: 'wechat', checkout_id, acked: false, tries: placed.tries + opened.tries, refusal: opened.refusal };
  // The buyer's money is taken here: from now on the payment must end on the order.
  await stack.pay.pay(out_trade_no);
  return { kind: 'wechat', checkout_id, acked: true, tries: placed.tries + opened.tries };
}

/** A refund of an earlier paid order: the buyer asks, the seller accepts. Acknowledged when the accept answered 2xx. */
async function refundStory(
  api: ChaosApi,
  p: ChaosPeople,
  buyer: ChaosPeople['buyers'][number],
  order_id: string,
  deadline: number,
): Promise<Story> {
  const asked = await acknowledged(
    () => api.client(buyer.token).call(routes.requestOrderRefund, { params: { order_id }, body: { reason: '测试退款' } }),
    deadline,
  );
  const accepted = await acknowledged(
    () => api.client(p.storeToken).call(routes.acceptOrderRefund, { params: { order_id }, body: {} }),
    deadline,
  );
  const refusal = accepted.refusal ?? asked.refusal;
  return { kind: 'refund', order_id, acked: accepted.value !== null, tries: asked.tries + accepted.tries, refusal };
}

/** One round: the stories run while the API is killed at a random moment and started again. */
export async function chaosRound(api: ChaosApi, stack: Stack, p: ChaosPeople, toRefund: Map<number, string>, figures: ChaosFigures) {
  const deadline = Date.now() + 60_000;
  const stories = Promise.all([
    ...p.buyers.map((b, i) => {
      const order_id = toRefund.get(i);
      toRefund.delete(i);
      return order_id ? refundStory(api, p, b, order_id, deadline) : walletStory(api, p, b, deadline);
    }),
    wechatStory(api, stack, p, deadline),
  ]);
  await sleep(Math.floor(Math.random() * 600));
  await api.kill();
  figures.kills++;
  figures.restart_ms.push(await api.start());
  const done = await stories;
  done.forEach((s, i) => {
    if (s.acked) figures.acknowledged++;
    if (s.refusal) figures.refusals[s.refusal] = (figures.refusals[s.refusal] ?? 0) + 1;
    figures.retried += s.tries > 2 ? 1 : 0;
    if (s.kind === 'wallet' && s.acked && s.order_id && i < p.buyers.length) toRefund.set(i, s.order_id);
  });
  figures.rounds++;
  return done;
}

/** After a round: every acknowledged payment ends paid, every acknowledged refund refunded, the books clean. */
export async function verifyRound(api: ChaosApi, p: ChaosPeople, conn: Connection, stories: Story[], figures: ChaosFigures) {
  const buyer = api.client(p.buyers[0]!.token);
  for (const s of stories.filter((x) => x.acked)) {
    const ok = await until(
      `acknowledged ${s.kind} to hold`,
      async () => {
        if (s.kind === 'refund') {
          const o = await api.client(p.storeToken).call(routes.getOrder, { params: { order_id: s.order_id! } });
          return o.status === 'refunded';
        }
        const owner = s.kind === 'wechat' ? buyer : api.client(p.buyers[stories.indexOf(s)]!.token);
        const c = await owner.call(routes.getCheckout, { params: { checkout_id: s.checkout_id! } });
        return c.orders.every((o) => o.payment !== null);
      },
      30_000,
    ).catch(() => false);
    if (!ok) {
      figures.lost++;
      figures.lost_stories.push(`round ${figures.rounds}: ${s.kind} ${s.checkout_id ?? s.order_id ?? '?'} (tries ${s.tries})`);
    }
  }
  const report = await until(
    'the books to settle',
    async () => {
      const r = await booksOf(conn);
      return r.ok ? r : null;
    },
    20_000,
  ).catch(async () => booksOf(conn));
  figures.violations.push(...report.violations.map((v) => `round ${figures.rounds}: ${v}`));
}
