/**
 * WeChat subscribe messages leave the request path (issue 15 item 6): publish stores the item at once and a BullMQ job
 * sends its message. Delivery is at least once (a busy WeChat is tried again by the job's retries) and the send is
 * idempotent per item: a retried or duplicated job finds the outcome on the item and sends nothing more.
 */
import { randomUUID } from 'node:crypto';
import test from 'ava';
import { Redis } from 'ioredis';
import { createLogger } from '@cc/api';
import { createJobRunner } from '@cc/api/platform/jobs';
import { routes, type InboxEventInput } from '@cc/shared';
import { until } from '../support/outcome';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let redis: Redis;

test.before(async () => {
  stack = await startStack();
  redis = new Redis(stack.config.REDIS_URL);
});
test.after.always(async () => {
  redis?.disconnect();
  await stack?.stop();
});

type ItemRow = { _id: string; push: { status: string; tries?: number } };
const itemOf = (event_id: string, user_id: string) =>
  stack.api.conn.collection('inbox_items').findOne({ event_id, user_id } as never) as Promise<ItemRow | null>;
const openidOf = async (user_id: string) => (await stack.api.conn.collection('users').findOne({ _id: user_id as never }))?.openid as string;
const messagesTo = (openid: string) => stack.sim.messages().filter((m) => m.touser === openid);
const jobsPrefix = () => `${stack.config.REDIS_KEY_PREFIX}bull`;

/** A person in the mini-program who allowed `n` refund messages. */
async function allowing(n: number) {
  const me = await stack.login(`push-${randomUUID().slice(0, 12)}`);
  for (let i = 0; i < n; i++) {
    await me.client.call(routes.setMyInboxSubscriptions, { body: { results: { inbox_order_refunded: 'accept' } } });
  }
  return { ...me, openid: await openidOf(me.user_id) };
}

function refundEvent(user_id: string): InboxEventInput {
  const id = randomUUID();
  return {
    event_id: `order_refunded:${id}`,
    user_id,
    kind: 'order_refunded',
    title: '退款已到账',
    body: '订单 2412-0387 的退款已退回市民卡',
    link: `/shop/order/index?id=ord_${id}`,
    amount_fen: 1250,
  };
}

const outcomeOf = (e: InboxEventInput) =>
  until(`the subscribe message of ${e.event_id} settled`, async () => {
    const item = await itemOf(e.event_id, e.user_id);
    return item && !['pending', 'sending'].includes(item.push.status) ? item : null;
  });

/** BullMQ marks a finished job's hash with finishedOn: the job has run to its end (completed or given up). */
const jobFinished = (jobId: string) =>
  until(`job ${jobId} finished`, async () => (await redis.hget(`${jobsPrefix()}:inbox-push:${jobId}`, 'finishedOn')) !== null);

test.serial('publish stores the item on the request; the message is sent by the job', async (t) => {
  const me = await allowing(1);
  // WeChat is busy for this person: the publish must not wait for it, nor fail.
  stack.sim.failMessages(me.openid, 1);
  const event = refundEvent(me.user_id);
  await stack.api.inbox.publish(event);

  const stored = await itemOf(event.event_id, me.user_id);
  t.truthy(stored, 'the item is there as soon as publish resolves');
  t.is(messagesTo(me.openid).length, 0, 'the failed first try sent nothing, and publish did not wait for the retry');
  const page = await me.client.call(routes.listMyInbox, {});
  t.like(page.items[0], { kind: 'order_refunded', amount_fen: 1250, read: false });

  const done = await outcomeOf(event);
  t.is(done.push.status, 'sent');
  t.is(done.push.tries, 2, 'one busy answer, then the retry of the job sent it');
  t.is(messagesTo(me.openid).length, 1);
  const subs = await me.client.call(routes.getMyInboxSubscriptions, {});
  t.is(subs.items.find((s) => s.kind === 'order_refunded')?.remaining, 0, 'the busy try gave its allowance back; the send used it');
});

test.serial('a job run again for a sent item (redelivered, or the event replayed) sends nothing more', async (t) => {
  const me = await allowing(3);
  const event = refundEvent(me.user_id);
  await stack.api.inbox.publish(event);
  const done = await outcomeOf(event);
  t.is(done.push.status, 'sent');
  t.is(messagesTo(me.openid).length, 1);

  // The same job handed out again under another id, as BullMQ does after a stalled worker: the item's outcome stops it.
  const producer = createJobRunner({
    redisUrl: stack.config.REDIS_URL,
    prefix: jobsPrefix(),
    logger: createLogger('silent'),
    workers: false,
  });
  try {
    const again = producer.delayed<{ item_id: string }>('inbox-push', async () => undefined);
    await again.schedule(`redelivered-${done._id}`, { item_id: done._id }, new Date());
    await jobFinished(`redelivered-${done._id}`);
  } finally {
    await producer.close();
  }
  // And the event published again: one item, no new job run sends.
  await stack.api.inbox.publish(event);
  await jobFinished(`inbox-push-${done._id}`);

  t.is(messagesTo(me.openid).length, 1, 'sent once');
  t.like(await itemOf(event.event_id, me.user_id), { push: { status: 'sent', tries: 1 } });
  const subs = await me.client.call(routes.getMyInboxSubscriptions, {});
  t.is(subs.items.find((s) => s.kind === 'order_refunded')?.remaining, 2, 'one allowance used, for one message');
});

test.serial('WeChat busy on every try: the item records failed after the last one, and the allowance is kept', async (t) => {
  const me = await allowing(1);
  stack.sim.failMessages(me.openid, 100);
  const event = refundEvent(me.user_id);
  await stack.api.inbox.publish(event);
  const done = await until('the last try', () => outcomeOf(event), 30_000);
  t.like(done, { push: { status: 'failed', tries: 4 } });
  t.is(messagesTo(me.openid).length, 0);
  const subs = await me.client.call(routes.getMyInboxSubscriptions, {});
  t.is(subs.items.find((s) => s.kind === 'order_refunded')?.remaining, 1);
  stack.sim.failMessages(me.openid, 0);
});
