/**
 * One vocabulary of status words and colours per lifecycle (issue 12 item 4, packages/shared/src/status-words.ts):
 * every status the contract can answer — read from the response schemas themselves, so a status added to the
 * contract without a word fails here — has one word and a colour token; words are distinct within a lifecycle, and
 * a role's hint never passes for a status word.
 */
import test from 'ava';
import type { z } from 'zod';
import {
  Call,
  DeliveryTask,
  Order,
  ProxyOrder,
  STATUS_TONES,
  STATUS_WORDS,
  Topup,
  TopupRefund,
  statusWord,
  type Lifecycle,
  type StatusWord,
} from '@cc/shared';

const optionsOf = (schema: z.ZodType): string[] => {
  let s = schema as unknown as { unwrap?: () => unknown; options?: string[] };
  while (!s.options && s.unwrap) s = s.unwrap() as typeof s;
  if (!s.options) throw new Error('not an enum');
  return [...s.options];
};

/** The statuses each lifecycle can have, as the API answers them. */
const CONTRACT: Record<Lifecycle, string[][]> = {
  order: [optionsOf(Order.shape.status)],
  call: [optionsOf(Call.shape.status)],
  refund: [optionsOf(TopupRefund.shape.status), optionsOf(Order.shape.refund.unwrap().shape.money)],
  topup: [optionsOf(Topup.shape.status)],
  delivery: [optionsOf(DeliveryTask.shape.status)],
  proxy: [optionsOf(ProxyOrder.shape.status)],
  family_payment: [optionsOf(ProxyOrder.shape.family_payment)],
};

for (const [lifecycle, lists] of Object.entries(CONTRACT) as [Lifecycle, string[][]][]) {
  test(`${lifecycle}: every status of the contract has one word and a colour token, and nothing else has`, (t) => {
    const words = STATUS_WORDS[lifecycle] as Record<string, StatusWord>;
    const statuses = [...new Set(lists.flat())];
    t.true(statuses.length >= 3, 'the statuses were read from the contract');
    for (const list of lists) t.deepEqual([...list].sort(), [...statuses].sort(), 'every schema of this lifecycle has the same statuses');
    t.deepEqual(Object.keys(words).sort(), [...statuses].sort());
    for (const status of statuses) {
      const w = words[status]!;
      t.regex(w.word, /^\p{Script=Han}{2,6}$/u, `${status}: a short Chinese word`);
      t.true(STATUS_TONES.includes(w.tone), `${status}: ${w.tone} is a colour token`);
      t.notRegex(w.tone, /#|rgb/i);
    }
    const all = statuses.map((s) => words[s]!.word);
    t.is(new Set(all).size, all.length, `one status, one word: ${all.join(' ')}`);
    for (const status of statuses)
      for (const hint of Object.values(words[status]!.next ?? {}))
        t.false(all.includes(hint), `${status}: the hint "${hint}" is not another status word`);
  });
}

test('the resident and the operator get the same word; only the next step differs', (t) => {
  const resident = statusWord('order', 'paid', 'resident');
  const seller = statusWord('order', 'paid', 'seller');
  const operator = statusWord('order', 'paid', 'operator');
  t.is(resident.word, '已付款');
  t.is(seller.word, resident.word);
  t.is(operator.word, resident.word);
  t.is(seller.tone, resident.tone);
  t.not(seller.next, resident.next);
  t.is(statusWord('order', 'cancelled', 'seller').next, null);
  t.is(statusWord('call', 'cancelled').next, null, 'no viewer, no hint');
  t.is(statusWord('refund', 'failed', 'operator').tone, 'danger');
});
