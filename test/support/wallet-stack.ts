/**
 * The stack the wallet suites share (wallet*.test.ts): PIN-free limit ¥50, daily cap ¥500, the demo seed; and the
 * people they make — a resident with a bound card, a PIN and some cash — with the helpers to read problems and
 * balances. The bindings are live: read them inside tests, after `useWalletStack()` has registered its hooks.
 */
import { randomUUID } from 'node:crypto';
import test from 'ava';
import { ApiError, routes, type ApiClient } from '@cc/shared';
import { startStack, type Stack } from './stack';
import { cardNumbers } from './wallet-people';

export let stack: Stack;
export let seed: Awaited<ReturnType<Stack['seed']>>;

export function useWalletStack(): void {
  test.before(async () => {
    stack = await startStack({ WALLET_PIN_FREE_LIMIT_FEN: '5000', WALLET_DAILY_CAP_FEN: '50000' });
    seed = await stack.seed();
  });
  test.after.always(() => stack?.stop());
}

export async function problemOf(promise: Promise<unknown>): Promise<{ status: number; code: string; title?: string }> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ApiError) return { status: err.status, code: err.code, title: err.problem.title };
    throw err;
  }
  throw new Error('expected the call to fail');
}

/** Luhn-valid card numbers the test adds to the simulated card centre. */
export const newCardNumber = cardNumbers(500_000_000);

/** A new person with a bound card, a PIN and some money (cash at the counter). */
export async function resident(opts: { holder?: string; balance_fen?: number; pin?: string } = {}) {
  const holder = opts.holder ?? '测试居民';
  const card_number = newCardNumber();
  stack.cardGateway.addCard({ card_number, holder_name: holder, status: 'active', card_type: 'standard' });
  const person = await stack.login(`wallet-${randomUUID().slice(0, 12)}`);
  await person.client.call(routes.updateMe, { body: { community_id: seed.communities.wenxin } });
  await person.client.call(routes.bindCard, { body: { card_number, holder_name: holder } });
  const pin = opts.pin ?? '246802';
  await person.client.call(routes.setPin, { body: { pin } });
  if (opts.balance_fen) {
    const operator = (await stack.login('demo-operator-1')).client;
    await operator.call(routes.cashTopup, {
      params: { community_id: seed.communities.wenxin },
      body: { card_number, amount_fen: opts.balance_fen },
      idempotencyKey: randomUUID(),
    });
  }
  return { ...person, card_number, pin };
}

export const kiosk = () => stack.terminal(seed.kiosk.id, seed.kiosk.secret);
export const balanceOf = async (client: ApiClient) => (await client.call(routes.getWallet, {})).balance_fen;
