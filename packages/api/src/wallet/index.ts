import type { PublishInboxEvent } from '@cc/shared';
import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { WechatPayClient } from '../payments/wechatpay';
import type { Commands } from '../platform/commands';
import { createLocks } from '../platform/lock';
import { walletBooksFacts } from './books-facts';
import { createCardGatewayClient } from './card-gateway';
import { createCardService, toCard } from './cards';
import { checkLedger } from './check';
import { createWechatCollect } from './collect';
import { createKioskSessions } from './kiosk-sessions';
import { kioskWallet } from './kiosk-wallet';
import { createLedger } from './ledger';
import { walletModels } from './models';
import { createPayingService, type WalletLimitsConfig } from './paying';
import { createReconciliation } from './reconciliation';
import { createOriginRefunds } from './origin';
import { createTopupRefunds } from './refunds';
import { createStatements } from './statements';
import { createTopupService } from './topups';
import { createWechatRefunds } from './wechat-refunds';

export interface WalletDeps {
  conn: Connection;
  redis: Redis;
  logger: Logger;
  cardHashKey: string;
  cardGateway: { baseUrl: string; partnerId: string; partnerKey: string };
  wechatPay: WechatPayClient;
  wechatPayMchid: string;
  notifyUrl: string;
  limits: WalletLimitsConfig;
  kioskSessionTtlSeconds: number;
  ledgerLockTtlMs: number;
  /** From the identity module. */
  openidOf: (user_id: string) => Promise<string>;
  /** The command-and-saga kernel: top-ups and their refunds run on it. */
  commands: Commands;
  /** The inbox: top-ups that arrived and a balance gone below `low_fen` after a payment (0: never) are told. */
  inbox: { publish: PublishInboxEvent; low_fen: number };
}

/** The wallet module: ledger, citizen cards, paying, top-ups, statements and kiosk card sessions. */
export function createWallet(deps: WalletDeps) {
  const models = walletModels(deps.conn);
  const locks = createLocks(deps.redis);
  const ledger = createLedger({ models, locks, lockTtlMs: deps.ledgerLockTtlMs });
  const gateway = createCardGatewayClient(deps.cardGateway);
  const cards = createCardService({ models, ledger, gateway, cardHashKey: deps.cardHashKey, locks });
  const paying = createPayingService({ models, ledger, cards, locks, limits: deps.limits, inbox: deps.inbox });
  const statements = createStatements(models);
  const kioskSessions = createKioskSessions(deps.redis, deps.kioskSessionTtlSeconds);
  const collect = createWechatCollect({
    conn: deps.conn,
    ledger,
    wechatPay: deps.wechatPay,
    notifyUrl: deps.notifyUrl,
    mchid: deps.wechatPayMchid,
    logger: deps.logger,
    openidOf: deps.openidOf,
  });
  const topups = createTopupService({
    models,
    ledger,
    cards,
    commands: deps.commands,
    wechatPay: deps.wechatPay,
    notifyUrl: deps.notifyUrl,
    mchid: deps.wechatPayMchid,
    logger: deps.logger,
    openidOf: deps.openidOf,
    publishInbox: deps.inbox.publish,
    onRefundNotify: (resource) => wechatRefunds.onNotify(resource),
    onCollectionPaid: (tx) => collect.applyPaid(tx),
  });

  // Every WeChat Pay refund (top-ups sent back, orders paid by WeChat Pay refunded) is one saga with one record.
  const wechatRefunds = createWechatRefunds({ models, ledger, wechatPay: deps.wechatPay, notifyUrl: deps.notifyUrl, logger: deps.logger });
  const refunds = createTopupRefunds({ models, ledger, wechat: wechatRefunds, commands: deps.commands });
  const refundToOrigin = createOriginRefunds({ ledger, paying, collect, wechat: wechatRefunds });
  const reconciliation = createReconciliation({
    conn: deps.conn,
    models,
    wechatPay: deps.wechatPay,
    gateway,
    logger: deps.logger,
    collectionsPaid: (from, to) => collect.paidBetween(from, to),
  });

  async function walletOf(user_id: string) {
    const card = await cards.currentCard(user_id);
    const account = card ? await ledger.requireAccount(card.account_id) : null;
    return {
      account_id: account?._id ?? null,
      balance_fen: account?.balance_fen ?? 0,
      card: card ? toCard(card) : null,
      limits: { ...deps.limits, ...(card ? await paying.today(card._id) : { spent_today_fen: 0, pin_free_spent_today_fen: 0 }) },
    };
  }

  return {
    models,
    ledger,
    cards,
    paying,
    collect,
    statements,
    topups,
    kioskSessions,
    reconciliation,
    refunds,
    /** Gives a payment back to where it came from: the card wallet, or WeChat Pay (origin.ts). */
    refundToOrigin,
    /** Who is told when a WeChat Pay refund of a collected payment is over (one listener: modules.ts routes it on). */
    onRefundSettled: wechatRefunds.onSettled,
    walletOf,
    check: () => checkLedger(models),
    booksFacts: walletBooksFacts(models, deps.conn),

    async statementOf(user_id: string, page: { limit: number; cursor?: string }) {
      const card = await cards.currentCard(user_id);
      if (!card) return { items: [], next_cursor: null };
      return statements.page(card.account_id, page);
    },

    // Card sessions at kiosks (kiosk-wallet.ts).
    ...kioskWallet({ models, ledger, cards, statements, kioskSessions }),
  };
}
export type Wallet = ReturnType<typeof createWallet>;
export { walletBooksFactsOn, type WalletBooksFacts } from './books-facts';
