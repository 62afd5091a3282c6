/**
 * The daily cap of a card under a rush (issue 10 finding 4): payments that fail for want of money give their share of
 * the cap back and are refused as `insufficient_funds` (the truth), never `daily_cap_exceeded`; the day's total is
 * exactly what was paid; refunds (raced and replayed) give the cap back exactly once each; the ledger's invariants hold.
 * And the PIN-free daily total below it (issue 15): a rush of PIN-free payments never passes it, past it the PIN is
 * asked (`pin_required`, nothing held) and pays up to the hard cap; replays count once; refunds give its room back.
 */
import { randomUUID } from 'node:crypto';
import test from 'ava';
import { routes, shanghaiDate, type ApiClient } from '@cc/shared';
import { startStack, type Stack } from '../support/stack';
import { cardHolder, cardNumbers } from '../support/wallet-people';

const CAP_FEN = 50_000;
const PIN_FREE_DAILY_FEN = 20_000;
let stack: Stack;
let seed: Awaited<ReturnType<Stack['seed']>>;
const nextCard = cardNumbers(610_000_000);
test.before(async () => {
  stack = await startStack({
    WALLET_PIN_FREE_LIMIT_FEN: '5000',
    WALLET_PIN_FREE_DAILY_FEN: String(PIN_FREE_DAILY_FEN),
    WALLET_DAILY_CAP_FEN: String(CAP_FEN),
  });
  seed = await stack.seed();
});
test.after.always(() => stack?.stop());

const holder = (balance_fen: number) => cardHolder(stack, { community_id: seed.communities.wenxin, card_number: nextCard(), balance_fen });
const spentToday = async (client: ApiClient) => (await client.call(routes.getWallet, {})).limits.spent_today_fen;
const balanceOf = async (client: ApiClient) => (await client.call(routes.getWallet, {})).balance_fen;
const codeOf = (r: PromiseSettledResult<unknown>) => (r.status === 'rejected' ? (r.reason as { code?: string }).code : 'ok');

const limitsOf = async (client: ApiClient) => (await client.call(routes.getWallet, {})).limits;

function payer(user_id: string, payee_account_id: string) {
  return (amount_fen: number, pin?: string, idempotency_key: string = randomUUID()) =>
    stack.api.wallet.paying.pay({
      user_id,
      amount_fen,
      pin,
      idempotency_key,
      payee_account_id,
      memo: '限额测试',
      reference_id: 'ord-cap-test',
    });
}

test('a rush beyond the balance is refused for money, never the cap; refunds give the cap back once each', async (t) => {
  const r = await holder(10_000);
  const merchant = await stack.api.wallet.ledger.ensureAccount('merchant', 'cap-test-merchant', '测试商户');
  const pay = payer(r.user_id, merchant._id);

  // 40 × ¥20 = ¥800, above the ¥500 cap; the ¥100 balance covers five.
  const rush = await Promise.allSettled(Array.from({ length: 40 }, () => pay(2000)));
  const posted = rush.flatMap((x) => (x.status === 'fulfilled' ? [x.value] : []));
  t.is(posted.length, 5);
  t.deepEqual([...new Set(rush.filter((x) => x.status === 'rejected').map(codeOf))], ['insufficient_funds']);
  t.is(
    await spentToday(r.client),
    posted.reduce((sum, p) => sum + p.amount_fen, 0),
  );
  t.is(await balanceOf(r.client), 0);

  // Each payment refunded by two racing requests with their own keys, each of them replayed five times at once.
  const refund = (original_transfer_id: string, key: string) =>
    stack.api.wallet.paying.refund({ idempotency_key: key, original_transfer_id, amount_fen: 1000, memo: '退款' });
  const keys = posted.flatMap((p) => [`${p._id}:a`, `${p._id}:b`].map((key) => ({ p, key })));
  const refunds = await Promise.allSettled(keys.flatMap(({ p, key }) => Array.from({ length: 5 }, () => refund(p._id, key))));
  t.deepEqual([...new Set(refunds.map(codeOf))], ['ok']);
  t.is(new Set(refunds.map((x) => (x as PromiseFulfilledResult<{ _id: string }>).value._id)).size, 10);
  t.is(await spentToday(r.client), 0, 'every refund gave its amount back once');
  // A replay later gives nothing back twice; a refund beyond the payment is refused and gives nothing back.
  await refund(posted[0]!._id, `${posted[0]!._id}:a`);
  await t.throwsAsync(refund(posted[0]!._id, randomUUID()), { message: /refund_exceeds_payment/ });
  t.is(await spentToday(r.client), 0);
  t.is(await balanceOf(r.client), 10_000);

  // The whole cap is there again.
  await r.topUp(50_000);
  await t.throwsAsync(pay(50_000, '111110'), { message: /pin_incorrect/ });
  t.is(await spentToday(r.client), 0, 'a refused PIN holds nothing');
  const big = await pay(CAP_FEN, r.pin);
  t.is(big.status, 'posted');
  await t.throwsAsync(pay(1), { message: /daily_cap_exceeded/ });
  // Money before the cap: ¥100 left cannot pay ¥200, whatever the cap says.
  await t.throwsAsync(pay(20_000, r.pin), { message: /insufficient_funds/ });
  // A partial refund makes room for exactly its amount.
  await stack.api.wallet.paying.refund({
    idempotency_key: randomUUID(),
    original_transfer_id: big._id,
    amount_fen: 3000,
    memo: '部分退款',
  });
  const after = await Promise.allSettled(Array.from({ length: 6 }, () => pay(1000)));
  t.deepEqual(after.map(codeOf).sort(), ['daily_cap_exceeded', 'daily_cap_exceeded', 'daily_cap_exceeded', 'ok', 'ok', 'ok']);
  t.is(await spentToday(r.client), CAP_FEN);

  const card = await stack.api.wallet.cards.currentCard(r.user_id);
  const day = await stack.api.conn
    .collection<{ _id: string; holds: unknown[] }>('wallet_daily_spend')
    .findOne({ _id: `${card!._id}:${shanghaiDate(new Date())}` });
  t.deepEqual(day?.holds, [], 'no hold is left behind');
  t.deepEqual((await stack.api.wallet.check()).violations, []);
});

test('a frozen card is refused before anything is held', async (t) => {
  const r = await holder(5000);
  const merchant = await stack.api.wallet.ledger.ensureAccount('merchant', 'cap-test-merchant', '测试商户');
  await r.client.call(routes.reportCardLost, {});
  await t.throwsAsync(payer(r.user_id, merchant._id)(1000));
  t.is(await spentToday(r.client), 0);
  t.deepEqual((await stack.api.wallet.check()).violations, []);
});

test('PIN-free payments stop at the PIN-free total, then the PIN pays up to the hard cap; replays count once, refunds give room back', async (t) => {
  const r = await holder(60_000);
  const merchant = await stack.api.wallet.ledger.ensureAccount('merchant', 'cap-test-merchant', '测试商户');
  const pay = payer(r.user_id, merchant._id);

  // 30 × ¥10 without PIN at once: ¥200 of them fit the PIN-free total, the rest are asked for the PIN.
  const rush = await Promise.allSettled(Array.from({ length: 30 }, () => pay(1000)));
  const posted = rush.flatMap((x) => (x.status === 'fulfilled' ? [x.value] : []));
  t.is(posted.length, 20);
  t.deepEqual([...new Set(rush.filter((x) => x.status === 'rejected').map(codeOf))], ['pin_required']);
  const refused = rush.find((x) => x.status === 'rejected') as PromiseRejectedResult;
  t.regex((refused.reason as Error).message, /今日免密额度已用完，请输入密码/);
  t.like(await limitsOf(r.client), { pin_free_daily_fen: PIN_FREE_DAILY_FEN, pin_free_spent_today_fen: 20_000, spent_today_fen: 20_000 });
  t.is(await balanceOf(r.client), 40_000, 'the refused ones held and moved nothing');

  // A replay of a PIN-free payment made before the total ran out answers the first result and counts nothing again.
  const first = posted[0]!;
  const again = await pay(1000, undefined, first.idempotency_key);
  t.is(again._id, first._id);
  t.like(await limitsOf(r.client), { pin_free_spent_today_fen: 20_000, spent_today_fen: 20_000 });

  // With the PIN it goes through (a wrong one does not, and holds nothing); it does not use PIN-free room.
  await t.throwsAsync(pay(1000, '111110'), { message: /pin_incorrect/ });
  const withPin = await pay(3000, r.pin);
  t.is(withPin.status, 'posted');
  t.like(await limitsOf(r.client), { pin_free_spent_today_fen: 20_000, spent_today_fen: 23_000 });

  // A refund of a PIN-free payment gives its room back, once however often replayed; a PIN payment's gives none.
  const refund = (original_transfer_id: string, key: string, amount_fen: number) =>
    stack.api.wallet.paying.refund({ idempotency_key: key, original_transfer_id, amount_fen, memo: '退款' });
  await Promise.all(Array.from({ length: 4 }, () => refund(first._id, `${first._id}:r`, 1000)));
  await refund(withPin._id, `${withPin._id}:r`, 3000);
  t.like(await limitsOf(r.client), { pin_free_spent_today_fen: 19_000, spent_today_fen: 19_000 });
  await pay(1000);
  await t.throwsAsync(pay(1), { message: /pin_required/ });

  // The hard cap stays: with the PIN up to ¥500 in all, then 没有扣款 whatever the PIN.
  await pay(CAP_FEN - 20_000, r.pin);
  await t.throwsAsync(pay(1, r.pin), { message: /daily_cap_exceeded/ });
  t.like(await limitsOf(r.client), { pin_free_spent_today_fen: 20_000, spent_today_fen: CAP_FEN });

  const card = await stack.api.wallet.cards.currentCard(r.user_id);
  const days = await stack.api.conn
    .collection<{ _id: string; holds: unknown[] }>('wallet_daily_spend')
    .find({ _id: { $regex: `^${card!._id}:` } })
    .toArray();
  t.is(days.length, 2, 'the hard cap and the PIN-free total');
  t.deepEqual(
    days.map((d) => d.holds),
    [[], []],
    'no hold is left behind',
  );
  t.deepEqual((await stack.api.wallet.check()).violations, []);
});
