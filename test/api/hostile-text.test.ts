/**
 * Hostile text (issue 11, finding 7): every human text field refuses bidi overrides, control characters, lone
 * surrogates and invisible-only strings with a field error naming the field and a stable code; what is stored and
 * answered is the NFC-normalised text; a body that is not valid UTF-8, or declares another charset, is refused. Nothing
 * is written by a refused request.
 */
import test from 'ava';
import { HUMAN_TEXT_CODES, routes } from '@cc/shared';
import { operatorW, productBody, productsOf, seed, seller, setupCatalogStack, stack } from '../support/catalog';

setupCatalogStack();

type Field = { path: string; code: string; message: string };

/** A raw JSON request (the typed client would not send these bytes). */
async function send(path: string, token: string, body: string | Buffer, contentType = 'application/json') {
  const res = await fetch(`${stack.apiUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    body: typeof body === 'string' ? body : new Blob([new Uint8Array(body)]),
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: JSON.parse(text) as Record<string, unknown> };
}

const fieldsOf = (body: Record<string, unknown>) => (body.errors ?? []) as Field[];

test('a right-to-left override in a product name, a partner-key name or an address → 400 naming the field; nothing written', async (t) => {
  const shop = await seller();
  const before = (await productsOf(shop.merchant.id)).length;
  const product = await send(
    `/api/v1/merchants/${shop.merchant.id}/products`,
    shop.token,
    JSON.stringify(productBody({ name: '\u202egpj.exe' })),
  );
  t.is(product.status, 400);
  t.is(product.body.code, 'validation_failed');
  t.like(fieldsOf(product.body)[0], { path: 'body.name', code: HUMAN_TEXT_CODES.bidi });
  t.regex(fieldsOf(product.body)[0]!.message, /商品名称不能包含文字方向控制符/);
  t.is((await productsOf(shop.merchant.id)).length, before);

  const operator = await stack.login('demo-operator-1');
  const keysBefore = await stack.api.conn.collection('partner_keys').countDocuments();
  const key = await send(
    `/api/v1/communities/${seed.communities.wenxin}/partner-keys`,
    operator.token,
    JSON.stringify({ name: '平台\u202e12345' }),
  );
  t.is(key.status, 400);
  t.like(fieldsOf(key.body)[0], { path: 'body.name', code: HUMAN_TEXT_CODES.bidi });
  t.is(await stack.api.conn.collection('partner_keys').countDocuments(), keysBefore);

  const resident = await stack.login('hostile-text-address');
  const address = { label: '家', recipient: '王秀英', phone: '13800001111', detail: '益乐新村 3 幢\u2066201\u2069 室' };
  const refused = await send('/api/v1/me/addresses', resident.token, JSON.stringify(address));
  t.is(refused.status, 400);
  t.like(fieldsOf(refused.body)[0], { path: 'body.detail', code: HUMAN_TEXT_CODES.bidi });
  t.deepEqual((await resident.client.call(routes.listMyAddresses, {})).items, []);
});

test('a name made only of zero-width characters passes no length check: 400 text_invisible_only', async (t) => {
  const shop = await seller();
  const before = (await productsOf(shop.merchant.id)).length;
  for (const name of ['\u200b\u200b\u200b', '\u200d\ufeff\u2060 \u200c']) {
    const res = await send(`/api/v1/merchants/${shop.merchant.id}/products`, shop.token, JSON.stringify(productBody({ name })));
    t.is(res.status, 400, JSON.stringify(name));
    t.like(fieldsOf(res.body)[0], { path: 'body.name', code: HUMAN_TEXT_CODES.invisible });
  }
  const operator = await stack.login('demo-operator-1');
  const key = await send(
    `/api/v1/communities/${seed.communities.wenxin}/partner-keys`,
    operator.token,
    JSON.stringify({ name: '\u200b\u200b' }),
  );
  t.like(fieldsOf(key.body)[0], { path: 'body.name', code: HUMAN_TEXT_CODES.invisible });
  t.is((await productsOf(shop.merchant.id)).length, before);
});

test('control characters and a lone surrogate are refused (not stored as U+FFFD while the answer echoes the original)', async (t) => {
  const shop = await seller();
  const before = (await productsOf(shop.merchant.id)).length;
  const lone = await send(`/api/v1/merchants/${shop.merchant.id}/products`, shop.token, '{"name":"青菜\\ud800x","category_id":"x"}');
  t.is(lone.status, 400);
  t.true(fieldsOf(lone.body).some((f) => f.path === 'body.name' && f.code === HUMAN_TEXT_CODES.lone_surrogate));
  const control = await send(
    `/api/v1/merchants/${shop.merchant.id}/products`,
    shop.token,
    JSON.stringify(productBody({ name: '青菜\u0085' })),
  );
  t.like(fieldsOf(control.body)[0], { path: 'body.name', code: HUMAN_TEXT_CODES.control });
  t.is((await productsOf(shop.merchant.id)).length, before);
});

test('text is stored and answered NFC-normalised', async (t) => {
  const shop = await seller();
  const decomposed = '有机Cafe\u0301青菜';
  const composed = decomposed.normalize('NFC');
  t.not(decomposed, composed);
  const created = await shop.client.call(routes.createProduct, {
    params: { merchant_id: shop.merchant.id },
    body: productBody({ name: decomposed }),
  });
  t.is(created.name, composed);
  const stored = (await productsOf(shop.merchant.id)).find((p) => p._id === (created.id as never));
  t.is(stored?.name, composed);
  const listed = await shop.client.call(routes.listMerchantProducts, { params: { merchant_id: shop.merchant.id }, query: {} });
  t.is(listed.items.find((p) => p.id === created.id)?.name, composed);
});

test('a body that is not valid UTF-8 → 400 body_not_utf8; a charset other than UTF-8 → 415 unsupported_charset; nothing written', async (t) => {
  const shop = await seller();
  const before = (await productsOf(shop.merchant.id)).length;
  const json = JSON.stringify(productBody({ name: '青菜X' }));
  const bytes = Buffer.from(json, 'utf8');
  const at = bytes.indexOf(Buffer.from('X'));
  bytes[at] = 0xff; // never valid in UTF-8
  const path = `/api/v1/merchants/${shop.merchant.id}/products`;
  const bad = await send(path, shop.token, bytes);
  t.is(bad.status, 400);
  t.is(bad.body.code, 'body_not_utf8');
  t.regex(bad.type, /application\/problem\+json/);

  const utf16 = await send(path, shop.token, Buffer.from(json, 'utf16le'), 'application/json; charset=utf-16');
  t.is(utf16.status, 415);
  t.is(utf16.body.code, 'unsupported_charset');
  const latin1 = await send(path, shop.token, json, 'application/json; charset="ISO-8859-1"');
  t.is(latin1.status, 415);
  t.is((await send(path, shop.token, json, 'application/json; charset=UTF-8')).status, 201, 'utf-8 in any case is fine');
  t.is((await productsOf(shop.merchant.id)).length, before + 1);

  // Open311's form bodies read through the same gate (its error array).
  const form = await fetch(`${stack.apiUrl}/open311/v2/requests.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=gbk' },
    body: 'service_code=x',
  });
  t.is(form.status, 415);
  t.like(((await form.json()) as { code: number }[])[0], { code: 415 });
  await operatorW.call(routes.listCategories, {}); // the stack still answers
});
