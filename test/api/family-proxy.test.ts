/**
 * 亲情代付 (issue 15 item 3): a family member links to an elder (approved at the kiosk with card + PIN, or by an
 * operator), orders for the elder from their own cart; the order waits, stock held, for the elder's approval at the
 * kiosk (PIN, paid from the elder's card wallet, once however often it is pressed) or decline (stock back); unapproved
 * it expires by its job (stock back). Abuse answers 4xx and changes nothing. Serial: they share 王秀英's wallet.
 */
import { randomUUID } from 'node:crypto';
import test from 'ava';
import { DEMO_WALLETS, seedDemo } from '@cc/api';
import { createClient, fetchTransport, routes } from '@cc/shared';
import { balanceOf, cardAt, linkedFamily, proxyOrder, WANG, WANG_PHONE } from '../support/family';
import { failureOf, until } from '../support/outcome';
import { key, productBySku, seed, slot, stack, useOrdersStack } from '../support/orders-stack';
import { startStack } from '../support/stack';

useOrdersStack();

test.serial('a link does nothing until the elder approves it at the kiosk with her PIN; mismatches tell nothing', async (t) => {
  const daughter = await stack.login(`daughter-${randomUUID().slice(0, 12)}`);
  // A wrong name with the right number, or the right name with a wrong number: the same refusal.
  t.is(
    await failureOf(daughter.client.call(routes.requestFamilyLink, { body: { phone: WANG_PHONE, name: '王秀', relation: '女儿' } })),
    '404 elder_not_found',
  );
  t.is(
    await failureOf(daughter.client.call(routes.requestFamilyLink, { body: { phone: '13805719999', name: '王秀英', relation: '女儿' } })),
    '404 elder_not_found',
  );
  const asked = await daughter.client.call(routes.requestFamilyLink, { body: { phone: WANG_PHONE, name: '王 秀英', relation: '女儿' } });
  t.like(asked, { status: 'pending', elder: null });
  t.is(
    await failureOf(daughter.client.call(routes.requestFamilyLink, { body: { phone: WANG_PHONE, name: '王秀英', relation: '女儿' } })),
    '409 family_link_exists',
  );
  // Pending: ordering is refused and nothing is held.
  const paste = await productBySku('YL-DAI-03');
  const placing = daughter.client.call(routes.placeProxyOrder, {
    params: { link_id: asked.id },
    body: {
      delivery: { kind: 'slot', slot_key: '2027-03-02/18:00-20:00', address_id: 'adr_01JD3Q8Z6Y0M2V5K7N9P4R2S1T' },
      lines: [{ product_id: paste.id, quantity: 1 }],
    },
    idempotencyKey: key(),
  });
  t.is(await failureOf(placing), '403 family_link_not_approved');
  t.is((await productBySku('YL-DAI-03')).stock, paste.stock);
  // Another card holder does not see it and cannot approve it.
  const liu = await cardAt(
    stack,
    seed.kiosk,
    DEMO_WALLETS.find((w) => w.openid === 'demo-resident-2')!,
  );
  t.deepEqual((await liu.call(routes.kioskListFamilyLinks, {})).items, []);
  t.is(
    await failureOf(liu.call(routes.kioskApproveFamilyLink, { params: { link_id: asked.id }, body: { pin: '246813' } })),
    '404 family_link_not_found',
  );
  // The elder: a wrong PIN approves nothing; the right one does, once.
  const wang = await cardAt(stack, seed.kiosk);
  const waiting = (await wang.call(routes.kioskListFamilyLinks, {})).items;
  t.true(waiting.some((l) => l.id === asked.id && l.relation === '女儿'));
  t.is(
    await failureOf(wang.call(routes.kioskApproveFamilyLink, { params: { link_id: asked.id }, body: { pin: '000000' } })),
    '401 pin_incorrect',
  );
  t.like((await daughter.client.call(routes.listMyFamilyLinks, {})).items[0], { status: 'pending' });
  await wang.call(routes.kioskApproveFamilyLink, { params: { link_id: asked.id }, body: { pin: WANG.pin } });
  t.is(await failureOf(wang.call(routes.kioskDeclineFamilyLink, { params: { link_id: asked.id }, body: {} })), '409 family_link_decided');
  const link = (await daughter.client.call(routes.listMyFamilyLinks, {})).items[0]!;
  t.like(link, { status: 'approved', elder_name: '王秀英' });
  t.truthy(link.elder);
});

test.serial('an operator approves a link at the station for residents of their own community only', async (t) => {
  const niece = await stack.login(`niece-${randomUUID().slice(0, 12)}`);
  const asked = await niece.client.call(routes.requestFamilyLink, { body: { phone: WANG_PHONE, name: '王秀英', relation: '侄女' } });
  const listed = await stack.login('demo-operator-1');
  t.true(
    (await listed.client.call(routes.listCommunityFamilyLinks, { params: { community_id: seed.communities.wenxin } })).items.some(
      (l) => l.id === asked.id,
    ),
  );
  const resident = await stack.login(`stranger-${randomUUID().slice(0, 12)}`);
  t.is(
    await failureOf(resident.client.call(routes.decideFamilyLink, { params: { link_id: asked.id }, body: { decision: 'approve' } })),
    '403 forbidden_role',
  );
  t.like(await listed.client.call(routes.decideFamilyLink, { params: { link_id: asked.id }, body: { decision: 'decline' } }), {
    status: 'declined',
  });
  t.like((await niece.client.call(routes.listMyFamilyLinks, {})).items[0], { status: 'declined', elder: null });
});

test.serial('approved at the kiosk with the PIN: paid from her wallet once, for her address, the family member sees it', async (t) => {
  const { son, link_id, address_id, wang } = await linkedFamily(stack, seed.kiosk);
  const stock = (await productBySku('YL-DAI-03')).stock;
  const before = await balanceOf(stack, 'demo-resident-1');
  const placed = await proxyOrder(son.client, link_id, address_id);
  t.like(placed, { status: 'waiting', relation: '儿子', elder_name: '王秀英' });
  t.true(placed.delivery_words.includes('益乐新村'));
  t.is((await productBySku('YL-DAI-03')).stock, stock - 1, 'stock held while waiting');
  const shown = (await wang.call(routes.kioskListProxyOrders, {})).items.find((p) => p.id === placed.id)!;
  t.like(shown, { total_fen: placed.total_fen, family_name: placed.family_name });
  t.is(shown.items[0]!.quantity, 1);
  // A wrong PIN: nothing moves, still waiting.
  t.is(
    await failureOf(
      wang.call(routes.kioskApproveProxyOrder, { params: { proxy_order_id: placed.id }, body: { pin: '000000' }, idempotencyKey: key() }),
    ),
    '401 pin_incorrect',
  );
  t.is(await balanceOf(stack, 'demo-resident-1'), before);
  const k = key();
  const approved = await wang.call(routes.kioskApproveProxyOrder, {
    params: { proxy_order_id: placed.id },
    body: { pin: WANG.pin },
    idempotencyKey: k,
  });
  t.is(approved.status, 'approved');
  // The same key again replays; a new key is refused: nothing moves twice.
  t.is(
    (await wang.call(routes.kioskApproveProxyOrder, { params: { proxy_order_id: placed.id }, body: { pin: WANG.pin }, idempotencyKey: k }))
      .status,
    'approved',
  );
  t.is(
    await failureOf(
      wang.call(routes.kioskApproveProxyOrder, { params: { proxy_order_id: placed.id }, body: { pin: WANG.pin }, idempotencyKey: key() }),
    ),
    '409 proxy_order_decided',
  );
  t.is(
    await failureOf(wang.call(routes.kioskDeclineProxyOrder, { params: { proxy_order_id: placed.id }, body: {} })),
    '409 proxy_order_decided',
  );
  t.is(await balanceOf(stack, 'demo-resident-1'), before - placed.total_fen);
  t.like((await son.client.call(routes.listMyProxyOrders, {})).items[0], { id: placed.id, status: 'approved' });
  // He is told once (the replayed approval told nobody again); she was told it was waiting.
  const told = (await son.client.call(routes.listMyInbox, { query: { limit: 50 } })).items.filter((i) => i.kind === 'proxy_order_decided');
  t.is(told.length, 1);
  t.is(told[0]!.amount_fen, placed.total_fen);
  const hers = (await wang.call(routes.kioskInbox, {})).items;
  t.true(hers.some((i) => i.kind === 'proxy_order_waiting' && i.amount_fen === placed.total_fen));
  const elder = await stack.login('demo-resident-1');
  const order = (await elder.client.call(routes.listMyOrders, { query: { number: placed.order_numbers[0] } })).items[0]!;
  t.like(order, { status: 'paid', delivery: { kind: 'slot' } });
  t.true((await stack.api.wallet.check()).ok);
});

test.serial('declined at the kiosk: the orders are cancelled, the stock comes back, no money moves', async (t) => {
  const { son, link_id, address_id, wang } = await linkedFamily(stack, seed.kiosk);
  const stock = (await productBySku('YL-DAI-03')).stock;
  const before = await balanceOf(stack, 'demo-resident-1');
  const placed = await proxyOrder(son.client, link_id, address_id, { quantity: 2 });
  t.is((await productBySku('YL-DAI-03')).stock, stock - 2);
  t.like(await wang.call(routes.kioskDeclineProxyOrder, { params: { proxy_order_id: placed.id }, body: {} }), { status: 'declined' });
  t.is((await productBySku('YL-DAI-03')).stock, stock, 'stock back');
  t.is(
    await failureOf(
      wang.call(routes.kioskApproveProxyOrder, { params: { proxy_order_id: placed.id }, body: { pin: WANG.pin }, idempotencyKey: key() }),
    ),
    '409 proxy_order_decided',
  );
  t.is(await balanceOf(stack, 'demo-resident-1'), before);
  t.like((await son.client.call(routes.listMyProxyOrders, {})).items[0], { status: 'declined' });
  t.deepEqual(
    (await wang.call(routes.kioskListProxyOrders, {})).items.filter((p) => p.id === placed.id),
    [],
  );
});

test.serial('abuse: another person, another terminal, a session of another terminal — 4xx and nothing changes', async (t) => {
  const { son, link_id, address_id } = await linkedFamily(stack, seed.kiosk);
  const placed = await proxyOrder(son.client, link_id, address_id);
  const before = await balanceOf(stack, 'demo-resident-1');
  // Another card holder: the order does not exist for them.
  const liu = await cardAt(
    stack,
    seed.kiosk,
    DEMO_WALLETS.find((w) => w.openid === 'demo-resident-2')!,
  );
  t.deepEqual((await liu.call(routes.kioskListProxyOrders, {})).items, []);
  t.is(
    await failureOf(
      liu.call(routes.kioskApproveProxyOrder, { params: { proxy_order_id: placed.id }, body: { pin: '246813' }, idempotencyKey: key() }),
    ),
    '404 proxy_order_not_found',
  );
  t.is(
    await failureOf(liu.call(routes.kioskDeclineProxyOrder, { params: { proxy_order_id: placed.id }, body: {} })),
    '404 proxy_order_not_found',
  );
  // 王秀英's session taken to another terminal: refused before anything is looked at.
  const admin = (await stack.login('demo-admin-1')).client;
  const other = await admin.call(routes.registerKiosk, {
    params: { community_id: seed.communities.wenxin },
    body: { name: `二号机-${randomUUID().slice(0, 6)}` },
  });
  const wangHere = seed.kiosk;
  const authorization = () => `Terminal ${wangHere.id}:${wangHere.secret}`;
  const { token } = await createClient({ baseUrl: stack.apiUrl, transport: fetchTransport(), authorization }).call(routes.kioskCardLogin, {
    body: { card_number: WANG.card_number, pin: WANG.pin },
  });
  const base = fetchTransport();
  const elsewhere = createClient({
    baseUrl: stack.apiUrl,
    authorization: () => `Terminal ${other.kiosk.id}:${other.terminal_secret}`,
    transport: (req) => base({ ...req, headers: { ...req.headers, 'x-kiosk-session': token } }),
  });
  t.is(
    await failureOf(
      elsewhere.call(routes.kioskApproveProxyOrder, {
        params: { proxy_order_id: placed.id },
        body: { pin: WANG.pin },
        idempotencyKey: key(),
      }),
    ),
    '401 card_session_invalid',
  );
  // A stranger in the mini-program cannot order over someone else's link.
  const stranger = await stack.login(`x-${randomUUID().slice(0, 12)}`);
  t.is(await failureOf(proxyOrder(stranger.client, link_id, address_id)), '404 family_link_not_found');
  t.is(await balanceOf(stack, 'demo-resident-1'), before);
  t.like((await son.client.call(routes.listMyProxyOrders, {})).items[0], { id: placed.id, status: 'waiting' });
});

test.serial('10 approvals at once from two terminals: one payment, the books and the ledger agree', async (t) => {
  const { son, link_id, address_id, wang } = await linkedFamily(stack, seed.kiosk);
  const admin = (await stack.login('demo-admin-1')).client;
  const second = await admin.call(routes.registerKiosk, {
    params: { community_id: seed.communities.wenxin },
    body: { name: `三号机-${randomUUID().slice(0, 6)}` },
  });
  const wang2 = await cardAt(stack, { id: second.kiosk.id, secret: second.terminal_secret });
  const placed = await proxyOrder(son.client, link_id, address_id);
  const before = await balanceOf(stack, 'demo-resident-1');
  const outcomes = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      (i % 2 ? wang2 : wang)
        .call(routes.kioskApproveProxyOrder, { params: { proxy_order_id: placed.id }, body: { pin: WANG.pin }, idempotencyKey: key() })
        .then(
          (p) => p.status as string,
          (e: { status: number; code: string }) => `${e.status} ${e.code}`,
        ),
    ),
  );
  t.is(outcomes.filter((o) => o === 'approved').length, 1, outcomes.join(', '));
  t.true(
    outcomes.every((o) => ['approved', '409 proxy_order_in_progress', '409 proxy_order_decided'].includes(o)),
    outcomes.join(', '),
  );
  t.is(await balanceOf(stack, 'demo-resident-1'), before - placed.total_fen);
  const transfers = await stack.api.conn.collection('ledger_transfers').countDocuments({
    reference_id: (await stack.api.conn.collection('proxy_orders').findOne({ _id: placed.id as never }))!.checkout_id,
    status: 'posted',
  });
  t.is(transfers, 1);
  t.true((await stack.api.wallet.check()).ok);
});

test('unapproved, it expires by its job: orders cancelled, stock back, the family member sees it', async (t) => {
  // Its own stack: the approval window is two seconds here.
  const s = await startStack({ PROXY_ORDER_APPROVE_WITHIN_SECONDS: '2' });
  t.teardown(() => s.stop());
  const sd = await seedDemo({ identity: s.api.identity, wallet: s.api.wallet, catalog: s.api.catalog });
  const op = (await s.login('demo-operator-1')).client;
  await op.call(routes.createSlotTemplate, {
    params: { community_id: sd.communities.wenxin },
    body: { weekdays: [1, 2, 3, 4, 5, 6, 7], start: '18:00', end: '20:00', capacity: 500, cutoff_minutes: 60 },
  });
  const { son, link_id, address_id, wang } = await linkedFamily(s, sd.kiosk);
  const stockOf = async () => (await s.api.conn.collection('products').findOne({ sku: 'YL-DAI-03' }))!.stock as number;
  const stock = await stockOf();
  const p = await s.api.conn.collection('products').findOne({ sku: 'YL-DAI-03' });
  const placed = await son.client.call(routes.placeProxyOrder, {
    params: { link_id },
    body: { delivery: slot(address_id), lines: [{ product_id: String(p!._id), quantity: 1 }] },
    idempotencyKey: key(),
  });
  t.is(await stockOf(), stock - 1);
  const expired = await until('the proxy order expired', async () => {
    const mine = (await son.client.call(routes.listMyProxyOrders, {})).items[0];
    return mine?.status === 'expired' ? mine : null;
  });
  t.is(expired.id, placed.id);
  await until('the stock is back', async () => (await stockOf()) === stock);
  t.is(
    await failureOf(
      wang.call(routes.kioskApproveProxyOrder, { params: { proxy_order_id: placed.id }, body: { pin: WANG.pin }, idempotencyKey: key() }),
    ),
    '409 proxy_order_decided',
  );
  const orders = await s.api.conn
    .collection('orders')
    .find({ checkout_id: (await s.api.conn.collection('proxy_orders').findOne({ _id: placed.id as never }))!.checkout_id })
    .toArray();
  t.true(orders.every((o) => o.status === 'cancelled'));
});

// payment-races.test.ts checks every other money route this way; these two need a family link, made here.
test.serial('an Idempotency-Key reused with another body is refused on placing and on approving a proxy order', async (t) => {
  const { son, link_id, address_id, wang } = await linkedFamily(stack, seed.kiosk);
  const p = await productBySku('YL-DAI-03');
  const place = (k: string, quantity: number) =>
    son.client.call(routes.placeProxyOrder, {
      params: { link_id },
      body: { delivery: slot(address_id), lines: [{ product_id: p.id, quantity }] },
      idempotencyKey: k,
    });
  const k = key();
  const placed = await place(k, 1);
  t.is((await place(k, 1)).id, placed.id, 'the same body replays');
  t.is(await failureOf(place(k, 2)), '409 idempotency_conflict');
  // The PIN is never kept (transient), so an approval's request is the order it approves: another order is another body.
  const other = await place(key(), 1);
  const approve = (k2: string, proxy_order_id: string) =>
    wang.call(routes.kioskApproveProxyOrder, { params: { proxy_order_id }, body: { pin: WANG.pin }, idempotencyKey: k2 });
  const k2 = key();
  const approved = await approve(k2, placed.id);
  t.deepEqual(await approve(k2, placed.id), approved, 'the same body replays');
  t.is(await failureOf(approve(k2, other.id)), '409 idempotency_conflict');
});
