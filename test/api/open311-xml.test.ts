/**
 * Open311 GeoReport v2 in XML, the spec's default format (issue 11): every route answers `.xml` with the spec's element
 * names, which parse back to exactly the `.json` answer; errors as <errors><error>; the discovery document in both
 * formats; address_id's refusal stated in the API description.
 */
import test, { type ExecutionContext } from 'ava';
import { XMLParser } from 'fast-xml-parser';
import { raw } from '../support/stack';
import { get, jingshan, newKey, postForm, setupOpen311Stack, stack, url, wenxin } from '../support/open311';

setupOpen311Stack();

const LISTS = ['service', 'request', 'attribute', 'value', 'endpoint', 'format', 'error'];
const parser = new XMLParser({ isArray: (name) => LISTS.includes(name), parseTagValue: false, ignoreDeclaration: true });
const SINGULAR: Record<string, string> = { attributes: 'attribute', values: 'value', endpoints: 'endpoint', formats: 'format' };

/** The JSON answer as its XML reads: values as text, null and [] as empty elements, lists under their plural element. */
function asXmlReads(value: unknown, name?: string): unknown {
  if (value === null || (Array.isArray(value) && value.length === 0)) return '';
  if (Array.isArray(value)) return { [SINGULAR[name ?? ''] ?? 'item']: value.map((v) => asXmlReads(v)) };
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, asXmlReads(v, k)]));
  return String(value);
}

/** Fetches `path` as .json and as .xml and checks the XML holds the same answer under root/item. */
async function sameInXml(t: ExecutionContext, path: string, root: string, item?: string) {
  const json = await raw(`${stack.apiUrl}${path}`);
  const xml = await raw(`${stack.apiUrl}${path.replace('.json', '.xml')}`);
  t.is(json.status, 200, json.text);
  t.is(xml.status, 200, xml.text);
  t.regex(xml.headers.get('content-type') ?? '', /^application\/xml/);
  t.true(xml.text.startsWith('<?xml version="1.0" encoding="utf-8"?>'), xml.text.slice(0, 80));
  const answer = JSON.parse(json.text) as unknown;
  const expected = item ? { [item]: (answer as unknown[]).map((v) => asXmlReads(v)) } : asXmlReads(answer);
  t.deepEqual((parser.parse(xml.text) as Record<string, unknown>)[root], expected, path);
  return answer;
}

test('services, a service definition, requests, one request and a token read the same in XML as in JSON', async (t) => {
  const key = await newKey();
  const created = await postForm([
    ['api_key', key.api_key],
    ['service_code', 'appliance'],
    ['address_string', '益乐新村 6 幢'],
    ['attribute[appliance]', 'ac'],
  ]);
  const { service_request_id, token } = (JSON.parse(created.text) as { service_request_id: string; token: string }[])[0]!;
  const services = (await sameInXml(t, `/open311/v2/services.json?jurisdiction_id=${wenxin}`, 'services', 'service')) as unknown[];
  t.true(services.length > 3);
  const definition = (await sameInXml(t, `/open311/v2/services/appliance.json?jurisdiction_id=${wenxin}`, 'service_definition')) as {
    attributes: unknown[];
  };
  t.true(definition.attributes.length > 0, 'a definition with attributes and values');
  await sameInXml(t, `/open311/v2/requests.json?jurisdiction_id=${wenxin}`, 'service_requests', 'request');
  await sameInXml(t, `/open311/v2/requests/${service_request_id}.json?api_key=${key.api_key}`, 'service_requests', 'request');
  await sameInXml(t, `/open311/v2/tokens/${token}.json?jurisdiction_id=${wenxin}`, 'service_requests', 'request');
});

test('POST requests.xml creates the request and answers <service_requests><request>', async (t) => {
  const key = await newKey();
  const res = await raw(url('/requests.xml'), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `api_key=${key.api_key}&service_code=other&address_string=${encodeURIComponent('益乐新村 4 幢')}`,
  });
  t.is(res.status, 200, res.text);
  const [request] = (parser.parse(res.text) as { service_requests: { request: Record<string, string>[] } }).service_requests.request;
  t.regex(request!.service_request_id!, /^req_/);
  const again = await get(`/requests/${request!.service_request_id}.json?api_key=${key.api_key}`);
  t.is(again.status, 200);
});

test('errors in XML: <errors><error><code/><description/></error></errors> with the Open311 statuses', async (t) => {
  const cases: [string, number][] = [
    [`/open311/v2/services/no-such-service.xml?jurisdiction_id=${wenxin}`, 404],
    ['/open311/v2/requests.xml?api_key=wrong-key', 403],
    [`/open311/v2/requests.xml?jurisdiction_id=${wenxin}&status=maybe`, 400],
    [`/open311/v2/tokens/${'0'.repeat(32)}.xml?jurisdiction_id=${jingshan}`, 404],
    ['/open311/v2/nothing.xml', 404],
  ];
  for (const [path, status] of cases) {
    const res = await raw(`${stack.apiUrl}${path}`);
    t.is(res.status, status, `${path}: ${res.text}`);
    t.regex(res.headers.get('content-type') ?? '', /^application\/xml/);
    const errors = (parser.parse(res.text) as { errors: { error: { code: string; description: string }[] } }).errors.error;
    t.true(errors.length > 0, res.text);
    for (const e of errors) {
      t.deepEqual(Object.keys(e).sort(), ['code', 'description']);
      t.is(e.code, String(status));
      t.true(e.description.length > 0);
    }
  }
});

test('discovery.json and discovery.xml: the spec document, the v2 endpoint with both formats', async (t) => {
  const discovery = (await sameInXml(t, '/open311/v2/discovery.json', 'discovery')) as {
    endpoints: { url: string; specification: string; formats: string[] }[];
  };
  t.is(discovery.endpoints.length, 1);
  t.is(discovery.endpoints[0]!.specification, 'http://wiki.open311.org/GeoReport_v2');
  t.true(discovery.endpoints[0]!.url.endsWith('/open311/v2'));
  t.deepEqual(discovery.endpoints[0]!.formats.sort(), ['application/json', 'text/xml']);
  // The URL it gives is the one that serves.
  const services = await raw(
    `${discovery.endpoints[0]!.url.replace(/^https?:\/\/[^/]+/, stack.apiUrl)}/services.xml?jurisdiction_id=${wenxin}`,
  );
  t.is(services.status, 200);
});

test('address_id is refused (400) and the refusal is stated in the API description', async (t) => {
  const key = await newKey();
  const res = await postForm([
    ['api_key', key.api_key],
    ['service_code', 'other'],
    ['address_id', 'addr-1'],
  ]);
  t.is(res.status, 400);
  t.regex(res.text, /address_id/);
  const doc = await raw(`${stack.apiUrl}/api/openapi.json`);
  t.regex(doc.text, /不支持：本平台没有地址库，带 address_id 的请求以 400 拒绝/);
});
