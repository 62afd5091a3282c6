import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { Config } from './config';
import { createCalls } from './calls/index';
import { createCatalog } from './catalog/index';
import { loadCallsConfig } from './calls/config';
import { createIdentity } from './identity/index';
import { createWechatPayClient } from './payments/wechatpay';
import { createRealtimeBus } from './platform/realtime';
import { localDiskStore } from './platform/storage';
import { createUploads } from './uploads/index';
import { createWallet } from './wallet/index';

/** The domain modules wired together from the configuration; the app and the command-line tools both use this. */
export function createModules({ config, conn, redis, logger }: { config: Config; conn: Connection; redis: Redis; logger: Logger }) {
  const identity = createIdentity({
    conn,
    redis,
    sessionTtlSeconds: config.SESSION_TTL_SECONDS,
    wechat: { baseUrl: config.WECHAT_API_BASE_URL, appid: config.WECHAT_APPID, secret: config.WECHAT_SECRET },
    emergencyTemplateId: config.WECHAT_TEMPLATE_EMERGENCY,
    logger,
  });

  // Photos for calls, products and reviews; the disk store can be swapped for an object store (platform/storage.ts).
  const uploads = createUploads({ conn, redis, store: localDiskStore(config.UPLOAD_DIR), perHour: config.UPLOADS_PER_USER_PER_HOUR });

  const publicBaseUrl = config.PUBLIC_BASE_URL ?? `http://${config.HOST}:${config.PORT}`;
  const wallet = createWallet({
    conn,
    redis,
    logger,
    cardHashKey: config.CARD_HASH_KEY,
    cardGateway: {
      baseUrl: config.CARD_GATEWAY_BASE_URL,
      partnerId: config.CARD_GATEWAY_PARTNER_ID,
      partnerKey: config.CARD_GATEWAY_PARTNER_KEY,
    },
    wechatPay: createWechatPayClient({
      baseUrl: config.WECHATPAY_BASE_URL,
      appid: config.WECHAT_APPID,
      mchid: config.WECHATPAY_MCHID,
      merchantSerialNo: config.WECHATPAY_MERCHANT_SERIAL_NO,
      merchantPrivateKeyPem: config.WECHATPAY_MERCHANT_PRIVATE_KEY,
      apiV3Key: config.WECHATPAY_API_V3_KEY,
      platformSerialNo: config.WECHATPAY_PLATFORM_SERIAL_NO,
      platformPublicKeyPem: config.WECHATPAY_PLATFORM_PUBLIC_KEY,
    }),
    wechatPayMchid: config.WECHATPAY_MCHID,
    notifyUrl: `${publicBaseUrl}/api/v1/payments/wechat/notify`,
    limits: { pin_free_limit_fen: config.WALLET_PIN_FREE_LIMIT_FEN, daily_cap_fen: config.WALLET_DAILY_CAP_FEN },
    kioskSessionTtlSeconds: config.KIOSK_SESSION_TTL_SECONDS,
    ledgerLockTtlMs: config.LEDGER_LOCK_TTL_MS,
    openidOf: identity.users.openidOf,
  });

  // Real-time events for people and operators, fanned out to every API instance through Redis pub/sub.
  const realtime = createRealtimeBus({ redisUrl: config.REDIS_URL, channel: `${config.REDIS_KEY_PREFIX}realtime`, logger });
  const calls = createCalls({
    conn,
    redis,
    logger,
    redisUrl: config.REDIS_URL,
    queuePrefix: `${config.REDIS_KEY_PREFIX}bull`,
    config: loadCallsConfig(),
    bus: realtime,
    // The person's profile through the identity service (the calls module never reads identity's models).
    profileOf: (user_id) => identity.users.getMe({ kind: 'user', user_id, roles: [], community_id: null, session_id: 'calls' }),
    hotlineOf: async (community_id) => (await identity.places.getCommunity(community_id)).hotline,
  });

  // Merchants, categories, products and catalog imports; identity, wallet and uploads only through their services.
  const catalog = createCatalog({
    conn,
    jobs,
    communityExists: async (community_id) =>
      identity.places.getCommunity(community_id).then(
        () => true,
        (err: unknown) => {
          if ((err as { code?: string }).code === 'community_not_found') return false;
          throw err;
        },
      ),
    openMerchantAccount: async (merchant_id, label) => (await wallet.ledger.ensureAccount('merchant', merchant_id, label))._id,
    uploads: uploads.service,
  });

  return { identity, wallet, calls, realtime, uploads, catalog };
}
export type Modules = ReturnType<typeof createModules>;
