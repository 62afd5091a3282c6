/** bench:claims's world: couriers signed in and on duty, open tasks made through the delivery service, the invariant. */
import { randomBytes, randomInt } from 'node:crypto';
import { type RunningApi } from '@cc/api';
import { DELIVERY_CODE_DIGITS, routes, type ApiClient } from '@cc/shared';
import { type WechatSimulator } from '../simulators/wechat';
import { elapsedMs, fixed, stopIfInterrupted } from './harness';
import { login, prepare } from './commerce-shop';

export interface World {
  api: RunningApi;
  sim: WechatSimulator;
  anonymous: ApiClient;
  community_id: string;
  merchant_id: string;
  buyer_id: string;
  run_id: string;
  /** Tasks made so far (order ids are numbered by it). */
  made: number;
}

export type Courier = { user_id: string; client: ApiClient };

/**
 * `n` couriers as test/support/delivery.ts makes them, all through the API: WeChat login (simulator code), the
 * courier role in 益乐社区 granted by the admin, then on duty there (PUT /api/v1/couriers/me/duty).
 */
export async function signInCouriers(w: World, n: number, concurrency: number): Promise<Courier[]> {
  const admin = (await login(w, 'demo-admin-1')).client;
  return prepare('couriers', n, concurrency, async (i) => {
    const person = await login(w, `bench-${w.run_id}-courier-${i}`);
    await admin.call(routes.grantRole, { params: { user_id: person.user_id }, body: { role: 'courier', community_id: w.community_id } });
    await person.client.call(routes.setMyDuty, { body: { on_duty: true, community_id: w.community_id } });
    return person;
  });
}

/** A well-formed order id (ord_ + 26 Crockford base32 characters) numbered by `i` within this run. */
function orderId(run_id: string, i: number): string {
  return `ord_01JD3Q8Z6Y${run_id
    .toUpperCase()
    .replace(/[ILOU]/g, 'X')
    .padEnd(8, '0')
    .slice(0, 8)}${String(i).padStart(8, '0')}`;
}

/** A task as the orders module's ready port makes it (test/api/delivery-claims.test.ts does the same). */
function readyOrder(w: World, i: number) {
  return {
    order_id: orderId(w.run_id, i),
    community_id: w.community_id,
    // Far ahead, so no dispatch deadline fires during the run.
    slot_key: '2027-06-01/18:00-20:00',
    slot_starts_at: '2027-06-01T10:00:00.000Z',
    // A home address (not a station): the task is claimed on its own, not in a village trip.
    address: '益乐新村 5 幢 1 单元 201',
    merchant_id: w.merchant_id,
    buyer_id: w.buyer_id,
  };
}

/** Adds `n` open tasks through api.delivery.tasks.fromOrder, `concurrency` at a time. Returns the tasks made per second. */
export async function fillThroughApi(w: World, n: number, concurrency: number): Promise<number> {
  const start_ns = process.hrtime.bigint();
  const first = w.made;
  w.made += n;
  let next = 0;
  let reported = 0;
  const worker = async () => {
    while (next < n) {
      stopIfInterrupted();
      await w.api.delivery.tasks.fromOrder(readyOrder(w, first + next++));
      const tenth = Math.floor((next * 10) / n);
      if (n >= 5000 && tenth > reported) {
        reported = tenth;
        console.error(`    tasks through the API: ${next}/${n} (${fixed(elapsedMs(start_ns) / 1000, 0)} s)`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  return n / (elapsedMs(start_ns) / 1000);
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** A dlv_ id of the API's shape (ULID-like: 26 Crockford base32 characters). */
const taskId = () => `dlv_${Array.from(randomBytes(26), (b) => CROCKFORD[b & 31]).join('')}`;
const code = () => ({ value: String(randomInt(0, 10 ** DELIVERY_CODE_DIGITS)).padStart(DELIVERY_CODE_DIGITS, '0'), wrong_attempts: 0 });

/**
 * Adds `n` open tasks with insertMany: copies of a task the API made (same places, fee, slot, community), each with
 * its own id, order id and codes. What a claim touches is identical; what such a task lacks is its BullMQ dispatch
 * job and the delivery.created message, neither of which a claim reads.
 */
export async function fillInBulk(w: World, n: number): Promise<number> {
  const start_ns = process.hrtime.bigint();
  const tasks = w.api.conn.collection('delivery_tasks');
  const template = await tasks.findOne({ status: 'open' });
  if (!template) throw new Error('no task made through the API to copy');
  const first = w.made;
  w.made += n;
  for (let start = 0; start < n; start += 1000) {
    stopIfInterrupted();
    const now = new Date();
    const docs = Array.from({ length: Math.min(1000, n - start) }, (_, j) => ({
      ...template,
      _id: taskId(),
      order_id: orderId(w.run_id, first + start + j),
      codes: { pickup: code(), delivery: code() },
      history: [],
      created_at: now,
      updated_at: now,
    }));
    await tasks.insertMany(docs as never[], { ordered: false });
  }
  return n / (elapsedMs(start_ns) / 1000);
}

/** Ids of the open tasks, in random order (the claims' pool). */
export async function openTaskIds(w: World): Promise<string[]> {
  const rows = await w.api.conn
    .collection('delivery_tasks')
    .find({ status: 'open' }, { projection: { _id: 1 } })
    .toArray();
  const ids = rows.map((r) => String(r._id));
  for (let i = ids.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  }
  return ids;
}

export interface Invariant {
  tasks: number;
  open: number;
  claimed: number;
  /** Claims the API answered with the task (over the whole run). */
  won: number;
  max_active: number;
  violations: string[];
}

/**
 * Every task claimed at most once (one claim in its history, none on an open task), each claimed task held by a
 * courier; no courier above the maximum (its counter, and the tasks it holds, equal and at most the maximum); as many
 * claimed tasks as claims the API answered as won.
 */
export async function checkInvariant(w: World, couriers: Courier[], max: number, won: number): Promise<Invariant> {
  const violations: string[] = [];
  const held = new Map<string, number>();
  let tasks = 0;
  let open = 0;
  let claimed = 0;
  const cursor = w.api.conn.collection('delivery_tasks').find({}, { projection: { status: 1, courier_id: 1, 'history.action': 1 } });
  for await (const t of cursor) {
    tasks++;
    const claims = (t.history as { action: string }[]).filter((h) => h.action === 'claim').length;
    if (t.status === 'open') {
      open++;
      if (claims !== 0 || t.courier_id) violations.push(`${String(t._id)}: open with ${claims} claim(s), courier ${t.courier_id}`);
    } else {
      claimed++;
      if (claims !== 1 || !t.courier_id) violations.push(`${String(t._id)}: ${t.status} with ${claims} claim(s), courier ${t.courier_id}`);
      if (t.courier_id) held.set(t.courier_id as string, (held.get(t.courier_id as string) ?? 0) + 1);
    }
  }
  const duties = await w.api.conn.collection('delivery_courier_duty').find({}).toArray();
  const active = new Map(duties.map((d) => [String(d._id), d.active_tasks as number]));
  let max_active = 0;
  for (const c of couriers) {
    const units = active.get(c.user_id) ?? 0;
    const holds = held.get(c.user_id) ?? 0;
    max_active = Math.max(max_active, units, holds);
    if (units > max || holds > max) violations.push(`courier ${c.user_id}: ${units} units, ${holds} tasks, maximum ${max}`);
    if (units !== holds) violations.push(`courier ${c.user_id}: counter ${units} ≠ ${holds} tasks held`);
  }
  if (claimed !== won) violations.push(`${claimed} claimed tasks, but the API answered ${won} claims as won`);
  return { tasks, open, claimed, won, max_active, violations };
}
