import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { Config } from './config';
import { callsPeoplePorts } from './calls/adapters';
import { createCalls } from './calls/index';
import { communityExistsVia } from './catalog/adapters';
import { createCatalog } from './catalog/index';
import { loadCallsConfig } from './calls/config';
import { createDelivery } from './delivery/index';
import { createIdentity } from './identity/index';
import { orderPortsFrom } from './orders/adapters';
import { createOrders } from './orders/index';
import { createWechatPayClient } from './payments/wechatpay';
import { createCommands } from './platform/commands';
import { createJobRunner, type JobRunner } from './platform/jobs';
import { createRealtimeBus } from './platform/realtime';
import { localDiskStore } from './platform/storage';
import { createUploads } from './uploads/index';
import { createWallet } from './wallet/index';

/** The domain modules wired together from the configuration; the app and the command-line tools both use this. */
export function createModules({
  config,
  conn,
  redis,
  logger,
  jobs = createJobRunner({
    redisUrl: config.REDIS_URL,
    prefix: `${config.REDIS_KEY_PREFIX}bull`,
    logger,
    workers: false,
    commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS,
  }),
}: {
  config: Config;
  conn: Connection;
  redis: Redis;
  logger: Logger;
  /** The job runner; by default one that only produces (command-line tools run no workers). */
  jobs?: JobRunner;
}) {
  // The command-and-saga kernel every money path and cross-module operation runs on (platform/commands.ts).
  const commands = createCommands({ conn, logger, lease_ms: config.COMMAND_LEASE_MS });

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
  const realtime = createRealtimeBus({
    redisUrl: config.REDIS_URL,
    channel: `${config.REDIS_KEY_PREFIX}realtime`,
    logger,
    commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS,
  });
  const calls = createCalls({
    conn,
    redis,
    logger,
    jobs,
    commands,
    config: loadCallsConfig(),
    bus: realtime,
    // The person's profile, places, family and photos through identity's and uploads' services.
    ...callsPeoplePorts(identity, uploads),
    // Fees of resolved calls: the wallet's paying service and ledger look-ups, never its models.
    wallet: {
      pay: (req) => wallet.paying.pay(req),
      refund: (req) => wallet.paying.refund(req),
      transferByKey: async (key) => {
        const t = await wallet.ledger.findByKey(key);
        return t ? { _id: t._id, status: t.status } : null;
      },
      providerAccountOf: async (user_id) => (await wallet.ledger.ensureAccount('provider', user_id, '便民服务收入'))._id,
    },
    feeRecheckAfterMs: 2 * config.LEDGER_RECOVERY_AGE_MS + config.LEDGER_RECOVERY_EVERY_MS,
  });

  // Merchants, categories, products and catalog imports; identity, wallet and uploads only through their services.
  const catalog = createCatalog({
    conn,
    jobs,
    communityExists: communityExistsVia(identity),
    openMerchantAccount: async (merchant_id, label) => (await wallet.ledger.ensureAccount('merchant', merchant_id, label))._id,
    uploads: uploads.service,
  });

  // Delivery slots and pickup; stations come from identity's service.
  const delivery = createDelivery({
    conn,
    stationsOf: async (community_id) => (await identity.places.listStations(community_id, { limit: 100 })).items,
  });

  // Cart, checkout and orders: a saga over catalog (stock), delivery (seats), identity (addresses) and wallet (money),
  // each reached through the functions below only.
  const orders = createOrders({
    conn,
    jobs,
    commands,
    payWithinMs: config.ORDER_PAY_WITHIN_SECONDS * 1000,
    autoConfirmAfterMs: config.ORDER_AUTO_CONFIRM_SECONDS * 1000,
    reviewBlockedWords: config.REVIEW_BLOCKED_WORDS,
    ports: {
      ...orderPortsFrom({ catalog, delivery, identity, uploads }),
      wallet: {
        pay: (req) => wallet.paying.pay(req),
        settle: (req) => wallet.paying.settle(req),
        refund: (req) => wallet.paying.refund(req),
        refundToOrigin: (req) => wallet.refundToOrigin(req),
        transferByKey: async (key) => {
          const t = await wallet.ledger.findByKey(key);
          return t ? { _id: t._id, status: t.status, amount_fen: t.amount_fen } : null;
        },
        wechat: {
          prepay: (req) => wallet.collect.prepay(req),
          settleOrClose: (out_trade_no) => wallet.collect.settleOrClose(out_trade_no),
          refresh: (out_trade_no) => wallet.collect.refresh(out_trade_no),
        },
        clearingAccountId: async () => (await wallet.ledger.ensureAccount('platform_clearing', null, '平台待结算'))._id,
      },
      publish: (user_ids, event) => realtime.publish({ user_ids }, event),
    },
  });

  // WeChat Pay payments of orders, booked by the wallet, are handed to orders by this one listener.
  wallet.collect.onPaid((paid) => orders.checkout.onWechatPaid(paid));
  // … and the outcome of WeChat Pay refunds of orders (the order becomes refunded only when the money is back).
  wallet.onRefundSettled((r) => orders.lifecycle.refundSettled(r));

  return { identity, wallet, calls, realtime, uploads, catalog, delivery, orders, jobs, commands };
}
export type Modules = ReturnType<typeof createModules>;
