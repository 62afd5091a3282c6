/**
 * Convenience calls, the operators' side (issue 6): catalogue editing by operators (validated attribute definitions,
 * active flag, existing calls keep their snapshot) and the operator queue order (emergencies, then the nearest SLA
 * deadline) across cursor pages. Fees and the delayed-job facility are in calls-fees.test.ts.
 */
import { randomUUID } from 'node:crypto';
import test, { type ExecutionContext } from 'ava';
import { routes, type Call } from '@cc/shared';
import {
  stack,
  seed,
  operator,
  operatorToken,
  otherOperator,
  admin,
  problemOf,
  key,
  send,
  residentOf,
  setupCallsOperationsStack,
} from '../support/calls-operations';

setupCallsOperationsStack();

// ---------- catalogue editing ----------

const sla = { acknowledge_minutes: 30, resolve_minutes: 600 };

/** Service definitions that are refused, and the field each 400 names. */
const BAD_DEFINITIONS: [Record<string, unknown>, string][] = [
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

/** Bad definitions → 400 naming the field; another community's operator → 403. */
async function refusedDefinitions(t: ExecutionContext, community_id: string): Promise<void> {
  for (const [patch, path] of BAD_DEFINITIONS) {
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
}

test('operators add a service with typed attributes; bad definitions → 400 naming the field; only their community; nothing written', async (t) => {
  const community_id = seed.communities.wenxin;
  const count = () => stack.api.conn.collection('call_services').countDocuments({ community_id, service_code: 'window_cleaning' });
  const before = await count();
  await refusedDefinitions(t, community_id);
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

/** Scope: another community's operator cannot; an admin can edit any community; unknown services → 404. */
async function scopeOfServiceEdits(t: ExecutionContext, community_id: string): Promise<void> {
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
}

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

  await scopeOfServiceEdits(t, community_id);
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
