/** The calls suites' shared stack (one per test file; SLA minutes compressed), people and helpers. */
import { randomUUID } from 'node:crypto';
import test from 'ava';
import { ApiError, routes, type ApiClient } from '@cc/shared';
import { until as untilDeadline } from './outcome';
import { startStack, type Stack } from './stack';

// One SLA minute = 60 ms: water_electric acknowledges within 15 "minutes" = 0.9 s.
process.env.CALLS_SLA_SCALE = '0.001';
process.env.CALLS_PER_USER_LIMIT = '6';

export let stack: Stack;
export let seed: Awaited<ReturnType<Stack['seed']>>;
export let operator: ApiClient;
export let otherOperator: ApiClient;
export let provider: { client: ApiClient; user_id: string };
export let admin: ApiClient;

/** Starts this suite's stack (one per test file) before its tests; stops it after. */
export function setupCallsStack(): void {
  test.before(async () => {
    stack = await startStack();
    seed = await stack.seed();
    operator = (await stack.login('demo-operator-1')).client;
    otherOperator = (await stack.login('demo-operator-2')).client;
    admin = (await stack.login('demo-admin-1')).client;
    const p = await stack.login('demo-provider-1');
    provider = { client: p.client, user_id: p.user_id };
    await operator.call(routes.setProviderSkills, {
      params: { community_id: seed.communities.wenxin, user_id: p.user_id },
      body: { skills: ['water_electric', 'housekeeping', 'other', 'appliance'] },
    });
  });
  test.after.always(() => stack?.stop());
}

export async function problemOf(
  promise: Promise<unknown>,
): Promise<{ status: number; code: string; detail?: string; errors?: { path: string }[] }> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ApiError)
      return { status: err.status, code: err.code, detail: err.problem.detail, errors: err.problem.errors as { path: string }[] };
    throw err;
  }
  throw new Error('expected the call to fail');
}

export const key = () => `k-${randomUUID()}`;

/** A new resident of 益乐社区 with a registered address. */
export async function resident() {
  const person = await stack.login(`calls-${randomUUID().slice(0, 12)}`);
  await person.client.call(routes.updateMe, { body: { community_id: seed.communities.wenxin, address: '益乐新村 3 幢 2 单元 501' } });
  return person;
}

export async function raise(client: ApiClient, body: Record<string, unknown> = {}) {
  return client.call(routes.createCall, {
    body: { service_code: 'other', description: '需要帮忙', ...body } as never,
    idempotencyKey: key(),
  });
}

/** Polls until `check` returns a value (no fixed sleeps); 10 s unless said. */
export const until = <T>(what: string, check: () => Promise<T | undefined | null | false>, timeoutMs = 10_000): Promise<T> =>
  untilDeadline(what, check, timeoutMs);
