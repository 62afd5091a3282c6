import type { PublishInboxEvent } from '@cc/shared';
import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { createWechatPayClient } from '../payments/wechatpay';
import type { Commands } from '../platform/commands';
import { createWallet } from './index';

/** The wallet built from the environment's configuration: the card centre, WeChat Pay, limits (modules.ts only wires). */
export function walletFromConfig(
  config: Config,
  deps: {
    conn: Connection;
    redis: Redis;
    logger: Logger;
    commands: Commands;
    openidOf: (user_id: string) => Promise<string>;
    /** The inbox: top-ups and low balances are told to the card holder. */
    inbox: { publish: PublishInboxEvent };
  },
) {
  const { conn, redis, logger } = deps;
  const publicBaseUrl = config.PUBLIC_BASE_URL ?? `http://${config.HOST}:${config.PORT}`;
  return createWallet({
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
    limits: {
      pin_free_limit_fen: config.WALLET_PIN_FREE_LIMIT_FEN,
      pin_free_daily_fen: config.WALLET_PIN_FREE_DAILY_FEN,
      daily_cap_fen: config.WALLET_DAILY_CAP_FEN,
    },
    kioskSessionTtlSeconds: config.KIOSK_SESSION_TTL_SECONDS,
    ledgerLockTtlMs: config.LEDGER_LOCK_TTL_MS,
    openidOf: deps.openidOf,
    commands: deps.commands,
    inbox: { publish: deps.inbox.publish, low_fen: config.WALLET_LOW_BALANCE_FEN },
  });
}
