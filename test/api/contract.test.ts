/** The contract: every route is declared with request and response schemas, served as OpenAPI 3.1, and nothing else is routed. */
import test from 'ava';
import { open311RouteList, pathParamNames, routeList } from '@cc/shared';
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
