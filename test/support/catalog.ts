/** The catalog suites' shared stack (one per test file), demo seed, people and helpers. */
import { randomUUID } from 'node:crypto';
import test from 'ava';
import { seedDemo } from '@cc/api';
import { ApiError, creditCodeCheckChar, residentIdCheckChar, routes, type ApiClient, type Category, type Merchant } from '@cc/shared';
import { until as untilDeadline } from './outcome';
import { startStack, type Stack } from './stack';

export let stack: Stack;
export let seed: Awaited<ReturnType<typeof seedDemo>>;
export let operatorW: ApiClient; // 益乐社区 (wenxin)
export let operatorJ: ApiClient; // 径山村 (jingshan)
export let admin: ApiClient;
export let categories: Category[];

/** Starts the stack and seeds the demo before the file's tests; stops it after. */
export function setupCatalogStack(): void {
  test.before(async () => {
    stack = await startStack();
    seed = await seedDemo({ identity: stack.api.identity, wallet: stack.api.wallet, catalog: stack.api.catalog });
    operatorW = (await stack.login('demo-operator-1')).client;
    operatorJ = (await stack.login('demo-operator-2')).client;
    admin = (await stack.login('demo-admin-1')).client;
    categories = (await stack.client.call(routes.listCategories, {})).items;
  });
  test.after.always(() => stack?.stop());
}

export async function problemOf(
  promise: Promise<unknown>,
): Promise<{ status: number; code: string; errors: { path: string; message: string }[] }> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ApiError)
      return { status: err.status, code: err.code, errors: (err.problem.errors ?? []) as { path: string; message: string }[] };
    throw err;
  }
  throw new Error('expected the call to fail');
}

export const cat = (code: string) => categories.find((c) => c.code === code)!.id;
export const residentId = (first17: string) => first17 + residentIdCheckChar(first17);
export const creditCode = (first17: string) => first17 + creditCodeCheckChar(first17);
export const VALID_ID = residentId('33011019800101123');

/** Polls until `check` returns a value (no fixed sleeps); 30 s unless said. */
export const until = <T>(what: string, check: () => Promise<T | undefined | null | false>, timeoutMs = 30_000): Promise<T> =>
  untilDeadline(what, check, timeoutMs);

export type Seller = { client: ApiClient; token: string; user_id: string; merchant: Merchant };

/** A new person who opens a shop (verified by 周敏 of 益乐社区 unless said otherwise). */
export async function seller(
  opts: { verified?: boolean; community_id?: string; serves?: string[]; kind?: 'farmer' | 'coop' | 'store'; origin?: string } = {},
): Promise<Seller> {
  const person = await stack.login(`seller-${randomUUID().slice(0, 12)}`);
  const community_id = opts.community_id ?? seed.communities.wenxin;
  let merchant = await person.client.call(routes.createMerchant, {
    body: {
      name: `测试商户${randomUUID().slice(0, 6)}`,
      kind: opts.kind ?? 'farmer',
      contact_name: '张三',
      contact_phone: '13800001111',
      community_id,
      ...(opts.origin ? { origin_village: opts.origin } : {}),
      ...(opts.serves ? { serves_community_ids: opts.serves } : {}),
    },
  });
  if (opts.verified ?? true) {
    const id =
      opts.kind === 'coop'
        ? { id_kind: 'credit_code' as const, id_number: creditCode('93330185MA2H4K7P9') }
        : { id_kind: 'resident_id' as const, id_number: VALID_ID };
    await person.client.call(routes.submitMerchantVerification, {
      params: { merchant_id: merchant.id },
      body: { real_name: '张三', ...id },
    });
    const verifier = community_id === seed.communities.wenxin ? operatorW : community_id === seed.communities.jingshan ? operatorJ : admin;
    merchant = await verifier.call(routes.approveMerchant, { params: { merchant_id: merchant.id }, body: {} });
  }
  return { client: person.client, token: person.token, user_id: person.user_id, merchant };
}

export function productBody(over: Record<string, unknown> = {}) {
  return { name: '测试青菜', category_id: cat('vegetables.leafy'), unit: '斤', price_fen: 350, stock: 10, ...over } as never;
}

export async function productsOf(merchant_id: string) {
  return stack.api.conn.collection('products').find({ merchant_id }).sort({ _id: 1 }).toArray();
}

// ---------- categories and demo data ----------
