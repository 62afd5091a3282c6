/** The contract: every route is declared with request and response schemas, served as OpenAPI 3.1, and nothing else is routed. */
import test from 'ava';
import { AppError } from '@cc/api';
import { undeclaredAsBug } from '@cc/api/platform/http';
import { answeredStatus, errorResponsesOf, open311RouteList, pathParamNames, routeList, routes } from '@cc/shared';
import { raw, startStack, type Stack } from '../support/stack';

let stack: Stack;
test.before(async () => {
  stack = await startStack();
});
test.after.always(() => stack?.stop());

for (const spec of routeList) {
  test(`${spec.id} (${spec.method} ${spec.path}) declares its access, request and response schemas`, (t) => {
    t.truthy(spec.response, 'response schema');
    t.truthy(spec.summary);
    t.truthy(spec.access);
    if (spec.method === 'GET' || spec.method === 'DELETE')
      t.truthy(spec.query, 'GET/DELETE routes declare their query schema (strict, even if empty)');
    else t.truthy(spec.body ?? spec.upload, 'POST/PATCH/PUT routes declare their body schema (JSON, or the file types of an upload)');
    t.deepEqual(
      Object.keys(spec.params?.shape ?? {}).sort(),
      pathParamNames(spec.path).sort(),
      'params schema covers exactly the path parameters',
    );
    t.true(spec.path.startsWith('/api/v1/'));
  });
}

test('route ids are unique and method + path pairs are unique', (t) => {
  t.is(new Set(routeList.map((r) => r.id)).size, routeList.length);
  t.is(new Set(routeList.map((r) => `${r.method} ${r.path}`)).size, routeList.length);
});

test('every route the API serves is in the contract, and every contract route is served', (t) => {
  const served = stack.api.api.stack.flatMap((layer) => layer.methods.filter((m) => m !== 'HEAD').map((m) => `${m} ${layer.path}`));
  const declared = routeList.map((r) => `${r.method} ${r.path}`);
  t.deepEqual([...new Set(served)].sort(), declared.sort());
});

test('Open311 routes (outside /api/v1) declare their schemas, their error format, and are exactly what the Open311 router serves', (t) => {
  for (const spec of open311RouteList) {
    t.true(spec.path.startsWith('/open311/v2/') && spec.path.endsWith('.json'), spec.path);
    t.is(spec.errorFormat, 'open311', spec.id);
    t.truthy(spec.response, spec.id);
    if (spec.method === 'GET') t.truthy(spec.query, spec.id);
    else t.truthy(spec.body, spec.id);
    t.deepEqual(Object.keys(spec.params?.shape ?? {}).sort(), pathParamNames(spec.path).sort(), spec.id);
  }
  t.false(
    routeList.some((r) => r.errorFormat),
    'no /api/v1 route uses another error format',
  );
  const served = stack.api.open311.stack.flatMap((layer) => layer.methods.filter((m) => m !== 'HEAD').map((m) => `${m} ${layer.path}`));
  t.deepEqual([...new Set(served)].sort(), open311RouteList.map((r) => `${r.method} ${r.path}`).sort());
});

test('the OpenAPI 3.1 document lists every operation with its schemas', async (t) => {
  const res = await raw(`${stack.apiUrl}/api/openapi.json`);
  t.is(res.status, 200);
  const doc = res.body as {
    openapi: string;
    paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown>; requestBody?: unknown }>>;
  };
  t.is(doc.openapi, '3.1.0');
  const ops = Object.values(doc.paths).flatMap((p) => Object.values(p));
  const all = [...routeList, ...open311RouteList];
  t.deepEqual(ops.map((o) => o.operationId).sort(), all.map((r) => r.id).sort());
  for (const spec of all) {
    const op = ops.find((o) => o.operationId === spec.id)!;
    t.truthy(op.responses[String(spec.status ?? 200)], spec.id);
    if (spec.body) t.truthy(op.requestBody, spec.id);
  }
  // Open311 operations document their error array and the form body Open311 clients send.
  const create = ops.find((o) => o.operationId === 'open311CreateRequest') as unknown as {
    requestBody: { content: Record<string, unknown> };
    responses: Record<string, { content: Record<string, { schema: unknown }> }>;
  };
  t.truthy(create.requestBody.content['application/x-www-form-urlencoded']);
  t.deepEqual(create.responses['400']?.content['application/json']?.schema, { $ref: '#/components/schemas/Open311Errors' });
  t.deepEqual(create.responses['403']?.content['application/json']?.schema, { $ref: '#/components/schemas/Open311Errors' });
});

test('the docs page is served from the project, with no outside script or style', async (t) => {
  const page = await raw(`${stack.apiUrl}/api/docs`);
  t.is(page.status, 200);
  const refs = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
  t.true(refs.length >= 3);
  for (const ref of refs) {
    t.true(ref.startsWith('/api/docs/'), ref);
    t.is((await raw(`${stack.apiUrl}${ref}`)).status, 200, ref);
  }
});

test('every operation documents every error its route can answer, with the codes (x-codes)', async (t) => {
  const doc = (await raw(`${stack.apiUrl}/api/openapi.json`)).body as {
    paths: Record<
      string,
      Record<string, { operationId: string; responses: Record<string, { description: string; 'x-codes'?: string[] }> }>
    >;
  };
  const ops = new Map(Object.values(doc.paths).flatMap((p) => Object.values(p).map((o) => [o.operationId, o] as const)));
  for (const spec of [...routeList, ...open311RouteList]) {
    const op = ops.get(spec.id)!;
    for (const status of ['429', '431', '500', '503']) t.truthy(op.responses[status], `${spec.id} ${status}`);
    for (const [raised, codes] of errorResponsesOf(spec)) {
      const documented = op.responses[String(answeredStatus(spec, raised))];
      t.truthy(documented, `${spec.id} documents ${raised}`);
      for (const code of codes) t.true(documented!['x-codes']!.includes(code), `${spec.id} ${raised} ${code}`);
    }
    if (spec.access.kind === 'user') t.truthy(op.responses['401'], spec.id);
  }
  // What the issue found undocumented: 404 of an order, 409 of its lifecycle, 423 of a locked card, 502/503 of WeChat Pay,
  // 403 of an Open311 read with a wrong api_key, 401 of a WeChat Pay notify with a bad signature.
  const codesOf = (id: string, status: string) => ops.get(id)!.responses[status]?.['x-codes'] ?? [];
  t.true(codesOf('getOrder', '404').includes('order_not_found'));
  t.true(codesOf('cancelOrder', '409').includes('illegal_transition'));
  t.true(codesOf('kioskCardLogin', '423').includes('card_locked'));
  t.true(codesOf('createTopup', '502').includes('wechatpay_rejected'));
  t.true(codesOf('createTopup', '503').includes('wechatpay_unavailable'));
  t.true(codesOf('open311Services', '403').includes('api_key_invalid'));
  t.true(codesOf('open311CreateRequest', '400').includes('service_inactive'), 'an Open311 409 is answered 400');
  t.true(codesOf('wechatPayNotify', '401').includes('wechatpay_signature_invalid'));
});

test('in APP_ENV=test an error a route does not declare becomes 500 undeclared_response naming the route', (t) => {
  const logged: object[] = [];
  const log = { error: (o: object) => logged.push(o) };
  const declared = new AppError(404, 'order_not_found', '订单不存在');
  t.is(undeclaredAsBug(routes.getOrder, declared, log), declared);
  const out = undeclaredAsBug(routes.getOrder, new AppError(409, 'slot_full', '满了'), log) as AppError;
  t.is(out.status, 500);
  t.is(out.code, 'undeclared_response');
  t.regex(out.extra.detail ?? '', /getOrder answered 409 slot_full/);
  t.like(logged[0], { route: 'getOrder', status: 409, code: 'slot_full' });
  const bug = new Error('boom');
  t.is(undeclaredAsBug(routes.getOrder, bug, log), bug, 'other errors go to the error mapper as they are');
});

test('a URL over 16 KB gets 431 with a problem body, and Open311 its error array', async (t) => {
  const long = 'x'.repeat(17 * 1024);
  const api = await raw(`${stack.apiUrl}/api/v1/products?q=${long}`);
  t.is(api.status, 431);
  t.regex(api.headers.get('content-type') ?? '', /application\/problem\+json/);
  t.like(api.body, { status: 431, code: 'request_header_fields_too_large' });
  const open311 = await raw(`${stack.apiUrl}/open311/v2/services.json?jurisdiction_id=${long}`);
  t.is(open311.status, 431);
  t.like((open311.body as unknown as { code: number }[])[0], { code: 431 });
});
