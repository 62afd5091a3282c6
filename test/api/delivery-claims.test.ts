/**
 * Claims under concurrency (issue 13 §2): 100 couriers racing for 1,000 tasks — every task claimed exactly once and no
 * courier above the maximum; 100 couriers on one task; one courier's claims racing its own maximum.
 */
import test from 'ava';
import { ApiError, routes } from '@cc/shared';
import { courier, type Courier } from '../support/delivery';
import { key, seed, stack, useOrdersStack } from '../support/orders-stack';

const MAX = 10;
useOrdersStack({ env: { DELIVERY_MAX_TASKS_PER_COURIER: String(MAX) } });

/** Tasks made through the orders port as the orders module makes them (for ids of orders, a well-formed stand-in). */
async function makeTasks(n: number, tag: string): Promise<string[]> {
  const merchant = await stack.api.conn.collection('merchants').findOne({ community_id: seed.communities.wenxin });
  const buyer_id = seed.users['demo-resident-2'] as string;
  const ids: string[] = [];
  for (let start = 0; start < n; start += 25) {
    await Promise.all(
      Array.from({ length: Math.min(25, n - start) }, async (_, j) => {
        const order_id = `ord_01JD3Q8Z6Y0M2V5K7N${tag.padEnd(4, '0')}${String(start + j).padStart(4, '0')}`;
        await stack.api.delivery.tasks.fromOrder({
          order_id,
          community_id: seed.communities.wenxin,
          slot_key: '2027-06-01/18:00-20:00',
          slot_starts_at: '2027-06-01T10:00:00.000Z',
          address: '益乐新村 5 幢 1 单元 201',
          merchant_id: String(merchant!._id),
          buyer_id,
        });
        const t = await stack.api.conn.collection('delivery_tasks').findOne({ order_id });
        ids.push(String(t!._id));
      }),
    );
  }
  return ids;
}

async function couriers(n: number): Promise<Courier[]> {
  const out: Courier[] = [];
  for (let i = 0; i < n; i += 10) out.push(...(await Promise.all(Array.from({ length: Math.min(10, n - i) }, () => courier()))));
  return out;
}

const claim = (c: Courier, task_id: string) =>
  c.client.call(routes.claimDeliveryTask, { params: { task_id }, body: {}, idempotencyKey: key() }).then(
    () => 'won',
    (e: ApiError) => e.code,
  );

function shuffled<T>(xs: T[]): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a;
}

const duties = async () => stack.api.conn.collection('delivery_courier_duty').find().toArray();

test.serial('100 couriers on one task: exactly one wins, the others get 409 task_taken and keep their capacity', async (t) => {
  const [task_id] = await makeTasks(1, 'A1');
  const racers = await couriers(100);
  const outcomes = await Promise.all(racers.map((c) => claim(c, task_id!)));
  t.is(outcomes.filter((o) => o === 'won').length, 1);
  t.is(outcomes.filter((o) => o === 'task_taken').length, 99, [...new Set(outcomes)].join());
  const stored = await stack.api.conn.collection('delivery_tasks').findOne({ _id: task_id as never });
  t.is(stored?.history.filter((h: { action: string }) => h.action === 'claim').length, 1);
  const winner = racers[outcomes.indexOf('won')]!;
  t.is(stored?.courier_id, winner.user_id);
  const units = new Map((await duties()).map((d) => [String(d._id), d.active_tasks as number]));
  t.true(racers.every((c) => units.get(c.user_id) === (c === winner ? 1 : 0)));
});

test.serial('one courier’s 30 claims at once against a maximum of 10: exactly 10 succeed', async (t) => {
  const ids = await makeTasks(30, 'B1');
  const [c] = await couriers(1);
  const outcomes = await Promise.all(ids.map((id) => claim(c!, id)));
  t.is(outcomes.filter((o) => o === 'won').length, MAX, outcomes.join());
  t.is(outcomes.filter((o) => o === 'courier_at_capacity').length, 30 - MAX);
  t.is(await stack.api.conn.collection('delivery_tasks').countDocuments({ courier_id: c!.user_id, status: 'claimed' }), MAX);
  t.like(await c!.client.call(routes.getMyDuty, {}), { active_tasks: MAX, max_tasks: MAX });
});

test.serial('100 couriers racing for 1,000 tasks: each claimed exactly once, nobody above the maximum', async (t) => {
  const ids = await makeTasks(1000, 'C');
  const racers = await couriers(100);
  const taken = new Set<string>();
  const wins: { courier_id: string; task_id: string }[] = [];
  const started = Date.now();
  let attempts = 0;
  await Promise.all(
    racers.map(async (c) => {
      // Each courier goes through the hall in its own order, skipping what it has seen taken (as its page would).
      for (const id of shuffled(ids)) {
        if (taken.has(id)) continue;
        attempts++;
        const o = await claim(c, id);
        if (o === 'won') wins.push({ courier_id: c.user_id, task_id: id });
        if (o === 'won' || o === 'task_taken') taken.add(id);
        else if (o === 'courier_at_capacity') return;
        else throw new Error(`unexpected ${o}`);
      }
    }),
  );
  const ms = Date.now() - started;
  t.log(`${attempts} claims by 100 couriers in ${ms} ms (${Math.round((attempts * 1000) / ms)}/s)`);
  t.is(wins.length, 1000);
  t.is(new Set(wins.map((w) => w.task_id)).size, 1000, 'no task won twice');
  const stored = await stack.api.conn
    .collection('delivery_tasks')
    .find({ _id: { $in: ids as never[] } })
    .toArray();
  t.true(stored.every((s) => s.status === 'claimed'));
  t.true(stored.every((s) => s.history.filter((h: { action: string }) => h.action === 'claim').length === 1));
  const winnerOf = new Map(wins.map((w) => [w.task_id, w.courier_id]));
  t.true(stored.every((s) => s.courier_id === winnerOf.get(String(s._id))));
  const perCourier = new Map<string, number>();
  for (const w of wins) perCourier.set(w.courier_id, (perCourier.get(w.courier_id) ?? 0) + 1);
  t.true(Math.max(...perCourier.values()) <= MAX);
  const units = new Map((await duties()).map((d) => [String(d._id), d.active_tasks as number]));
  t.true(
    racers.every((c) => units.get(c.user_id) === (perCourier.get(c.user_id) ?? 0)),
    'each counter equals the tasks held',
  );
});
