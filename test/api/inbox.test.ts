/**
 * The inbox (issue 15 item 6): one item per event and person however often and however concurrently it is published,
 * each person sees only their own, unread counts and marking read, the WeChat subscribe message sent only where the
 * person allowed that kind (its outcome recorded on the item), and the card holder's unread items at a kiosk.
 */
import { randomUUID } from 'node:crypto';
import test from 'ava';
import { createClient, fetchTransport, routes, type ApiClient, type InboxEventInput } from '@cc/shared';
import { raw, startStack, type Stack } from '../support/stack';
import { failureOf, until } from '../support/outcome';
import { cardHolder, cardNumbers } from '../support/wallet-people';

let stack: Stack;
let seed: Awaited<ReturnType<Stack['seed']>>;
const nextCard = cardNumbers(930_000_000);

test.before(async () => {
  stack = await startStack();
  seed = await stack.seed();
});
test.after.always(() => stack?.stop());

const person = () => stack.login(`inbox-${randomUUID().slice(0, 12)}`);
const publish = (e: InboxEventInput) => stack.api.inbox.publish(e);
const itemOf = (event_id: string, user_id: string) =>
  stack.api.conn.collection('inbox_items').findOne({ event_id, user_id } as never) as Promise<{
    push: { status: string; template_id: string | null };
  } | null>;
/** The item once the send job has written the outcome of its subscribe message. */
const sentItem = (event_id: string, user_id: string) =>
  until(`the outcome of ${event_id}`, async () => {
    const item = await itemOf(event_id, user_id);
    return item && !['pending', 'sending'].includes(item.push.status) ? item : null;
  });
const openidOf = async (user_id: string) => (await stack.api.conn.collection('users').findOne({ _id: user_id as never }))?.openid as string;
const messagesTo = (openid: string) => stack.sim.messages().filter((m) => m.touser === openid);

function refundEvent(user_id: string, amount_fen = 1250): InboxEventInput {
  const id = randomUUID();
  return {
    event_id: `order_refunded:${id}`,
    user_id,
    kind: 'order_refunded',
    title: '退款已到账',
    body: '订单 2412-0387 的退款已退回市民卡',
    link: `/shop/order/index?id=ord_${id}`,
    amount_fen,
  };
}

test('the same event published 5 times at once: one item, one subscribe message', async (t) => {
  const me = await person();
  await me.client.call(routes.setMyInboxSubscriptions, { body: { results: { inbox_order_refunded: 'accept' } } });
  await me.client.call(routes.setMyInboxSubscriptions, { body: { results: { inbox_order_refunded: 'accept' } } });
  const openid = await openidOf(me.user_id);
  const event = refundEvent(me.user_id);
  await Promise.all(Array.from({ length: 5 }, () => publish(event)));
  await publish(event);

  const page = await me.client.call(routes.listMyInbox, {});
  t.is(page.items.length, 1);
  t.like(page.items[0], { kind: 'order_refunded', title: '退款已到账', amount_fen: 1250, read: false });
  t.like(await sentItem(event.event_id, me.user_id), { push: { status: 'sent', template_id: 'inbox_order_refunded' } });
  t.is(messagesTo(openid).length, 1, 'one message for one event');
  t.like(messagesTo(openid)[0], { template_id: 'inbox_order_refunded' });
  t.is(messagesTo(openid)[0]?.data.amount4?.value, '12.50元');
  // Two accepts allowed two messages: one is left.
  const subs = await me.client.call(routes.getMyInboxSubscriptions, {});
  t.is(subs.items.find((s) => s.kind === 'order_refunded')?.remaining, 1);
});

test('no allowance, a refusal by WeChat and nobody in the app: items kept, outcomes recorded, nothing thrown', async (t) => {
  const notAllowed = await person();
  const first = refundEvent(notAllowed.user_id);
  await publish(first);
  t.like(await sentItem(first.event_id, notAllowed.user_id), { push: { status: 'refused' } });
  t.is(messagesTo(await openidOf(notAllowed.user_id)).length, 0);

  // Allowed in the app but withdrawn in WeChat's settings since: the platform answers 43101, the allowance is gone.
  const withdrawn = await person();
  await withdrawn.client.call(routes.setMyInboxSubscriptions, { body: { results: { inbox_order_refunded: 'accept' } } });
  stack.sim.refuseMessages(await openidOf(withdrawn.user_id));
  const second = refundEvent(withdrawn.user_id);
  await publish(second);
  t.like(await sentItem(second.event_id, withdrawn.user_id), { push: { status: 'refused' } });
  const subs = await withdrawn.client.call(routes.getMyInboxSubscriptions, {});
  t.is(subs.items.find((s) => s.kind === 'order_refunded')?.remaining, 0);

  // A person id with no account behind it: not_in_app, and publish still resolves.
  const ghost = `usr_${'0'.repeat(26)}`;
  const third = refundEvent(ghost);
  await t.notThrowsAsync(publish(third));
  t.like(await sentItem(third.event_id, ghost), { push: { status: 'not_in_app' } });

  // A kind nobody declared is refused without throwing and stores nothing.
  await t.notThrowsAsync(publish({ ...refundEvent(notAllowed.user_id), kind: 'not_a_kind' as never }));
  t.is((await notAllowed.client.call(routes.listMyInbox, {})).items.length, 1);
});

test('a reject withdraws the allowance; an unknown template is 400 and changes nothing', async (t) => {
  const me = await person();
  await me.client.call(routes.setMyInboxSubscriptions, {
    body: { results: { inbox_call_resolved: 'accept', inbox_wallet_topup: 'accept' } },
  });
  const after = await me.client.call(routes.setMyInboxSubscriptions, { body: { results: { inbox_call_resolved: 'reject' } } });
  t.is(after.items.find((s) => s.kind === 'call_resolved')?.remaining, 0);
  t.is(after.items.find((s) => s.kind === 'wallet_topup')?.remaining, 1);
  t.is(
    await failureOf(
      me.client.call(routes.setMyInboxSubscriptions, { body: { results: { inbox_wallet_topup: 'accept', nope: 'accept' } } }),
    ),
    '400 inbox_template_unknown',
  );
  t.is((await me.client.call(routes.getMyInboxSubscriptions, {})).items.find((s) => s.kind === 'wallet_topup')?.remaining, 1);
  const bad = await raw(`${stack.apiUrl}/api/v1/me/inbox/subscriptions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${me.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ results: { inbox_wallet_topup: 'maybe' } }),
  });
  t.like(bad, { status: 400, body: { code: 'validation_failed' } });
});

test('nobody reads or marks another person’s inbox; unread count and mark read', async (t) => {
  const [ann, bob] = [await person(), await person()];
  const events = [refundEvent(ann.user_id, 100), refundEvent(ann.user_id, 200), refundEvent(ann.user_id, 300)];
  for (const e of events) await publish(e);
  await publish(refundEvent(bob.user_id, 999));

  const annPage = await ann.client.call(routes.listMyInbox, {});
  t.deepEqual(
    annPage.items.map((i) => i.amount_fen),
    [300, 200, 100],
    'newest first, only hers',
  );
  const bobPage = await bob.client.call(routes.listMyInbox, {});
  t.deepEqual(
    bobPage.items.map((i) => i.amount_fen),
    [999],
  );
  t.deepEqual(await ann.client.call(routes.getMyInboxUnread, {}), { unread: 3 });

  // Bob marks Ann's item: nothing changes for her.
  const annFirst = annPage.items[0]?.id as string;
  t.deepEqual(await bob.client.call(routes.markMyInboxRead, { body: { ids: [annFirst] } }), { unread: 1 });
  t.deepEqual(await ann.client.call(routes.getMyInboxUnread, {}), { unread: 3 });

  t.deepEqual(await ann.client.call(routes.markMyInboxRead, { body: { ids: [annFirst] } }), { unread: 2 });
  const unreadOnly = await ann.client.call(routes.listMyInbox, { query: { unread_only: 'true' } });
  t.deepEqual(
    unreadOnly.items.map((i) => i.amount_fen),
    [200, 100],
  );
  t.deepEqual(await ann.client.call(routes.markMyInboxRead, { body: { all: true } }), { unread: 0 });
  t.deepEqual(await bob.client.call(routes.getMyInboxUnread, {}), { unread: 1 });
  t.is(await failureOf(stack.client.call(routes.listMyInbox, {})), '401 auth_required');
});

test('cursor pages newest first; a forged cursor is 400', async (t) => {
  const me = await person();
  for (let i = 1; i <= 5; i++) await publish(refundEvent(me.user_id, i));
  const first = await me.client.call(routes.listMyInbox, { query: { limit: 2 } });
  const second = await me.client.call(routes.listMyInbox, { query: { limit: 2, cursor: first.next_cursor as string } });
  const third = await me.client.call(routes.listMyInbox, { query: { limit: 2, cursor: second.next_cursor as string } });
  t.deepEqual(
    [...first.items, ...second.items, ...third.items].map((i) => i.amount_fen),
    [5, 4, 3, 2, 1],
  );
  t.is(third.next_cursor, null);
  t.is(await failureOf(me.client.call(routes.listMyInbox, { query: { cursor: 'bm90LWFuLWlk' } })), '400 invalid_cursor');
});

test('at a kiosk the card holder sees their unread items, marks them read, and lists their refunds', async (t) => {
  const card_number = nextCard();
  const holder = await cardHolder(stack, { community_id: seed.communities.wenxin, card_number });
  const other = await person();
  await publish(refundEvent(holder.user_id, 1250));
  await publish({
    event_id: `wallet_topup:${randomUUID()}`,
    user_id: holder.user_id,
    kind: 'wallet_topup',
    title: '充值成功',
    body: '市民卡充值到账',
    amount_fen: 5000,
  });
  await publish(refundEvent(other.user_id, 777));

  const authorization = () => `Terminal ${seed.kiosk.id}:${seed.kiosk.secret}`;
  const terminal = createClient({ baseUrl: stack.apiUrl, transport: fetchTransport(), authorization });
  const { token } = await terminal.call(routes.kioskCardLogin, { body: { card_number, pin: holder.pin } });
  const base = fetchTransport();
  const card: ApiClient = createClient({
    baseUrl: stack.apiUrl,
    authorization,
    transport: (req) => base({ ...req, headers: { ...req.headers, 'x-kiosk-session': token } }),
  });

  const unread = await card.call(routes.kioskInbox, {});
  t.deepEqual(
    unread.items.map((i) => [i.kind, i.amount_fen]),
    [
      ['wallet_topup', 5000],
      ['order_refunded', 1250],
    ],
  );
  t.deepEqual(await card.call(routes.kioskMarkInboxRead, { body: { ids: unread.items.map((i) => i.id) } }), { unread: 0 });
  t.is((await card.call(routes.kioskInbox, {})).items.length, 0, 'told once: the next login hears nothing again');
  const refunds = await card.call(routes.kioskInbox, { query: { unread_only: 'false', kind: 'order_refunded' } });
  t.deepEqual(
    refunds.items.map((i) => i.amount_fen),
    [1250],
  );
  // A terminal without a card session reads nobody's inbox.
  t.is(await failureOf(terminal.call(routes.kioskInbox, {})), '401 card_session_required');
});
