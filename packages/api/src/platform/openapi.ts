import { answeredStatus, errorResponsesOf, Open311Errors, openApiPath, pathParamNames, Problem, type RouteSpec } from '@cc/shared';
import { z } from 'zod';

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  delete json.$schema;
  return json;
}

function parametersOf(spec: RouteSpec) {
  const out: unknown[] = [];
  for (const [where, schema] of [
    ['path', spec.params],
    ['query', spec.query],
  ] as const) {
    if (!schema) continue;
    const json = schemaOf(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, prop] of Object.entries(json.properties ?? {})) {
      out.push({ name, in: where, required: where === 'path' || (json.required ?? []).includes(name), schema: prop });
    }
  }
  return out;
}

const problemJsonResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/** Open311's error array (`[{"code":400,"description":"…"}]`), for routes with errorFormat 'open311'. */
const open311Response = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Open311Errors' } } },
});

const STATUS_TEXT: Record<number, string> = {
  400: '请求有误',
  401: '未登录或凭证无效',
  403: '没有权限',
  404: '不存在（或调用者无权看到）',
  409: '与当前状态冲突',
  413: '请求体过大',
  415: '请求体类型或字符集不支持',
  423: '已锁定',
  429: '请求太频繁，见 Retry-After',
  431: '请求行或请求头过大（如 URL 超过 16 KB）',
  500: '服务内部错误',
  502: '上游服务（微信支付、市民卡中心）答复异常',
  503: '依赖暂时不可用，见 Retry-After',
};

/**
 * The responses a route may give: its success, then every error its handler and the platform can answer
 * (errorResponsesOf), each with its stable codes in the description and in `x-codes`.
 */
function responsesOf(spec: RouteSpec): Record<string, unknown> {
  const problemResponse = spec.errorFormat === 'open311' ? open311Response : problemJsonResponse;
  const status = String(spec.status ?? 200);
  const responses: Record<string, unknown> = {
    [status]:
      status === '204'
        ? { description: 'No Content' }
        : { description: 'OK', content: { 'application/json': { schema: schemaOf(spec.response, 'output') } } },
  };
  const answered = new Map<number, string[]>();
  for (const [raised, codes] of errorResponsesOf(spec)) {
    const s = answeredStatus(spec, raised);
    answered.set(s, [...new Set([...(answered.get(s) ?? []), ...codes])]);
  }
  for (const [s, codes] of [...answered.entries()].sort(([a], [b]) => a - b)) {
    responses[String(s)] = { ...problemResponse(`${STATUS_TEXT[s] ?? '错误'}：${codes.join('、')}`), 'x-codes': codes };
  }
  return responses;
}

/** One route's OpenAPI operation. */
function operationOf(spec: RouteSpec): Record<string, unknown> {
  const security =
    spec.access.kind === 'user'
      ? [{ session: [] }]
      : spec.access.kind === 'terminal'
        ? [{ terminal: [] }]
        : spec.access.kind === 'partner'
          ? [{ open311_api_key: [] }]
          : [];
  const op: Record<string, unknown> = {
    operationId: spec.id,
    summary: spec.summary,
    tags: [spec.tag],
    parameters: parametersOf(spec),
    responses: responsesOf(spec),
    security,
    'x-roles': spec.access.kind === 'user' ? spec.access.roles : spec.access.kind,
  };
  // Rules across query parameters (e.g. price_min_fen ≤ price_max_fen) do not fit one parameter's schema.
  const queryRules = spec.query ? (schemaOf(spec.query, 'input') as { 'x-rules'?: unknown })['x-rules'] : undefined;
  if (queryRules) op['x-rules'] = queryRules;
  if (spec.idempotent || spec.errorFormat === 'open311') {
    // Required on keyed routes; Open311 takes it optionally (a retried post returns the first answer).
    (op.parameters as unknown[]).push({
      name: 'Idempotency-Key',
      in: 'header',
      required: Boolean(spec.idempotent),
      description: '8–128 位字母、数字或 _.:-；同一个键重试得到第一次的答复，键相同而请求不同答 409 idempotency_conflict',
      schema: { type: 'string', minLength: 8, maxLength: 128, pattern: '^[A-Za-z0-9_.:-]{8,128}$' },
    });
  }
  if (spec.body) {
    const schema = schemaOf(spec.body, 'input');
    const content: Record<string, unknown> = { 'application/json': { schema } };
    if (spec.bodyEncodings?.includes('form')) {
      // Open311's form: attribute[code]=value, attribute[code][]=value for lists.
      content['application/x-www-form-urlencoded'] = { schema, encoding: { attribute: { style: 'deepObject', explode: true } } };
    }
    op.requestBody = { required: !spec.body.safeParse(undefined).success, content };
  }
  if (spec.upload) {
    op.requestBody = {
      required: true,
      content: Object.fromEntries(spec.upload.contentTypes.map((t) => [t, { schema: { type: 'string', contentMediaType: t } }])),
    };
  }
  return op;
}

/** OpenAPI 3.1 document generated from the route table; nothing is written by hand. */
export function buildOpenApi(routes: RouteSpec[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of routes) {
    const path = openApiPath(spec.path);
    paths[path] = { ...paths[path], [spec.method.toLowerCase()]: operationOf(spec) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: '社区与乡村电商服务平台 API',
      version: '1.0.0',
      description: 'Errors are application/problem+json (RFC 9457) with a stable `code`. Money is integer fen.',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: { Problem: schemaOf(Problem, 'output'), Open311Errors: schemaOf(Open311Errors, 'output') },
      securitySchemes: {
        session: { type: 'http', scheme: 'bearer', description: '小程序会话令牌' },
        terminal: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'Terminal <kiosk_id>:<terminal_secret>' },
        open311_api_key: {
          type: 'apiKey',
          in: 'query',
          name: 'api_key',
          description: 'Open311 合作系统密钥：POST 时放在表单或 JSON 的 api_key 字段（也可放在查询参数）',
        },
      },
    },
  };
}

/** Every path parameter of a route must be described by its params schema. */
export function undeclaredPathParams(spec: RouteSpec): string[] {
  const declared = Object.keys(spec.params?.shape ?? {});
  return pathParamNames(spec.path).filter((n) => !declared.includes(n));
}
