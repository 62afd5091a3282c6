/**
 * A call is visible to its requester, its provider and its community's operators only; to anyone else it does not
 * exist (issue 11 finding 6): every call object route answers a stranger 404 call_not_found — the same as for an id
 * that was never issued — never a 403 that would tell the call is there. Strangers who hold the route's role: a
 * resident, a provider and an operator of another community. The role gate (403 forbidden_role for a person without
 * the route's role at all) answers the same for existing and unknown ids, so it tells nothing either.
 */
import { randomUUID } from 'node:crypto';
import test from 'ava';
import { routeList, routes } from '@cc/shared';
import { raw, startStack, type Stack } from '../support/stack';

let stack: Stack;
let callId: string;
const tokens: Record<string, string> = {};

test.before(async () => {
  stack = await startStack();
  await stack.seed();
  const resident = await stack.login('demo-resident-1');
  const call = await resident.client.call(routes.createCall, {
    body: { service_code: 'other', description: '需要帮忙搬东西' } as never,
    idempotencyKey: `k-${randomUUID()}`,
  });
  callId = call.id;
  const other = await stack.login('demo-resident-2');
  tokens['another resident'] = other.token;
  tokens['operator of another community'] = (await stack.login('demo-operator-2')).token;
  tokens['a provider it is not assigned to'] = (await stack.login('demo-provider-1')).token;
});
test.after.always(() => stack?.stop());

/** A body each route accepts (validation runs before the handler looks the call up). */
const BODIES: Record<string, unknown> = {
  declineCall: { reason: '不在服务范围' },
  addCallNote: { note: '已电话联系' },
  closeDuplicateCall: { duplicate_of: 'req_00000000000000000000000000' },
  setCallFee: { fee_fen: 0 },
  rateCall: { rating: 5 },
};

const callRoutes = routeList.filter((r) => r.path.includes(':call_id'));

async function answer(route: (typeof callRoutes)[number], id: string, token: string) {
  const res = await raw(`${stack.apiUrl}${route.path.replace(':call_id', id)}`, {
    method: route.method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': `k-${randomUUID()}` },
    ...(route.method === 'GET' ? {} : { body: JSON.stringify(BODIES[route.id] ?? {}) }),
  });
  return `${res.status} ${String(res.body?.code)}`;
}

test('every call object route answers a stranger as if the call did not exist', async (t) => {
  t.true(callRoutes.length >= 10, `${callRoutes.length} call routes`);
  const unknown = 'req_00000000000000000000000000';
  for (const route of callRoutes) {
    for (const [who, token] of Object.entries(tokens)) {
      const existing = await answer(route, callId, token);
      t.is(existing, await answer(route, unknown, token), `${route.id} as ${who}: same answer as for an unknown id`);

      if (!existing.endsWith('forbidden_role')) t.is(existing, '404 call_not_found', `${route.id} as ${who}`);
    }
  }
});
