/**
 * A fresh API for one test file, against the real database server and Redis the test runner started
 * (MONGODB_URI, REDIS_URL): its own database name and Redis key prefix, its own WeChat simulator.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, seedDemo, startApi, type Config, type RunningApi } from '@cc/api';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createClient, fetchTransport, routes, type ApiClient } from '@cc/shared';
import { freePort } from '@cc/tools/services';
import { startCitizenCardGateway, type CitizenCardGateway } from '@cc/tools/simulators/citizen-card';
import { startWechatSimulator, type WechatSimulator } from '@cc/tools/simulators/wechat';
import { startWechatPaySimulator, type WechatPaySimulator } from '@cc/tools/simulators/wechatpay';

export const WECHAT_APPID = 'wx_test_appid';
const WECHAT_SECRET = 'test-secret-not-real';

/** Puts `db` as the database of a MongoDB connection string, keeping hosts and options. */
export function withDatabase(uri: string, db: string): string {
  const m = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(?:\/[^?]*)?(\?.*)?$/.exec(uri);
  if (!m) throw new Error(`unexpected MONGODB_URI: ${uri}`);
  return `${m[1]}/${db}${m[2] ?? ''}`;
}

export interface Stack {
  api: RunningApi;
  config: Config;
  apiUrl: string;
  sim: WechatSimulator;
  wechatSimUrl: string;
  cardGateway: CitizenCardGateway;
  pay: WechatPaySimulator;
  dbName: string;
  /** Anonymous client. */
  client: ApiClient;
  /** Client that sends this session token. */
  as(token: string): ApiClient;
  /** The API's configuration as environment variables, for child processes (CLI commands, the server entry). */
  env(): Record<string, string>;
  /** Client of a kiosk terminal. */
  terminal(kiosk_id: string, secret: string): ApiClient;
  /** Logs in through the simulator as this WeChat user; returns the session token and user id. */
  login(openid: string): Promise<{ token: string; user_id: string; client: ApiClient }>;
  seed(): ReturnType<typeof seedDemo>;
  /** Stops the API and the simulators, keeping the data (another stack may share the database). */
  close(): Promise<void>;
  /** close(), then drops this stack's database and Redis keys. */
  stop(): Promise<void>;
}

/** The three provider simulators a stack's API talks to (WeChat server API, card centre, WeChat Pay). */
async function startSimulators() {
  const sim = await startWechatSimulator({ appid: WECHAT_APPID, secret: WECHAT_SECRET });
  const partnerKey = randomBytes(24).toString('hex');
  const cardGateway = await startCitizenCardGateway({ partnerId: 'cc-test', partnerKey });
  // Notify retries compressed from the platform's 15 s … 6 h schedule.
  const pay = await startWechatPaySimulator({
    appid: WECHAT_APPID,
    mchid: '1900000109',
    retryScheduleMs: [50, 100, 200, 400, 800],
    refundDelayMs: 20,
  });
  return { sim, partnerKey, cardGateway, pay };
}

/** The API's configuration for one stack: its own database and key prefix, the simulators, fast recovery jobs. */
async function stackConfig(run: string, dbName: string, sims: Awaited<ReturnType<typeof startSimulators>>, env: Record<string, string>) {
  const { sim, partnerKey, cardGateway, pay } = sims;
  return loadConfig({
    APP_ENV: 'test',
    // A known port (not 0): WeChat Pay notifies are sent back to PUBLIC_BASE_URL, derived from it.
    PORT: String(await freePort()),
    MONGODB_URI: withDatabase(process.env.MONGODB_URI as string, dbName),
    REDIS_URL: process.env.REDIS_URL as string,
    REDIS_KEY_PREFIX: `t:${run}:`,
    WECHAT_API_BASE_URL: sim.url,
    WECHAT_APPID,
    WECHAT_SECRET,
    CORS_ORIGINS: '*',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    RATE_LIMIT_PER_MINUTE: '100000',
    LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
    CARD_HASH_KEY: randomBytes(32).toString('hex'),
    CARD_GATEWAY_BASE_URL: cardGateway.url,
    CARD_GATEWAY_PARTNER_ID: 'cc-test',
    CARD_GATEWAY_PARTNER_KEY: partnerKey,
    WECHATPAY_BASE_URL: pay.url,
    WECHATPAY_MCHID: '1900000109',
    WECHATPAY_MERCHANT_SERIAL_NO: pay.merchant.serialNo,
    WECHATPAY_MERCHANT_PRIVATE_KEY: pay.merchant.privateKeyPem,
    WECHATPAY_API_V3_KEY: pay.apiV3Key,
    WECHATPAY_PLATFORM_SERIAL_NO: pay.platform.serialNo,
    WECHATPAY_PLATFORM_PUBLIC_KEY: pay.platform.publicKeyPem,
    LEDGER_LOCK_TTL_MS: '5000',
    LEDGER_RECOVERY_AGE_MS: '3000',
    LEDGER_RECOVERY_EVERY_MS: '500',
    // The PIN-free daily total as high as the default hard cap, so that suites paying many small orders from one
    // resident test what they mean to; the suites of that total set their own (daily-cap, kiosk-shop-trouble).
    WALLET_PIN_FREE_DAILY_FEN: '50000',
    UPLOAD_DIR: path.join(tmpdir(), `cc-uploads-${run}`),
    ...env,
  });
}

/** Drops the stack's Redis keys and uploads after its API stopped (so no worker trips over keys deleted under it). */
async function cleanUp(config: Config): Promise<void> {
  const cleaner = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await cleaner.connect();
    const keys = await cleaner.keys(`${config.REDIS_KEY_PREFIX}*`);
    if (keys.length) await cleaner.del(...keys);
  } catch {
    // Redis already gone (tests that stop it on purpose): nothing left to clean.
  } finally {
    cleaner.disconnect();
  }
  await rm(config.UPLOAD_DIR, { recursive: true, force: true });
}

/**
 * The API on a port chosen free a moment before: another process (parallel test files) may take it in between, so
 * an EADDRINUSE is answered by choosing again (a few times).
 */
async function startOnFreePort(makeConfig: () => Promise<Config>, logger?: Logger) {
  for (let attempt = 1; ; attempt++) {
    const config = await makeConfig();
    try {
      return { config, api: await startApi(config, logger) };
    } catch (err) {
      if ((err as { code?: string }).code !== 'EADDRINUSE' || attempt >= 5) throw err;
    }
  }
}

export async function startStack(env: Record<string, string> = {}, opts: { logger?: Logger; dbName?: string } = {}): Promise<Stack> {
  if (!process.env.MONGODB_URI || !process.env.REDIS_URL)
    throw new Error('MONGODB_URI and REDIS_URL are not set: run the tests with `pnpm test` (tools/test.ts)');
  const run = `${path
    .basename(process.argv[1] ?? 't')
    .replace(/\W/g, '')
    .slice(0, 20)}_${randomBytes(4).toString('hex')}`;
  const dbName = opts.dbName ?? `t_${run}`;
  const sims = await startSimulators();
  const { sim, cardGateway, pay } = sims;
  const { config, api } = await startOnFreePort(() => stackConfig(run, dbName, sims, env), opts.logger);
  const as = (token: string) => createClient({ baseUrl: api.url, transport: fetchTransport(), authorization: () => `Bearer ${token}` });
  const client = createClient({ baseUrl: api.url, transport: fetchTransport() });
  const close = async () => {
    await api.close();
    await Promise.all([sim.close(), cardGateway.close(), pay.close()]);
  };
  return {
    api,
    config,
    apiUrl: api.url,
    sim,
    wechatSimUrl: sim.url,
    cardGateway,
    pay,
    dbName,
    client,
    as,
    env: () =>
      Object.fromEntries(
        Object.entries(config)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]),
      ),
    terminal: (kiosk_id, secret) =>
      createClient({ baseUrl: api.url, transport: fetchTransport(), authorization: () => `Terminal ${kiosk_id}:${secret}` }),
    async login(openid) {
      const session = await client.call(routes.wechatLogin, { body: { code: sim.mintCode(openid) } });
      return { token: session.token, user_id: session.user.id, client: as(session.token) };
    },
    seed: () => seedDemo({ identity: api.identity, wallet: api.wallet }),
    close,
    async stop() {
      await api.conn.dropDatabase().catch(() => undefined);
      await close();
      await cleanUp(config);
    },
  };
}

/** Raw HTTP, for what the typed client refuses to send (bad JSON, wrong types, unknown fields). */
export async function raw(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> | null; text: string }> {
  const res = await fetch(url, { method: init.method ?? 'GET', headers: init.headers, body: init.body });
  const text = await res.text();
  let body: Record<string, unknown> | null = null;
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : null;
  } catch {
    body = null;
  }
  return { status: res.status, headers: res.headers, body, text };
}
