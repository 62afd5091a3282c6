/**
 * Convenience calls, the operators' and money side (issue 6): catalogue editing by operators (validated attribute
 * definitions, active flag, existing calls keep their snapshot), the operator queue order (emergencies, then the
 * nearest SLA deadline) across cursor pages, the optional fee of a resolved call paid from the resident's wallet to the
 * provider exactly once (10 concurrent pays; PIN above the PIN-free limit; a refused attempt retried after topping up),
 * and the platform's delayed-job facility the SLA deadlines run on.
 */
import { randomUUID } from 'node:crypto';
import test from 'ava';
import { DEMO_WALLETS } from '@cc/api';
import { createJobRunner } from '@cc/api/platform/jobs';
import { createLogger } from '@cc/api/platform/logger';
import { ApiError, routes, type ApiClient, type Call } from '@cc/shared';
import { raw, startStack, type Stack } from '../support/stack';

let stack: Stack;
let seed: Awaited<ReturnType<Stack['seed']>>;
let operator: ApiClient;
let operatorToken: string;
let otherOperator: ApiClient;
let admin: ApiClient;
let provider: { client: ApiClient; user_id: string; token: string };

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

async function problemOf(promise: Promise<unknown>): Promise<{ status: number; code: string; errors?: { path: string }[] }> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ApiError) return { status: err.status, code: err.code, errors: err.problem.errors as { path: string }[] };
    throw err;
  }
  throw new Error('expected the call to fail');
}

const key = () => `k-${randomUUID()}`;

/** Raw JSON over HTTP, for bodies the typed client would refuse to send; the problem's status, code and field paths. */
async function send(token: string, method: string, path: string, body: unknown) {
  const res = await raw(`${stack.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, code: res.body?.code as string, errors: res.body?.errors as { path: string }[] | undefined };
}

async function residentOf(community_id: string, openid = `ops-${randomUUID().slice(0, 12)}`) {
  const person = await stack.login(openid);
  await person.client.call(routes.updateMe, { body: { community_id, address: '益乐新村 1 幢 1 单元 101' } });
  return person;
}

// ---------- catalogue editing ----------

const sla = { acknowledge_minutes: 30, resolve_minutes: 600 };

test('operators add a service with typed attributes; bad definitions → 400 naming the field; only their community; nothing written', async (t) => {
  const community_id = seed.communities.wenxin;
  const count = () => stack.api.conn.collection('call_services').countDocuments({ community_id, service_code: 'window_cleaning' });
  const before = await count();
  const bad: [Record<string, unknown>, string][] = [
    [{ attributes: [{ code: 'size', datatype: 'singlevaluelist', order: 1, description: '尺寸' }] }, 'body.attributes.0.values'],
    [
      { attributes: [{ code: 'size', datatype: 'string', order: 1, description: '尺寸', values: [{ key: 'a', name: 'A' }] }] },
      'body.attributes.0.values',
    ],
    [
      {
        attributes: [
          { code: 'a', datatype: 'string', order: 1, description: 'A' },
          { code: 'a', datatype: 'text', order: 2, description: 'B' },
        ],
      },
      'body.attributes',
    ],
    [
      {
        attributes: [
          { code: 'a', datatype: 'string', order: 1, description: 'A' },
          { code: 'b', datatype: 'text', order: 1, description: 'B' },
        ],
      },
      'body.attributes',
    ],
    [{ attributes: [{ code: 'Bad Code', datatype: 'string', order: 1, description: 'A' }] }, 'body.attributes.0.code'],
    [{ attributes: [{ code: 'a', datatype: 'colour', order: 1, description: 'A' }] }, 'body.attributes.0.datatype'],
    [{ attributes: [{ code: 'a', datatype: 'string', order: 0, description: 'A' }] }, 'body.attributes.0.order'],
    [
      {
        attributes: [
          {
            code: 'a',
            datatype: 'multivaluelist',
            order: 1,
            description: 'A',
            values: [
              { key: 'x', name: 'X' },
              { key: 'x', name: 'Y' },
            ],
          },
        ],
      },
      'body.attributes.0.values',
    ],
    [{ sla: { acknowledge_minutes: 0, resolve_minutes: 10 } }, 'body.sla.acknowledge_minutes'],
    [{ sla: { acknowledge_minutes: 10, resolve_minutes: 999_999 } }, 'body.sla.resolve_minutes'],
    [{ service_code: '9lives' }, 'body.service_code'],
  ];
  for (const [patch, path] of bad) {
    const p = await send(operatorToken, 'POST', `/api/v1/communities/${community_id}/services`, {
      service_code: 'window_cleaning',
      service_name: '擦窗',
      group: '家政',
      sla,
      ...patch,
    });
    t.is(p.status, 400, JSON.stringify(patch));
    t.true(p.errors?.some((e) => e.path === path) ?? false, `${path} in ${JSON.stringify(p.errors)}`);
  }
  t.like(
    await problemOf(
      otherOperator.call(routes.createService, {
        params: { community_id },
        body: { service_code: 'window_cleaning', service_name: '擦窗', group: '家政', sla },
      }),
    ),
    { status: 403, code: 'forbidden_scope' },
  );
  const resident = await residentOf(community_id);
  t.like(
    await problemOf(
      resident.client.call(routes.createService, {
        params: { community_id },
        body: { service_code: 'window_cleaning', service_name: '擦窗', group: '家政', sla },
      }),
    ),
    { status: 403, code: 'forbidden_role' },
  );
  t.is(await count(), before, 'nothing written');

  const created = await operator.call(routes.createService, {
    params: { community_id },
    body: {
      service_code: 'window_cleaning',
      service_name: '擦窗',
      description: '高层外窗除外',
      group: '家政',
      keywords: ['擦窗', '玻璃', '擦窗'],
      sla,
      attributes: [
        { code: 'windows', datatype: 'number', required: true, order: 1, description: '窗户数量' },
        {
          code: 'floor',
          datatype: 'singlevaluelist',
          order: 2,
          description: '楼层',
          values: [
            { key: 'low', name: '1–6 层' },
            { key: 'high', name: '7 层以上' },
          ],
        },
      ],
    },
  });
  t.like(created, { service_code: 'window_cleaning', active: true, metadata: true, type: 'realtime', emergency: false, sla });
  t.deepEqual(created.keywords, ['擦窗', '玻璃']);
  // The defaults are all still there (the first edit stored them), with the new one last.
  const { items } = await stack.client.call(routes.listServices, { params: { community_id }, query: {} });
  for (const code of ['water_electric', 'housekeeping', 'elder_meal', 'emergency', 'other', 'window_cleaning'])
    t.true(
      items.some((s) => s.service_code === code),
      code,
    );
  t.is(items.at(-1)?.service_code, 'window_cleaning');
  t.like(
    await problemOf(
      operator.call(routes.createService, {
        params: { community_id },
        body: { service_code: 'window_cleaning', service_name: '擦窗', group: '家政', sla },
      }),
    ),
    { status: 409, code: 'service_code_taken' },
  );
  // Residents can call it, with its attributes checked.
  t.like(await problemOf(resident.client.call(routes.createCall, { body: { service_code: 'window_cleaning' }, idempotencyKey: key() })), {
    status: 400,
    code: 'attribute_invalid',
  });
  const call = await resident.client.call(routes.createCall, {
    body: { service_code: 'window_cleaning', attributes: { windows: 6, floor: 'low' } },
    idempotencyKey: key(),
  });
  t.like(call.service_snapshot, { service_name: '擦窗', sla });
});

test('editing a service leaves existing calls with their snapshot; a deactivated service takes no new calls and is listed only on request', async (t) => {
  const community_id = seed.communities.wenxin;
  await operator.call(routes.createService, {
    params: { community_id },
    body: {
      service_code: 'pet_care',
      service_name: '宠物照看',
      group: '家政',
      sla: { acknowledge_minutes: 20, resolve_minutes: 300 },
      attributes: [{ code: 'pet', datatype: 'string', required: true, order: 1, description: '宠物' }],
    },
  });
  const resident = await residentOf(community_id);
  const before = await resident.client.call(routes.createCall, {
    body: { service_code: 'pet_care', attributes: { pet: '猫' } },
    idempotencyKey: key(),
  });
  const updated = await operator.call(routes.updateService, {
    params: { community_id, service_code: 'pet_care' },
    body: {
      service_name: '宠物上门照看',
      sla: { acknowledge_minutes: 5, resolve_minutes: 60 },
      attributes: [{ code: 'days', datatype: 'number', required: true, order: 1, description: '天数' }],
    },
  });
  t.like(updated, { service_name: '宠物上门照看', sla: { acknowledge_minutes: 5, resolve_minutes: 60 } });
  t.deepEqual(
    updated.attributes.map((a) => a.code),
    ['days'],
  );
  // The existing call: the name, attributes and SLA it was made under.
  const seen = await resident.client.call(routes.getCall, { params: { call_id: before.id } });
  t.like(seen, { service_name: '宠物照看', attributes: { pet: '猫' } });
  t.like(seen.service_snapshot, { service_name: '宠物照看', sla: { acknowledge_minutes: 20, resolve_minutes: 300 } });
  t.deepEqual(
    seen.service_snapshot.attributes.map((a) => a.code),
    ['pet'],
  );
  // Acknowledging it sets the resolve deadline from its own SLA (300 minutes), not the edited one (60).
  const acked = await operator.call(routes.acknowledgeCall, { params: { call_id: before.id } });
  const minutes = (Date.parse(acked.expected_datetime) - Date.now()) / 60_000;
  t.true(minutes > 290 && minutes <= 300, `${minutes}`);
  // New calls use the edited definition.
  t.like(
    await problemOf(
      resident.client.call(routes.createCall, { body: { service_code: 'pet_care', attributes: { pet: '狗' } }, idempotencyKey: key() }),
    ),
    { status: 400, code: 'attribute_invalid' },
  );

  await operator.call(routes.updateService, { params: { community_id, service_code: 'pet_care' }, body: { active: false } });
  const listed = await stack.client.call(routes.listServices, { params: { community_id }, query: {} });
  t.false(listed.items.some((s) => s.service_code === 'pet_care'));
  const all = await stack.client.call(routes.listServices, { params: { community_id }, query: { include_inactive: 'true' } });
  t.like(
    all.items.find((s) => s.service_code === 'pet_care'),
    { active: false },
  );
  t.like(
    await problemOf(
      resident.client.call(routes.createCall, {
        body: { service_code: 'pet_care', attributes: { days: 2 }, confirm_new: true },
        idempotencyKey: key(),
      }),
    ),
    { status: 409, code: 'service_inactive' },
  );
  // The old call goes on.
  t.is((await operator.call(routes.getCall, { params: { call_id: before.id } })).status, 'acknowledged');

  // Scope: another community's operator cannot; an admin can edit any community; unknown services → 404.
  t.like(
    await problemOf(
      otherOperator.call(routes.updateService, { params: { community_id, service_code: 'pet_care' }, body: { active: true } }),
    ),
    { status: 403 },
  );
  t.like(await admin.call(routes.updateService, { params: { community_id, service_code: 'pet_care' }, body: { active: true } }), {
    active: true,
  });
  t.like(
    await problemOf(operator.call(routes.updateService, { params: { community_id, service_code: 'no_such' }, body: { active: true } })),
    { status: 404, code: 'service_not_found' },
  );
  // A default service of a community whose catalogue was never edited: stored first, then changed.
  const village = seed.communities.baisha;
  const edited = await admin.call(routes.updateService, {
    params: { community_id: village, service_code: 'locksmith' },
    body: { sla: { acknowledge_minutes: 20, resolve_minutes: 120 } },
  });
  t.like(edited, { service_name: '开锁换锁', sla: { acknowledge_minutes: 20, resolve_minutes: 120 } });
  t.true((await stack.client.call(routes.listServices, { params: { community_id: village }, query: {} })).items.length >= 9);
});

// ---------- queue order ----------

test('the operator queue: emergencies first, then the nearest SLA deadline, across cursor pages, with a countdown', async (t) => {
  const community = await admin.call(routes.createCommunity, {
    body: {
      code: `q-${randomUUID().slice(0, 8)}`,
      name: '排队测试社区',
      kind: 'community',
      city: '杭州市',
      district: '西湖区',
      address: '测试路 1 号',
      location: { lat: 30.27, lng: 120.15 },
      hotline: '0571-88880000',
    },
  });
  const community_id = community.id;
  // Deadlines (acknowledge SLA): locksmith 10, water_electric 15, elder_meal 30, housekeeping 60, other 60, emergency 2.
  const plan: [string, Record<string, string | number>][] = [
    ['other', {}],
    ['housekeeping', { area_sqm: 40 }],
    ['emergency', {}],
    ['locksmith', {}],
    ['water_electric', { problem: 'leak' }],
    ['elder_meal', { meal: 'lunch' }],
    ['emergency', {}],
    ['other', {}],
  ];
  const made: Call[] = [];
  for (const [service_code, attributes] of plan) {
    const r = await residentOf(community_id);
    made.push(await r.client.call(routes.createCall, { body: { service_code, attributes }, idempotencyKey: key() }));
  }
  const expected = [...made]
    .sort(
      (a, b) =>
        (a.priority === 'emergency' ? 0 : 1) - (b.priority === 'emergency' ? 0 : 1) ||
        Date.parse(a.expected_datetime) - Date.parse(b.expected_datetime) ||
        a.id.localeCompare(b.id),
    )
    .map((c) => c.id);

  const pages: Call[][] = [];
  let cursor: string | undefined;
  do {
    const page = await admin.call(routes.listCommunityCalls, {
      params: { community_id },
      query: { limit: 3, ...(cursor ? { cursor } : {}) },
    });
    pages.push(page.items);
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  t.is(pages.length, 3);
  const ids = pages.flat().map((c) => c.id);
  t.deepEqual(ids, expected);
  t.is(pages[0]![0]!.priority, 'emergency');
  t.is(pages[0]![1]!.priority, 'emergency');
  t.is(pages[0]![2]!.service_code, 'locksmith');
  for (const c of pages.flat()) {
    const left = (Date.parse(c.expected_datetime) - Date.now()) / 1000;
    t.true(c.seconds_to_deadline !== null && Math.abs(c.seconds_to_deadline - left) < 30, `${c.seconds_to_deadline} ~ ${left}`);
  }
  // A call acknowledged moves to its resolve deadline; closed calls have no countdown; state filters.
  const sos = made.find((c) => c.priority === 'emergency')!;
  await admin.call(routes.cancelCall, { params: { call_id: sos.id } });
  const open = await admin.call(routes.listCommunityCalls, { params: { community_id }, query: { limit: 100, state: 'open' } });
  t.false(open.items.some((c) => c.id === sos.id));
  t.is(open.items.length, made.length - 1);
  const closed = await admin.call(routes.listCommunityCalls, { params: { community_id }, query: { limit: 100, state: 'closed' } });
  t.deepEqual(
    closed.items.map((c) => [c.id, c.seconds_to_deadline]),
    [[sos.id, null]],
  );
  t.deepEqual(
    (await admin.call(routes.listCommunityCalls, { params: { community_id }, query: { state: 'closed', status: 'open' } })).items,
    [],
  );
  t.like(await problemOf(admin.call(routes.listCommunityCalls, { params: { community_id }, query: { cursor: 'bm9wZQ' } })), {
    status: 400,
    code: 'invalid_cursor',
  });
});

// ---------- fees ----------

/** A call of `openid` (a demo resident with a wallet) resolved by the provider with a fee. */
async function resolvedWithFee(openid: string, fee_fen: number): Promise<{ call: Call; owner: ApiClient }> {
  const owner = (await stack.login(openid)).client;
  const call = await owner.call(routes.createCall, {
    body: { service_code: 'other', description: `收费服务 ${randomUUID().slice(0, 6)}`, confirm_new: true },
    idempotencyKey: key(),
  });
  const p = { params: { call_id: call.id } };
  await operator.call(routes.acknowledgeCall, p);
  await operator.call(routes.assignCall, { ...p, body: { provider_id: provider.user_id } });
  await provider.client.call(routes.acceptCall, p);
  const resolved = await provider.client.call(routes.resolveCall, { ...p, body: { note: '已完成', fee_fen } });
  return { call: resolved, owner };
}

const balanceOf = async (client: ApiClient) => (await client.call(routes.getWallet, { query: {} })).balance_fen;
const providerBalance = async () => (await stack.api.wallet.ledger.ensureAccount('provider', provider.user_id, '便民服务收入')).balance_fen;
const feeTransfers = (call_id: string) =>
  stack.api.conn
    .collection('ledger_transfers')
    .find({ idempotency_key: { $regex: `^callfee:${call_id}:` } })
    .toArray();

test.serial('10 concurrent pays of a fee: paid exactly once, from the wallet to the provider', async (t) => {
  const wallet = DEMO_WALLETS[0]!;
  const { call, owner } = await resolvedWithFee(wallet.openid, 3000);
  t.like(call.fee, { amount_fen: 3000, status: 'due', set_by: provider.user_id, paid_at: null, transfer_id: null });
  t.regex(call.history.at(-1)?.note ?? '', /¥30\.00/);
  const [walletBefore, providerBefore] = [await balanceOf(owner), await providerBalance()];

  const results = await Promise.allSettled(
    Array.from({ length: 10 }, () => owner.call(routes.payCallFee, { params: { call_id: call.id }, body: {}, idempotencyKey: key() })),
  );
  for (const r of results) {
    t.is(r.status, 'fulfilled', r.status === 'rejected' ? String(r.reason) : '');
    if (r.status === 'fulfilled') t.like(r.value.fee, { status: 'paid', amount_fen: 3000 });
  }
  const transfers = await feeTransfers(call.id);
  t.is(transfers.length, 1);
  t.like(transfers[0], { status: 'posted', amount_fen: 3000, kind: 'call_fee', reference_id: call.id });
  t.is(await balanceOf(owner), walletBefore - 3000);
  t.is(await providerBalance(), providerBefore + 3000);
  const after = await owner.call(routes.getCall, { params: { call_id: call.id } });
  t.like(after.fee, { status: 'paid', transfer_id: transfers[0]!._id as unknown as string });
  t.is(after.history.filter((h) => h.action === 'fee_paid').length, 1);
  // Paying again is a no-op that answers with the paid call.
  t.like((await owner.call(routes.payCallFee, { params: { call_id: call.id }, body: {}, idempotencyKey: key() })).fee, { status: 'paid' });
  t.is(await balanceOf(owner), walletBefore - 3000);
  t.like(await problemOf(operator.call(routes.setCallFee, { params: { call_id: call.id }, body: { fee_fen: 100 } })), {
    status: 409,
    code: 'fee_already_paid',
  });
  t.deepEqual((await stack.api.wallet.check()).violations, []);
});

test.serial(
  'above the PIN-free limit the PIN is needed; a refusal moves nothing and the fee can be paid later, also after topping up',
  async (t) => {
    const wallet = DEMO_WALLETS[1]!; // ¥100
    const { call, owner } = await resolvedWithFee(wallet.openid, 8000);
    const p = { params: { call_id: call.id } };
    const start = await balanceOf(owner);
    t.like(await problemOf(owner.call(routes.payCallFee, { ...p, body: {}, idempotencyKey: key() })), {
      status: 403,
      code: 'pin_required',
    });
    t.like(await problemOf(owner.call(routes.payCallFee, { ...p, body: { pin: '000000' }, idempotencyKey: key() })), {
      status: 401,
      code: 'pin_incorrect',
    });
    t.like((await owner.call(routes.getCall, p)).fee, { status: 'due' });
    t.is(await balanceOf(owner), start);
    t.is((await feeTransfers(call.id)).length, 0);
    t.like((await owner.call(routes.payCallFee, { ...p, body: { pin: wallet.pin }, idempotencyKey: key() })).fee, {
      status: 'paid',
      amount_fen: 8000,
    });
    t.is(await balanceOf(owner), start - 8000);

    // Not enough money: the attempt is voided, nothing moves; after a cash top-up the next attempt pays.
    const second = await resolvedWithFee(wallet.openid, start - 8000 + 1000);
    const q = { params: { call_id: second.call.id } };
    t.like(await problemOf(owner.call(routes.payCallFee, { ...q, body: { pin: wallet.pin }, idempotencyKey: key() })), {
      status: 409,
      code: 'insufficient_funds',
    });
    t.like((await owner.call(routes.getCall, q)).fee, { status: 'due' });
    await operator.call(routes.cashTopup, {
      params: { community_id: seed.communities.wenxin },
      body: { card_number: wallet.card_number, amount_fen: 5000 },
      idempotencyKey: key(),
    });
    t.like((await owner.call(routes.payCallFee, { ...q, body: { pin: wallet.pin }, idempotencyKey: key() })).fee, { status: 'paid' });
    const tries = await feeTransfers(second.call.id);
    t.deepEqual(tries.map((x) => x.status).sort(), ['posted', 'voided'], 'a voided attempt, then a new key that paid');
  },
);

test('who sets and pays fees: provider at resolve (bounded), provider or operator while unpaid, only the resident pays', async (t) => {
  const resident = await residentOf(seed.communities.wenxin);
  const call = await resident.client.call(routes.createCall, { body: { service_code: 'other' }, idempotencyKey: key() });
  const p = { params: { call_id: call.id } };
  t.like(await problemOf(resident.client.call(routes.payCallFee, { ...p, body: {}, idempotencyKey: key() })), {
    status: 409,
    code: 'no_fee_due',
  });
  await operator.call(routes.acknowledgeCall, p);
  await operator.call(routes.assignCall, { ...p, body: { provider_id: provider.user_id } });
  await provider.client.call(routes.acceptCall, p);
  t.like(await problemOf(operator.call(routes.setCallFee, { ...p, body: { fee_fen: 500 } })), {
    status: 409,
    code: 'fee_only_when_resolved',
  });
  for (const fee_fen of [100_001, -1, 1.5, '10'])
    t.like(await send(provider.token, 'POST', `/api/v1/calls/${call.id}/resolve`, { fee_fen }), { status: 400, code: 'validation_failed' });
  const resolved = await provider.client.call(routes.resolveCall, p);
  t.is(resolved.fee, null, 'no fee unless stated');
  const set = await provider.client.call(routes.setCallFee, { ...p, body: { fee_fen: 1500, note: '更换了配件' } });
  t.like(set.fee, { amount_fen: 1500, status: 'due' });
  const fixed = await operator.call(routes.setCallFee, { ...p, body: { fee_fen: 1200 } });
  t.like(fixed.fee, { amount_fen: 1200, set_by: fixed.history.at(-1)?.actor_id });
  t.like(fixed.history.at(-1), { action: 'fee', actor_role: 'operator' });
  t.regex(fixed.history.at(-1)?.note ?? '', /¥12\.00.*¥15\.00/);
  t.like(await problemOf(otherOperator.call(routes.setCallFee, { ...p, body: { fee_fen: 1 } })), { status: 404 });
  t.like(await problemOf(resident.client.call(routes.setCallFee, { ...p, body: { fee_fen: 1 } })), { status: 403, code: 'forbidden_role' });
  t.like(await problemOf(provider.client.call(routes.payCallFee, { ...p, body: {}, idempotencyKey: key() })), {
    status: 403,
    code: 'not_owner',
  });
  const stranger = await residentOf(seed.communities.wenxin);
  t.like(await problemOf(stranger.client.call(routes.payCallFee, { ...p, body: {}, idempotencyKey: key() })), { status: 404 });
  // This resident has no citizen card: the wallet says so, and nothing changes.
  t.like(await problemOf(resident.client.call(routes.payCallFee, { ...p, body: {}, idempotencyKey: key() })), {
    status: 404,
    code: 'card_not_bound',
  });
  t.like((await resident.client.call(routes.getCall, p)).fee, { status: 'due', amount_fen: 1200 });
  // Waived.
  t.is((await operator.call(routes.setCallFee, { ...p, body: { fee_fen: 0 } })).fee, null);
  t.like(await problemOf(resident.client.call(routes.payCallFee, { ...p, body: {}, idempotencyKey: key() })), {
    status: 409,
    code: 'no_fee_due',
  });
});

// ---------- the delayed-job facility ----------

test('runner.delayed: a job runs once at its time with its data; the same id twice is one job; a cancelled job never runs', async (t) => {
  const runner = createJobRunner({
    redisUrl: stack.config.REDIS_URL,
    prefix: `${stack.config.REDIS_KEY_PREFIX}bull`,
    logger: createLogger('silent'),
  });
  try {
    const seen: { n: number; at: number }[] = [];
    const jobs = runner.delayed<{ n: number }>(`test-delayed-${randomUUID().slice(0, 8)}`, async ({ n }) => {
      seen.push({ n, at: Date.now() });
    });
    const at = new Date(Date.now() + 300);
    await jobs.schedule('job-1', { n: 1 }, at);
    await jobs.schedule('job-1', { n: 99 }, at);
    await jobs.schedule('job-2', { n: 2 }, new Date(Date.now() + 400));
    t.true(await jobs.cancel('job-2'));
    t.false(await jobs.cancel('job-unknown'));
    const end = Date.now() + 10_000;
    while (seen.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 600));
    t.deepEqual(
      seen.map((s) => s.n),
      [1],
    );
    t.true(seen[0]!.at >= at.getTime() - 5, 'not before its time');
  } finally {
    await runner.close();
  }
});

test('a runner without workers only produces, and closes quickly', async (t) => {
  const runner = createJobRunner({
    redisUrl: stack.config.REDIS_URL,
    prefix: `${stack.config.REDIS_KEY_PREFIX}bull`,
    logger: createLogger('silent'),
    workers: false,
  });
  let ran = false;
  const jobs = runner.delayed<{ x: number }>(`test-produce-${randomUUID().slice(0, 8)}`, async () => {
    ran = true;
  });
  runner.every('never-here', 10, async () => {
    ran = true;
  });
  await jobs.schedule('a', { x: 1 }, new Date());
  await new Promise((r) => setTimeout(r, 300));
  t.false(ran);
  const started = Date.now();
  await runner.close();
  t.true(Date.now() - started < 5500);
  await t.throwsAsync(jobs.schedule('b', { x: 2 }, new Date()), { message: /closed/ });
  t.throws(() => runner.delayed('never-here', async () => undefined), { message: /registered twice/ });
});
