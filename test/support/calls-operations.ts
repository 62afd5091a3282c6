/** The calls operations suites' shared stack (one per test file), people and helpers. */
import { randomUUID } from 'node:crypto';
import test from 'ava';
import { ApiError, routes, type ApiClient } from '@cc/shared';
import { raw, startStack, type Stack } from './stack';

export let stack: Stack;
export let seed: Awaited<ReturnType<Stack['seed']>>;
export let operator: ApiClient;
export let operatorToken: string;
export let otherOperator: ApiClient;
export let admin: ApiClient;
export let provider: { client: ApiClient; user_id: string; token: string };

/** Starts this suite's stack (one per test file) before its tests; stops it after. */
export function setupCallsOperationsStack(): void {
  test.before(async () => {
    stack = await startStack();
    seed = await stack.seed();
    const op = await stack.login('demo-operator-1');
    operator = op.client;
    operatorToken = op.token;
    otherOperator = (await stack.login('demo-operator-2')).client;
    admin = (await stack.login('demo-admin-1')).client;
    const p = await stack.login('demo-provider-1');
    provider = { client: p.client, user_id: p.user_id, token: p.token };
    await operator.call(routes.setProviderSkills, {
      params: { community_id: seed.communities.wenxin, user_id: p.user_id },
      body: { skills: ['water_electric', 'housekeeping', 'other', 'appliance'] },
    });
  });
  test.after.always(() => stack?.stop());
}

export async function problemOf(promise: Promise<unknown>): Promise<{ status: number; code: string; errors?: { path: string }[] }> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ApiError) return { status: err.status, code: err.code, errors: err.problem.errors as { path: string }[] };
    throw err;
  }
  throw new Error('expected the call to fail');
}

export const key = () => `k-${randomUUID()}`;

/** Raw JSON over HTTP, for bodies the typed client would refuse to send; the problem's status, code and field paths. */
export async function send(token: string, method: string, path: string, body: unknown) {
  const res = await raw(`${stack.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, code: res.body?.code as string, errors: res.body?.errors as { path: string }[] | undefined };
}

export async function residentOf(community_id: string, openid = `ops-${randomUUID().slice(0, 12)}`) {
  const person = await stack.login(openid);
  await person.client.call(routes.updateMe, { body: { community_id, address: '益乐新村 1 幢 1 单元 101' } });
  return person;
}
