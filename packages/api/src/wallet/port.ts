import type { Wallet } from './index';
import type { RefundToOriginRequest } from './origin';
import type { PrepayRequest } from './collect';
import type { PayRequest, SettleRequest } from './paying';

export type { PayRequest, RefundToOriginRequest };

/** Where a refund to the payment's origin stands (a wallet refund is over at once; WeChat Pay says later). */
export interface RefundOutcome {
  refund_id: string;
  status: 'processing' | 'succeeded' | 'failed';
  /** The ledger transfer back to the wallet (wallet payments only). */
  transfer_id: string | null;
  failure_code: string | null;
}

/** A ledger transfer as other modules may see it. */
export interface TransferRef {
  _id: string;
  status: 'pending' | 'posted' | 'voided';
  amount_fen: number;
}

/**
 * The wallet as every other module sees it (DESIGN §2: they never touch accounts, transfers or WeChat Pay): one typed
 * port, built once by `walletPort` and handed to orders and calls by modules.ts. Every money call takes the caller's
 * idempotency key — the same key answers the first result, never moves money twice — so callers can run them as
 * steps of a command (platform/commands.ts) and repeat them after a crash.
 */
export interface WalletPort {
  /** From a resident's card wallet to `payee_account_id`: PIN above the PIN-free limit, the daily cap, the balance. */
  pay(req: PayRequest): Promise<{ _id: string }>;
  /** Held money moves on (clearing → the seller once an order completes). */
  settle(req: SettleRequest): Promise<unknown>;
  /** Back into the card wallet that paid, never more than was paid; gives the day's cap back. */
  refund(req: { idempotency_key: string; original_transfer_id: string; amount_fen: number; memo: string }): Promise<{ _id: string }>;
  /** Back to where a payment came from: the card wallet at once, or WeChat Pay through its refund API (`processing`). */
  refundToOrigin(req: RefundToOriginRequest & { reference_id: string }): Promise<RefundOutcome>;
  /** The ledger transfer made under an idempotency key, if any. */
  transferByKey(idempotency_key: string): Promise<TransferRef | null>;
  /** The platform's clearing account: paid orders wait there until completed. */
  clearingAccountId(): Promise<string>;
  /** A service provider's own account (created on first use), where the fees they earn go. */
  providerAccountOf(user_id: string): Promise<string>;
  /** A courier's own account (created on first use), where delivery fees go. */
  courierAccountOf(user_id: string): Promise<string>;
  /** The platform's delivery-fee account couriers are paid from (it may go negative: the platform funds it). */
  deliveryFeeAccountId(): Promise<string>;
  /** WeChat Pay through the wallet's collect service (it books the money and tells the collecting module when paid). */
  wechat: {
    prepay(req: PrepayRequest): Promise<{
      out_trade_no: string;
      pay_params: { appId: string; timeStamp: string; nonceStr: string; package: string; signType: 'RSA'; paySign: string };
    }>;
    /** Paid (booked, and the collecting module told) or closed so it can no longer be paid. */
    settleOrClose(out_trade_no: string): Promise<'paid' | 'closed'>;
    /** For a page waiting on a payment: asks the platform in case the notify is late. */
    refresh(out_trade_no: string): Promise<'pending' | 'paid' | 'closed'>;
  };
}

/** The port from the wallet's services (modules.ts hands it to orders and calls). */
export function walletPort(wallet: Wallet): WalletPort {
  return {
    pay: (req) => wallet.paying.pay(req),
    settle: (req) => wallet.paying.settle(req),
    refund: (req) => wallet.paying.refund(req),
    refundToOrigin: (req) => wallet.refundToOrigin(req),
    transferByKey: async (key) => {
      const t = await wallet.ledger.findByKey(key);
      return t ? { _id: t._id, status: t.status, amount_fen: t.amount_fen } : null;
    },
    clearingAccountId: async () => (await wallet.ledger.ensureAccount('platform_clearing', null, '平台待结算'))._id,
    providerAccountOf: async (user_id) => (await wallet.ledger.ensureAccount('provider', user_id, '便民服务收入'))._id,
    courierAccountOf: async (user_id) => (await wallet.ledger.ensureAccount('courier', user_id, '配送收入'))._id,
    deliveryFeeAccountId: async () => (await wallet.ledger.ensureAccount('delivery_fees', null, '平台配送费支出'))._id,
    wechat: {
      prepay: (req) => wallet.collect.prepay(req),
      settleOrClose: (out_trade_no) => wallet.collect.settleOrClose(out_trade_no),
      refresh: (out_trade_no) => wallet.collect.refresh(out_trade_no),
    },
  };
}
