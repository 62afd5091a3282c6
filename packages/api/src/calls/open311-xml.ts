import { OPEN311_BASE } from '@cc/shared';
import { XMLBuilder } from 'fast-xml-parser';
import type { Middleware } from 'koa';
import { AppError } from '../platform/problem';
import { open311ErrorFormat } from './open311-http';

/**
 * GeoReport v2's default format is XML (issue 11): `…/services.xml`, `…/requests/{id}.xml` and so on answer what the
 * `.json` route answers, as XML with the spec's element names — a list becomes its plural element with one singular
 * child per item (<services><service>, <service_requests><request>, <attributes><attribute>, <values><value>) — and
 * errors as <errors><error><code/><description/></error></errors>. The JSON routes stay the one implementation: the
 * `.xml` request is served by its `.json` route and the answer converted.
 */

/** The root element and the item element of each Open311 answer, by the path's last segment. */
function rootOf(path: string, isList: boolean): { root: string; item?: string } {
  if (path.endsWith('/services.json')) return { root: 'services', item: 'service' };
  if (/\/services\/[^/]+\.json$/.test(path)) return { root: 'service_definition' };
  if (path.endsWith('discovery.json')) return { root: 'discovery' };
  // requests.json (GET and POST), requests/{id}.json and tokens/{token}.json are all <service_requests><request>.
  return isList ? { root: 'service_requests', item: 'request' } : { root: 'service_request' };
}

const SINGULAR: Record<string, string> = { attributes: 'attribute', values: 'value', endpoints: 'endpoint', formats: 'format' };

/** JSON → the element tree fast-xml-parser builds: lists wrapped in their plural element, null as an empty element. */
function toElements(value: unknown, name?: string): unknown {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) {
    const item = (name && SINGULAR[name]) ?? 'item';
    return { [item]: value.map((v) => toElements(v)) };
  }
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toElements(v, k)]));
  }
  return String(value);
}

const builder = new XMLBuilder({ format: true, indentBy: '  ', suppressEmptyNode: false });

export function open311Xml(root: string, item: string | undefined, body: unknown): string {
  const tree = item ? { [item]: (body as unknown[]).map((v) => toElements(v)) } : toElements(body);
  return `<?xml version="1.0" encoding="utf-8"?>\n${builder.build({ [root]: tree }) as string}`;
}

/** The spec's error document for an AppError, with the status the Open311 error array uses. */
function errorXml(err: AppError): { status: number; xml: string } {
  const { status, body } = open311ErrorFormat.render(err);
  return { status, xml: open311Xml('errors', 'error', body) };
}

const XML_PATH = new RegExp(`^(${OPEN311_BASE.replace(/\//g, '\\/')}\\/.+)\\.xml$`);

/** Serves `.xml` by the matching `.json` route (mounted before the Open311 router). */
export function open311XmlFormat(): Middleware {
  return async (ctx, next) => {
    const m = XML_PATH.exec(ctx.path);
    if (!m) return next();
    const jsonPath = `${m[1]}.json`;
    ctx.path = jsonPath;
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw new AppError(404, 'not_found', '没有这个地址');
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const { status, xml } = errorXml(err);
      for (const [k, v] of Object.entries(err.extra.headers ?? {})) ctx.set(k, v);
      ctx.status = status;
      ctx.type = 'application/xml; charset=utf-8';
      ctx.body = xml;
      return;
    }
    const { root, item } = rootOf(jsonPath, Array.isArray(ctx.body));
    ctx.body = open311Xml(root, item, ctx.body);
    ctx.type = 'application/xml; charset=utf-8';
  };
}
