/** bench:commerce's API with its simulators, and a bare Koa route to measure against. */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Koa from 'koa';
import pino from 'pino';
import { connectRedis, createLogger, loadConfig, startApi } from '@cc/api';
import { freePort } from '../services';
import { startCitizenCardGateway } from '../simulators/citizen-card';
import { startWechatSimulator } from '../simulators/wechat';
import { startWechatPaySimulator } from '../simulators/wechatpay';
import { cleanups, deleteKeys } from './harness';

export const WECHAT_APPID = 'wx_bench_appid';
export const WECHAT_SECRET = 'bench-secret-not-real';
export const CARD_PARTNER_ID = 'cc-bench';
/** The API's defaults, kept: payments stay under the PIN-free limit and each buyer under the daily cap. */
export const PIN_FREE_LIMIT_FEN = 5000;
export const DAILY_CAP_FEN = 50_000;

/**
 * The API with its simulators, configured as test/support/stack.ts does, in our own database and key prefix; `env`
 * adds or overrides settings (bench:claims raises DELIVERY_MAX_TASKS_PER_COURIER).
 */
export async function startStack(db_uri: string, redis_url: string, key_prefix: string, run_id: string, env: Record<string, string> = {}) {
  const sim = await startWechatSimulator({ appid: WECHAT_APPID, secret: WECHAT_SECRET });
  cleanups.push({ name: 'stop the WeChat simulator', run: () => sim.close() });
  const partnerKey = randomBytes(24).toString('hex');
  const cardGateway = await startCitizenCardGateway({ partnerId: CARD_PARTNER_ID, partnerKey });
  cleanups.push({ name: 'stop the card-centre simulator', run: () => cardGateway.close() });
  const pay = await startWechatPaySimulator({ appid: WECHAT_APPID, mchid: '1900000109' });
  cleanups.push({ name: 'stop the WeChat Pay simulator', run: () => pay.close() });
  const upload_dir = path.join(os.tmpdir(), `cc-bench-uploads-${run_id}`);
  cleanups.push({ name: `remove ${upload_dir}`, run: () => rm(upload_dir, { recursive: true, force: true }) });
  const config = loadConfig({
    APP_ENV: 'development',
    // A known port (not 0): WeChat Pay notifies are sent back to PUBLIC_BASE_URL, derived from it.
    PORT: String(await freePort()),
    MONGODB_URI: db_uri,
    REDIS_URL: redis_url,
    REDIS_KEY_PREFIX: key_prefix,
    WECHAT_API_BASE_URL: sim.url,
    WECHAT_APPID,
    WECHAT_SECRET,
    CORS_ORIGINS: '*',
    LOG_LEVEL: 'error',
    // Every simulated person comes from 127.0.0.1: the per-address limits would measure the limiter, not the shop.
    RATE_LIMIT_PER_MINUTE: '10000000',
    LOGIN_RATE_LIMIT_PER_MINUTE: '10000000',
    CARD_HASH_KEY: randomBytes(32).toString('hex'),
    CARD_GATEWAY_BASE_URL: cardGateway.url,
    CARD_GATEWAY_PARTNER_ID: CARD_PARTNER_ID,
    CARD_GATEWAY_PARTNER_KEY: partnerKey,
    WECHATPAY_BASE_URL: pay.url,
    WECHATPAY_MCHID: '1900000109',
    WECHATPAY_MERCHANT_SERIAL_NO: pay.merchant.serialNo,
    WECHATPAY_MERCHANT_PRIVATE_KEY: pay.merchant.privateKeyPem,
    WECHATPAY_API_V3_KEY: pay.apiV3Key,
    WECHATPAY_PLATFORM_SERIAL_NO: pay.platform.serialNo,
    WECHATPAY_PLATFORM_PUBLIC_KEY: pay.platform.publicKeyPem,
    WALLET_PIN_FREE_LIMIT_FEN: String(PIN_FREE_LIMIT_FEN),
    WALLET_DAILY_CAP_FEN: String(DAILY_CAP_FEN),
    UPLOAD_DIR: upload_dir,
    ...env,
  });
  // API errors go to stderr, so stdout carries only the figures.
  const api = await startApi(config, createLogger(config.LOG_LEVEL, pino.destination(2)));
  cleanups.push({
    name: 'stop the API and delete its redis keys',
    run: async () => {
      // The API (and its job workers) first, so no worker trips over keys deleted under it.
      await api.close();
      const cleaner = connectRedis(redis_url, key_prefix);
      try {
        await deleteKeys(cleaner, key_prefix);
      } finally {
        await cleaner.quit();
      }
    },
  });
  cleanups.push({ name: 'drop the database', run: () => api.conn.dropDatabase() });
  return { api, sim, cardGateway };
}

/** A bare Koa app answering a small JSON body: the floor of one HTTP round trip through Koa in this process. */
export async function startBareKoa(): Promise<string> {
  const app = new Koa();
  app.use((ctx) => {
    ctx.body = { ok: true, at: Date.now() };
  });
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push({
    name: 'stop the bare Koa app',
    run: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/ping`;
}
