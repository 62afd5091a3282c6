/**
 * Local WeChat server-API simulator: a real HTTP server that answers like the platform (HTTP 200 with errcode/errmsg
 * on failure), for development and tests. Production configuration refuses its URL.
 *
 * Platform endpoints:   GET  /sns/jscode2session   GET /cgi-bin/token   POST /wxa/business/getuserphonenumber
 *                       POST /cgi-bin/message/subscribe/send (subscribe messages; kept for GET /sim/messages)
 * Simulator endpoints:  POST /sim/codes {openid} → {code}       (what wx.login() would give that person)
 *                       POST /sim/phone-codes {phone} → {code}  (what the getPhoneNumber button would give)
 *                       GET  /sim/messages                        (subscribe messages sent so far, newest last)
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';

const CODE_TTL_MS = 5 * 60 * 1000;
const TOKEN_TTL_S = 7200;

type Pending = { value: string; expires_at: number; used: boolean };
type SentMessage = { touser: string; template_id: string; page: string; data: Record<string, { value: string }>; at: string };
type SimOptions = { appid: string; secret: string; port?: number; host?: string };
type Query = Record<string, string | undefined>;

/** What the simulator remembers: codes, access tokens, the messages sent, and who refuses messages. */
interface SimState {
  opts: SimOptions;
  loginCodes: Map<string, Pending>;
  phoneCodes: Map<string, Pending>;
  accessTokens: Map<string, number>;
  messages: SentMessage[];
  /** People who have not allowed subscribe messages (43101), set by tests. */
  refusing: Set<string>;
  /** Sends to these people that fail (errcode -1, system busy) before the next one goes through, set by tests. */
  busyFor: Map<string, number>;
}

const newCode = () => randomBytes(16).toString('hex');
const err = (errcode: number, errmsg: string) => ({ errcode, errmsg: `${errmsg} rid: ${randomBytes(4).toString('hex')}` });

/** Codes are valid once, for five minutes. */
function redeem(store: Map<string, Pending>, code: string | undefined): Pending | { errcode: number; errmsg: string } {
  const entry = code ? store.get(code) : undefined;
  if (!entry || entry.expires_at < Date.now()) return err(40029, 'invalid code');
  if (entry.used) return err(40163, 'code been used');
  entry.used = true;
  return entry;
}

async function readJson(ctx: Koa.Context): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
  } catch {
    return {};
  }
}

async function jscode2session(state: SimState, ctx: Koa.Context, q: Query): Promise<void> {
  const { opts } = state;
  const appOk = q.appid === opts.appid;
  if (!appOk) return void (ctx.body = err(40013, 'invalid appid'));
  if (q.secret !== opts.secret) return void (ctx.body = err(40125, 'invalid appsecret'));
  if (q.grant_type !== 'authorization_code') return void (ctx.body = err(40002, 'invalid grant_type'));
  const result = redeem(state.loginCodes, q.js_code);
  if ('errcode' in result) return void (ctx.body = result);
  ctx.body = { openid: result.value, session_key: randomBytes(16).toString('base64') };
}

async function cgiToken(state: SimState, ctx: Koa.Context, q: Query): Promise<void> {
  const { opts } = state;
  const appOk = q.appid === opts.appid;
  if (!appOk) return void (ctx.body = err(40013, 'invalid appid'));
  if (q.secret !== opts.secret) return void (ctx.body = err(40125, 'invalid appsecret'));
  const token = randomBytes(24).toString('base64url');
  state.accessTokens.set(token, Date.now() + TOKEN_TTL_S * 1000);
  ctx.body = { access_token: token, expires_in: TOKEN_TTL_S };
}

async function phoneNumber(state: SimState, ctx: Koa.Context, q: Query): Promise<void> {
  const { opts } = state;
  const expires = q.access_token ? state.accessTokens.get(q.access_token) : undefined;
  if (!expires) return void (ctx.body = err(40001, 'invalid credential, access_token is invalid or not latest'));
  if (expires < Date.now()) return void (ctx.body = err(42001, 'access_token expired'));
  const body = await readJson(ctx);
  const result = redeem(state.phoneCodes, typeof body.code === 'string' ? body.code : undefined);
  if ('errcode' in result) return void (ctx.body = result);
  ctx.body = {
    errcode: 0,
    errmsg: 'ok',
    phone_info: {
      phoneNumber: result.value,
      purePhoneNumber: result.value,
      countryCode: '86',
      watermark: { timestamp: Math.floor(Date.now() / 1000), appid: opts.appid },
    },
  };
}

async function subscribeSend(state: SimState, ctx: Koa.Context, q: Query): Promise<void> {
  const expires = q.access_token ? state.accessTokens.get(q.access_token) : undefined;
  if (!expires) return void (ctx.body = err(40001, 'invalid credential, access_token is invalid or not latest'));
  if (expires < Date.now()) return void (ctx.body = err(42001, 'access_token expired'));
  const body = await readJson(ctx);
  if (typeof body.touser !== 'string' || !body.touser) return void (ctx.body = err(40003, 'invalid openid'));
  if (typeof body.template_id !== 'string' || !body.template_id) return void (ctx.body = err(40037, 'invalid template_id'));
  // The platform limits thing.DATA values to 20 characters.
  const data = (body.data ?? {}) as Record<string, { value?: unknown }>;
  for (const [key, v] of Object.entries(data)) {
    if (typeof v?.value !== 'string' || (key.startsWith('thing') && v.value.length > 20)) {
      return void (ctx.body = err(47003, `argument invalid! data.${key}.value invalid`));
    }
  }
  if (state.refusing.has(body.touser)) return void (ctx.body = err(43101, 'user refuse to accept the msg'));
  const busy = state.busyFor.get(body.touser) ?? 0;
  if (busy > 0) {
    state.busyFor.set(body.touser, busy - 1);
    return void (ctx.body = err(-1, 'system error'));
  }
  state.messages.push({
    touser: body.touser,
    template_id: body.template_id,
    page: typeof body.page === 'string' ? body.page : '',
    data: data as Record<string, { value: string }>,
    at: new Date().toISOString(),
  });
  ctx.body = { errcode: 0, errmsg: 'ok', msgid: Date.now() };
}

async function simCodes(state: SimState, ctx: Koa.Context, _q: Query): Promise<void> {
  const body = await readJson(ctx);
  if (typeof body.openid !== 'string' || !/^[A-Za-z0-9_-]{6,64}$/.test(body.openid)) {
    ctx.status = 400;
    ctx.body = { error: 'openid required' };
    return;
  }
  const code = newCode();
  state.loginCodes.set(code, { value: body.openid, expires_at: Date.now() + CODE_TTL_MS, used: false });
  ctx.body = { code };
}

async function simPhoneCodes(state: SimState, ctx: Koa.Context, _q: Query): Promise<void> {
  const body = await readJson(ctx);
  if (typeof body.phone !== 'string' || !/^1\d{10}$/.test(body.phone)) {
    ctx.status = 400;
    ctx.body = { error: 'phone required' };
    return;
  }
  const code = newCode();
  state.phoneCodes.set(code, { value: body.phone, expires_at: Date.now() + CODE_TTL_MS, used: false });
  ctx.body = { code };
}

const ROUTES: Record<string, (state: SimState, ctx: Koa.Context, q: Query) => Promise<void>> = {
  'GET /sns/jscode2session': jscode2session,
  'GET /cgi-bin/token': cgiToken,
  'POST /wxa/business/getuserphonenumber': phoneNumber,
  'POST /cgi-bin/message/subscribe/send': subscribeSend,
  'GET /sim/messages': async (state, ctx) => {
    ctx.body = { messages: state.messages };
  },
  'POST /sim/codes': simCodes,
  'POST /sim/phone-codes': simPhoneCodes,
};

export async function startWechatSimulator(opts: SimOptions) {
  const state: SimState = {
    opts,
    loginCodes: new Map(),
    phoneCodes: new Map(),
    accessTokens: new Map(),
    messages: [],
    refusing: new Set(),
    busyFor: new Map(),
  };
  const { loginCodes, phoneCodes, accessTokens, messages, refusing, busyFor } = state;
  const app = new Koa();
  app.use(async (ctx, next) => {
    // The H5 demo login calls /sim/codes from the browser.
    ctx.set('Access-Control-Allow-Origin', '*');
    ctx.set('Access-Control-Allow-Headers', 'Content-Type');
    if (ctx.method === 'OPTIONS') {
      ctx.status = 204;
      return;
    }
    await next();
  });
  app.use(async (ctx) => {
    const route = ROUTES[`${ctx.method} ${ctx.path}`];
    if (route) return route(state, ctx, ctx.query as Query);
    ctx.status = 404;
    ctx.body = err(-1, 'not found');
  });

  const server = app.listen(opts.port ?? 0, opts.host ?? '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const url = `http://${opts.host ?? '127.0.0.1'}:${port}`;
  return {
    url,
    /** Subscribe messages delivered so far. */
    messages: (): readonly SentMessage[] => messages,
    /** Test helper: this person has not allowed subscribe messages (the platform answers 43101). */
    refuseMessages(openid: string): void {
      refusing.add(openid);
    },
    /** Test helper: the next `times` messages to this person fail as when the platform is busy (errcode -1). */
    failMessages(openid: string, times: number): void {
      busyFor.set(openid, times);
    },
    /** Test helper: the code wx.login() would return for this person. */
    mintCode(openid: string): string {
      const code = newCode();
      loginCodes.set(code, { value: openid, expires_at: Date.now() + CODE_TTL_MS, used: false });
      return code;
    },
    mintPhoneCode(phone: string): string {
      const code = newCode();
      phoneCodes.set(code, { value: phone, expires_at: Date.now() + CODE_TTL_MS, used: false });
      return code;
    },
    /** Test helper: revoke every access token, as the platform does when another server fetches a new one. */
    revokeAccessTokens: () => accessTokens.clear(),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
export type WechatSimulator = Awaited<ReturnType<typeof startWechatSimulator>>;
