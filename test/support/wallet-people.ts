/** People with a bound citizen card and money on it, for tests of paying and refunds. */
import { randomUUID } from 'node:crypto';
import { routes } from '@cc/shared';
import type { Stack } from './stack';

/** Luhn-valid card numbers in a range of their own (each test file starts at its own base). */
export function cardNumbers(base: number): () => string {
  let serial = base;
  return () => {
    const body = `88603301${String(++serial).padStart(10, '0')}`;
    let sum = 0;
    for (let i = 0; i < body.length; i++) {
      let d = Number(body[body.length - 1 - i]);
      if (i % 2 === 0) d *= 2;
      if (d > 9) d -= 9;
      sum += d;
    }
    return `${body}${(10 - (sum % 10)) % 10}`;
  };
}

/** A new resident of `community_id` with a bound card, a PIN and `balance_fen` paid in cash at the counter. */
export async function cardHolder(
  stack: Stack,
  opts: { community_id: string; card_number: string; balance_fen?: number; pin?: string; operator_openid?: string },
) {
  stack.cardGateway.addCard({ card_number: opts.card_number, holder_name: '测试居民', status: 'active', card_type: 'standard' });
  const person = await stack.login(`holder-${randomUUID().slice(0, 12)}`);
  await person.client.call(routes.updateMe, { body: { community_id: opts.community_id } });
  await person.client.call(routes.bindCard, { body: { card_number: opts.card_number, holder_name: '测试居民' } });
  const pin = opts.pin ?? '246802';
  await person.client.call(routes.setPin, { body: { pin } });
  const topUp = async (amount_fen: number) => {
    const operator = (await stack.login(opts.operator_openid ?? 'demo-operator-1')).client;
    await operator.call(routes.cashTopup, {
      params: { community_id: opts.community_id },
      body: { card_number: opts.card_number, amount_fen },
      idempotencyKey: randomUUID(),
    });
  };
  if (opts.balance_fen) await topUp(opts.balance_fen);
  return { ...person, pin, topUp };
}
