import { badRequest } from '../platform/problem';
import type { ServiceDoc } from './models';

const attrError = (code: string, message: string) =>
  badRequest('attribute_invalid', `服务属性「${code}」有误：${message}`, [
    { path: `body.attributes.${code}`, message, code: 'attribute_invalid' },
  ]);

/**
 * Checks the values against the service's typed attributes; returns them normalised. 400 names the attribute.
 * `onePress` (kiosk): no values are asked for, so required ones may be missing; the station asks by phone.
 */
export function validateAttributes(
  service: ServiceDoc,
  values: Record<string, unknown>,
  opts: { onePress?: boolean } = {},
): Record<string, unknown> {
  const known = new Map(service.attributes.map((a) => [a.code, a]));
  for (const code of Object.keys(values)) if (!known.has(code)) throw attrError(code, '该服务没有这一项');
  const out: Record<string, unknown> = {};
  for (const a of service.attributes) {
    const v = values[a.code];
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) {
      if (a.required && !opts.onePress) throw attrError(a.code, `「${a.description}」为必填项`);
      continue;
    }
    const keys = new Set(a.values.map((x) => x.key));
    switch (a.datatype) {
      case 'string':
      case 'text': {
        const max = a.datatype === 'string' ? 100 : 1000;
        // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
        if (typeof v !== 'string' || v.trim().length > max || (a.datatype === 'string' && /[\u0000-\u001f\u007f]/.test(v)))
          throw attrError(a.code, `应为不超过 ${max} 字的文字`);
        out[a.code] = v.trim();
        break;
      }
      case 'number':
        if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1_000_000) throw attrError(a.code, '应为 0–1000000 之间的数字');
        out[a.code] = v;
        break;
      case 'datetime':
        if (
          typeof v !== 'string' ||
          !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v) ||
          Number.isNaN(Date.parse(v))
        )
          throw attrError(a.code, '应为带时区的 ISO 8601 时间');
        out[a.code] = new Date(v).toISOString();
        break;
      case 'singlevaluelist':
        if (typeof v !== 'string' || !keys.has(v)) throw attrError(a.code, `应为以下之一：${[...keys].join(', ')}`);
        out[a.code] = v;
        break;
      case 'multivaluelist':
        if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || !keys.has(x)))
          throw attrError(a.code, `应为以下若干项：${[...keys].join(', ')}`);
        out[a.code] = [...new Set(v as string[])];
        break;
    }
  }
  return out;
}
