/** bench:claims's options and measured runs: the bare Koa route, claims of distinct tasks, claims racing for the same. */
import { parseArgs } from 'node:util';
import { ApiError, routes } from '@cc/shared';
import { count, runConcurrent, type Run } from './commerce-run';
import { key, transport } from './commerce-shop';
import { elapsedMs, fixed, table, opsPerSecond, percentile } from './harness';
import type { Courier, World } from './claims-setup';

export interface Options {
  sizes: number[];
  ops: number;
  koa_ops: number;
  warmup: number;
  racers: number;
  couriers: number;
  max_tasks: number;
  fill: 'api' | 'bulk';
  fill_concurrency: number;
  max_seconds: number;
}

export const CONCURRENCIES = [32, 100];

export function readOptions(): Options {
  const { values } = parseArgs({
    // pnpm may pass a literal `--` before the script's own arguments.
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: {
      sizes: { type: 'string', default: '1000,10000,100000' },
      ops: { type: 'string', default: '500' },
      'koa-ops': { type: 'string', default: '2000' },
      warmup: { type: 'string', default: '100' },
      racers: { type: 'string', default: '10' },
      couriers: { type: 'string', default: '200' },
      'max-tasks': { type: 'string', default: '100' },
      fill: { type: 'string', default: 'api' },
      'fill-concurrency': { type: 'string', default: '16' },
      'max-seconds': { type: 'string', default: '1200' },
    },
  });
  const int = (name: string, value: string, min: number, max: number): number => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer from ${min} to ${max}`);
    return n;
  };
  if (values.fill !== 'api' && values.fill !== 'bulk') throw new Error('--fill must be api or bulk');
  const opts: Options = {
    sizes: values.sizes.split(',').map((s) => int('sizes', s.trim(), 1, 1_000_000)),
    ops: int('ops', values.ops, 1, 100_000),
    koa_ops: int('koa-ops', values['koa-ops'], 1, 100_000),
    warmup: int('warmup', values.warmup, 0, 10_000),
    racers: int('racers', values.racers, 2, 100),
    couriers: int('couriers', values.couriers, 1, 5000),
    // The API's own bound on DELIVERY_MAX_TASKS_PER_COURIER.
    max_tasks: int('max-tasks', values['max-tasks'], 1, 100),
    fill: values.fill,
    fill_concurrency: int('fill-concurrency', values['fill-concurrency'], 1, 256),
    max_seconds: int('max-seconds', values['max-seconds'], 30, 7200),
  };
  if (opts.couriers < opts.racers) throw new Error('--couriers must be at least --racers (racers on one task are distinct couriers)');
  if (opts.couriers < Math.max(...CONCURRENCIES)) throw new Error(`--couriers must be at least ${Math.max(...CONCURRENCIES)}`);
  const wins = opts.sizes.length * (opts.warmup + CONCURRENCIES.length * opts.ops + Math.ceil(opts.ops / opts.racers));
  if (wins > opts.couriers * opts.max_tasks)
    throw new Error(`${wins} claims would be won: raise --couriers or --max-tasks, or the maximum is what gets measured`);
  return opts;
}

/** Tasks the claims of one size level take (they are added on top of the level's open tasks). */
export const tasksPerLevel = (o: Options) => o.warmup + CONCURRENCIES.length * o.ops + Math.ceil(o.ops / o.racers);

/** The baseline: GET on the bare Koa route, through the same fetch (keep-alive pool) as the claims. */
export function koaRun(url: string, o: Options, concurrency: number, deadline_ns: bigint): Promise<Run> {
  return runConcurrent(`bare Koa GET c${concurrency}`, o.koa_ops, concurrency, deadline_ns, async () => {
    const res = await transport({ method: 'GET', url, headers: { accept: 'application/json' } });
    if (res.status !== 200) throw new Error(`baseline answered ${res.status}`);
  });
}

export type Outcomes = Map<string, number>;

/**
 * `n` claims on `concurrency` workers; claim i is made by courier plan(i).courier on task plan(i).task_id. A won claim
 * and a 409 task_taken are both answers (counted in `outcomes`, timed); anything else is an error of the run.
 */
export async function claimRun(
  label: string,
  n: number,
  concurrency: number,
  deadline_ns: bigint,
  plan: (i: number) => { courier: Courier; task_id: string },
): Promise<{ run: Run; outcomes: Outcomes }> {
  const outcomes: Outcomes = new Map();
  const run = await runConcurrent(label, n, concurrency, deadline_ns, async (i) => {
    const { courier, task_id } = plan(i);
    try {
      const t = await courier.client.call(routes.claimDeliveryTask, { params: { task_id }, body: {}, idempotencyKey: key() });
      if (t.courier_id !== courier.user_id) throw new Error('a won claim answered a task held by someone else');
      count(outcomes, 'won');
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 409 && err.code === 'task_taken')) throw err;
      count(outcomes, '409 task_taken');
    }
  });
  return { run, outcomes };
}

/** Distinct tasks: claim i takes pool[i]; couriers in turn, so the claims in flight are of different couriers. */
export const distinct = (couriers: Courier[], pool: string[]) => (i: number) => ({
  courier: couriers[i % couriers.length]!,
  task_id: pool[i]!,
});

/** The same tasks: `racers` consecutive claims (distinct couriers, in flight together) on each task. */
export const racing = (couriers: Courier[], pool: string[], racers: number) => (i: number) => ({
  courier: couriers[i % couriers.length]!,
  task_id: pool[Math.floor(i / racers)]!,
});

/**
 * Where a claim's time goes as the collection grows: the claim's guarded update filters {_id, status, courier_id},
 * which the embedded database answers with the _id index only if the filter is exactly {_id}. A filter matching
 * nothing reads every document it scans, so the two lookups below show the scan (mean ms of `reps` each).
 */
export async function scanProbe(w: World, reps = 20): Promise<{ by_id_ms: number; guarded_ms: number }> {
  const tasks = w.api.conn.collection('delivery_tasks');
  const missing = 'dlv_00000000000000000000000000';
  const mean = async (q: () => Promise<unknown>) => {
    const start_ns = process.hrtime.bigint();
    for (let i = 0; i < reps; i++) await q();
    return elapsedMs(start_ns) / reps;
  };
  const by_id_ms = await mean(() => tasks.findOne({ _id: missing as never }));
  const guarded_ms = await mean(() => tasks.findOne({ _id: missing as never, status: 'open', courier_id: null }));
  return { by_id_ms, guarded_ms };
}

export interface Row {
  open: number;
  docs: number;
  scenario: string;
  concurrency: number;
  run: Run;
  koa?: Run;
  outcomes?: Outcomes;
}

const share = (o: Outcomes | undefined, k: string) => {
  if (!o) return '';
  const all = [...o.values()].reduce((a, b) => a + b, 0);
  return all ? `${fixed((100 * (o.get(k) ?? 0)) / all, 1)} %` : '—';
};

export function rowsTable(rows: Row[]): string {
  return table(
    [
      'open tasks',
      'docs',
      'run',
      'conc',
      'req',
      'err',
      'won',
      '409 taken',
      's',
      'req/s',
      'p50 ms',
      'p99 ms',
      '| koa req/s',
      'koa p50',
      'koa p99',
      '| ÷ koa',
      'p99 × koa',
    ],
    rows.map(({ open, docs, scenario, concurrency, run: r, koa: b, outcomes }) => [
      String(open),
      String(docs),
      scenario + (r.cut ? ' (cut)' : ''),
      String(concurrency),
      String(r.ops),
      String(r.errors),
      outcomes ? String(outcomes.get('won') ?? 0) : '',
      share(outcomes, '409 task_taken'),
      fixed(r.seconds, 1),
      fixed(opsPerSecond(r), 0),
      fixed(percentile(r.latencies_ms, 50), 1),
      fixed(percentile(r.latencies_ms, 99), 1),
      b ? `| ${fixed(opsPerSecond(b), 0)}` : '|',
      b ? fixed(percentile(b.latencies_ms, 50), 2) : '',
      b ? fixed(percentile(b.latencies_ms, 99), 2) : '',
      b ? `| ${fixed(opsPerSecond(r) / opsPerSecond(b), 3)}` : '|',
      b ? fixed(percentile(r.latencies_ms, 99) / percentile(b.latencies_ms, 99), 0) : '',
    ]),
  );
}
