/** The HTTP platform: health, readiness, metrics, request ids, CORS, rate limits, configuration, logs, the process entry. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { Writable } from 'node:stream';
import test from 'ava';
import { ConfigError, createLogger, loadConfig } from '@cc/api';
import { routes } from '@cc/shared';
import { raw, startStack, withDatabase, type Stack } from '../support/stack';

const repoRoot = path.resolve(import.meta.dirname, '../..');
let stack: Stack;
test.before(async () => {
  stack = await startStack({ CORS_ORIGINS: 'http://127.0.0.1:10086' });
});
test.after.always(() => stack?.stop());

test('healthz answers; readyz checks the database and Redis', async (t) => {
  t.deepEqual((await raw(`${stack.apiUrl}/healthz`)).body, { status: 'ok' });
  const ready = await raw(`${stack.apiUrl}/readyz`);
  t.is(ready.status, 200);
  t.deepEqual(ready.body, { status: 'ready', database: 'ok', redis: 'ok' });
});

test('readyz is 503 when Redis is unreachable', async (t) => {
  // No job workers: BullMQ would keep reconnecting to the dead Redis after the test.
  const broken = await startStack({ REDIS_URL: 'redis://127.0.0.1:1', JOBS_ENABLED: 'false' });
  try {
    const res = await raw(`${broken.apiUrl}/readyz`);
    t.is(res.status, 503);
    t.like(res.body, { status: 'not_ready', database: 'ok', redis: 'down' });
  } finally {
    await broken.close();
  }
});

test('metrics expose request durations by route template and problems by code', async (t) => {
  await raw(`${stack.apiUrl}/api/v1/me`);
  await stack.client.call(routes.listCommunities, {});
  const res = await raw(`${stack.apiUrl}/metrics`);
  t.is(res.status, 200);
  t.regex(res.text, /http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/communities",status="200"\} \d+/);
  t.regex(res.text, /http_problems_total\{code="auth_required",status="401"\} \d+/);
  t.regex(res.text, /process_cpu_seconds_total/);
});

test('a sane X-Request-Id is echoed; otherwise one is generated and returned in problems', async (t) => {
  const echoed = await raw(`${stack.apiUrl}/healthz`, { headers: { 'x-request-id': 'abc-123' } });
  t.is(echoed.headers.get('x-request-id'), 'abc-123');
  const made = await raw(`${stack.apiUrl}/api/v1/me`, { headers: { 'x-request-id': 'bad id with spaces' } });
  const id = made.headers.get('x-request-id');
  t.regex(id ?? '', /^[0-9a-f-]{36}$/);
  t.is(made.body?.request_id, id);
});

test('CORS admits the configured H5 origins only', async (t) => {
  const allowed = await raw(`${stack.apiUrl}/api/v1/communities`, {
    method: 'OPTIONS',
    headers: { origin: 'http://127.0.0.1:10086', 'access-control-request-method': 'GET' },
  });
  t.is(allowed.headers.get('access-control-allow-origin'), 'http://127.0.0.1:10086');
  t.regex(allowed.headers.get('access-control-allow-headers') ?? '', /Idempotency-Key/i);
  const denied = await raw(`${stack.apiUrl}/api/v1/communities`, { headers: { origin: 'http://evil.example' } });
  t.is(denied.headers.get('access-control-allow-origin'), null);
});

test('login attempts are rate limited per client address with 429 and Retry-After, shared across instances', async (t) => {
  const a = await startStack({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
  // A second API instance on the same database and Redis prefix: limits and sessions live in Redis, not in a process.
  const b = await startStack({ LOGIN_RATE_LIMIT_PER_MINUTE: '3', REDIS_KEY_PREFIX: a.api.redis.options.keyPrefix! }, { dbName: a.dbName });
  try {
    const attempt = (s: Stack) =>
      raw(`${s.apiUrl}/api/v1/auth/wechat/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: s.sim.mintCode('limit-user-1') }),
      });
    t.is((await attempt(a)).status, 200);
    t.is((await attempt(b)).status, 200);
    t.is((await attempt(a)).status, 200);
    const limited = await attempt(b);
    t.is(limited.status, 429);
    t.is(limited.body?.code, 'rate_limited');
    t.true(Number(limited.headers.get('retry-after')) >= 1);
  } finally {
    await b.close();
    await a.stop();
  }
});

test('a session made on one API instance works on another (sessions live in Redis)', async (t) => {
  const b = await startStack({ REDIS_KEY_PREFIX: stack.api.redis.options.keyPrefix! }, { dbName: stack.dbName });
  try {
    const { token, user_id } = await stack.login('two-instances-user');
    t.is((await b.as(token).call(routes.getMe, {})).id, user_id);
    await b.as(token).call(routes.logout, {});
    t.is((await raw(`${stack.apiUrl}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status, 401);
  } finally {
    await b.close();
  }
});

test('the global rate limit answers 429 with Retry-After', async (t) => {
  const s = await startStack({ RATE_LIMIT_PER_MINUTE: '5' });
  try {
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await raw(`${s.apiUrl}/api/v1/communities`)).status);
    t.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429]);
  } finally {
    await s.stop();
  }
});

/** The other required settings (the card centre and WeChat Pay), with production-shaped values. */
const PEM = (kind: string) => `-----BEGIN ${kind}-----\nAAAA\n-----END ${kind}-----`;
const REQUIRED = {
  CARD_HASH_KEY: 'k'.repeat(32),
  CARD_GATEWAY_BASE_URL: 'https://card-centre.hz.example.cn',
  CARD_GATEWAY_PARTNER_ID: 'partner',
  CARD_GATEWAY_PARTNER_KEY: 'p'.repeat(16),
  WECHATPAY_MCHID: '1900000109',
  WECHATPAY_MERCHANT_SERIAL_NO: 'ABC',
  WECHATPAY_MERCHANT_PRIVATE_KEY: PEM('PRIVATE KEY'),
  WECHATPAY_API_V3_KEY: 'v'.repeat(32),
  WECHATPAY_PLATFORM_SERIAL_NO: 'DEF',
  WECHATPAY_PLATFORM_PUBLIC_KEY: PEM('PUBLIC KEY'),
  PUBLIC_BASE_URL: 'https://api.example.cn',
};

test('configuration: missing and wrong values stop start-up naming each variable', (t) => {
  const err = t.throws(() => loadConfig({ PORT: 'eighty' }), { instanceOf: ConfigError });
  for (const name of [
    'PORT',
    'MONGODB_URI',
    'REDIS_URL',
    'WECHAT_APPID',
    'WECHAT_SECRET',
    'CARD_HASH_KEY',
    'WECHATPAY_MCHID',
    'WECHATPAY_MERCHANT_PRIVATE_KEY',
  ]) {
    t.regex(err.message, new RegExp(`^  ${name}:`, 'm'));
  }
  const base = {
    ...REQUIRED,
    MONGODB_URI: 'mongodb://db.internal:27017/cc',
    REDIS_URL: 'redis://cache.internal:6379',
    WECHAT_APPID: 'wx1',
    WECHAT_SECRET: 's',
  };
  t.is(loadConfig(base).PORT, 8080);
  t.throws(() => loadConfig({ ...base, MONGODB_URI: 'postgres://x' }), { message: /MONGODB_URI: must start with mongodb/ });
});

test('production configuration refuses a simulator or loopback WeChat URL and a wildcard CORS origin', (t) => {
  const prod = {
    ...REQUIRED,
    APP_ENV: 'production',
    MONGODB_URI: 'mongodb://db.internal:27017/cc',
    REDIS_URL: 'redis://cache.internal:6379',
    WECHAT_APPID: 'wx1',
    WECHAT_SECRET: 's',
  };
  t.throws(() => loadConfig({ ...prod, WECHAT_API_BASE_URL: 'http://127.0.0.1:9000' }), { message: /WECHAT_API_BASE_URL/ });
  t.throws(() => loadConfig({ ...prod, WECHAT_API_BASE_URL: 'https://wechat-sim.local' }), { message: /WECHAT_API_BASE_URL/ });
  t.throws(() => loadConfig({ ...prod, CORS_ORIGINS: '*' }), { message: /CORS_ORIGINS/ });
  t.is(loadConfig(prod).WECHAT_API_BASE_URL, 'https://api.weixin.qq.com');
  // Outside production the simulator is the normal case.
  t.is(
    loadConfig({ ...prod, APP_ENV: 'development', WECHAT_API_BASE_URL: 'http://127.0.0.1:9000' }).WECHAT_API_BASE_URL,
    'http://127.0.0.1:9000',
  );
});

test('logs never contain tokens, phone numbers or terminal secrets', async (t) => {
  let logs = '';
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs += String(chunk);
      done();
    },
  });
  const s = await startStack({}, { logger: createLogger('trace', sink as never) });
  try {
    const seed = await s.seed();
    const { token, client } = await s.login('log-check-user');
    await client.call(routes.bindPhone, { body: { code: s.sim.mintPhoneCode('13987654321') } });
    await client.call(routes.getMe, {});
    await raw(`${s.apiUrl}/api/v1/me?token=${token}`, { headers: { authorization: `Bearer ${token}` } });
    await s.terminal(seed.kiosk.id, seed.kiosk.secret).call(routes.kioskHeartbeat, {});
    t.true(logs.includes('"route":"getMe"'), 'requests are logged');
    t.false(logs.includes(token));
    t.false(logs.includes('13987654321'));
    t.false(logs.includes(seed.kiosk.secret));
  } finally {
    await s.stop();
  }
});

function runServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/api/src/server.ts'], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += String(d)));
  child.stderr.on('data', (d) => (out += String(d)));
  return { child, output: () => out };
}

test('the server entry refuses a bad configuration with exit code 78 and the variable named', async (t) => {
  const { child, output } = runServer({ PORT: 'eighty' });
  const [code] = (await once(child, 'exit')) as [number];
  t.is(code, 78);
  t.regex(output(), /PORT:/);
  t.regex(output(), /MONGODB_URI:/);
});

test('the server entry serves, then shuts down gracefully on SIGTERM', async (t) => {
  const { child, output } = runServer({
    ...stack.env(),
    PORT: '0',
    MONGODB_URI: withDatabase(process.env.MONGODB_URI!, 'server_entry_check'),
    REDIS_KEY_PREFIX: 'server-entry:',
    LOG_LEVEL: 'info',
  });
  let url = '';
  while (!url) {
    if (child.exitCode !== null) break;
    const m = /"url":"(http:\/\/[^"]+)"/.exec(output());
    if (m) url = m[1] as string;
    else await once(child.stdout, 'data');
  }
  t.truthy(url, output());
  t.is((await raw(`${url}/healthz`)).status, 200);
  child.kill('SIGTERM');
  const [code] = (await once(child, 'exit')) as [number];
  t.is(code, 0, output());
  t.regex(output(), /shutting down/);
});

test('the first admin is made by the create-admin command, never by a built-in account', async (t) => {
  const users = stack.api.conn.collection('users');
  t.is(await users.countDocuments({ 'roles.role': 'admin' }), 0, 'a fresh database has no admin');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'packages/api/src/cli/create-admin.ts', '--openid', 'first-admin-openid', '--nickname', '吴刚'],
    {
      cwd: repoRoot,
      env: { ...stack.env(), PATH: process.env.PATH ?? '', MONGODB_URI: withDatabase(process.env.MONGODB_URI!, stack.dbName) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout.on('data', (d) => (out += String(d)));
  child.stderr.on('data', (d) => (out += String(d)));
  const [code] = (await once(child, 'exit')) as [number];
  t.is(code, 0, out);
  t.regex(out, /admin: usr_/);
  const { client } = await stack.login('first-admin-openid');
  const me = await client.call(routes.getMe, {});
  t.is(me.nickname, '吴刚');
  t.deepEqual(me.roles, [{ role: 'admin', community_id: null }]);
});

test('POST with X-HTTP-Method-Override: PATCH reaches the PATCH route (wx.request has no PATCH); nothing else is overridden', async (t) => {
  const { token } = await stack.login('override-user');
  const patched = await raw(`${stack.apiUrl}/api/v1/me`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-http-method-override': 'PATCH' },
    body: JSON.stringify({ nickname: '小程序用户' }),
  });
  t.is(patched.status, 200);
  t.is(patched.body?.nickname, '小程序用户');
  const asDelete = await raw(`${stack.apiUrl}/api/v1/me`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-http-method-override': 'DELETE' },
    body: '{}',
  });
  t.is(asDelete.status, 405);
});
