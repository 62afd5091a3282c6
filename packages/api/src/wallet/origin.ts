import { AppError } from '../platform/problem';
import type { WechatCollect } from './collect';
import type { Ledger } from './ledger';
import type { PayingService } from './paying';
import type { WechatRefunds } from './wechat-refunds';

export interface RefundToOriginRequest {
  /** Chosen by the caller: the same key again answers the same refund. */
  idempotency_key: string;
  /** The ledger transfer of the payment (a wallet payment, or a WeChat Pay collection booked by collect.ts). */
  original_transfer_id: string;
  amount_fen: number;
  /** On the ledger transfer, as statements show it. */
  memo: string;
  /** Told to WeChat Pay (the payer sees it). */
  reason: string;
  /** The caller's reference (an order id), told back to the wallet's refund listener. */
  reference_id?: string;
}

/** Where a refund stands: a wallet refund is over at once; a WeChat Pay one is `processing` until the platform says. */
export interface OriginRefund {
  /** The ledger transfer (wallet) or the WeChat refund record, rfd_… (its out_refund_no). */
  refund_id: string;
  method: 'wallet' | 'wechatpay';
  status: 'processing' | 'succeeded' | 'failed';
  /** The ledger transfer that gave the money back to the wallet (wallet refunds only). */
  transfer_id: string | null;
  failure_code: string | null;
}

/** WeChat Pay takes at most 80 bytes of reason (UTF-8: a Chinese character is three). */
function within80Bytes(text: string): string {
  let out = text;
  while (Buffer.byteLength(out) > 80) out = out.slice(0, -1);
  return out;
}

/**
 * One way to give a payment back to wherever it came from (DESIGN §4 "refunds go back to the original payment
 * method"): a wallet payment by a ledger transfer back to the card; a payment collected through WeChat Pay by a
 * WeChat Pay refund (the saga of wechat-refunds.ts, with the hold taken out of the account the payment was booked to).
 */
export function createOriginRefunds(deps: { ledger: Ledger; paying: PayingService; collect: WechatCollect; wechat: WechatRefunds }) {
  return async function refundToOrigin(req: RefundToOriginRequest): Promise<OriginRefund> {
    const original = await deps.ledger.findTransfer(req.original_transfer_id);
    if (!original || original.status !== 'posted') throw new AppError(404, 'payment_not_found', '原支付不存在');
    const collected = await deps.collect.ofTransfer(original);
    if (!collected) {
      const t = await deps.paying.refund(req);
      return { refund_id: t._id, method: 'wallet', status: 'succeeded', transfer_id: t._id, failure_code: null };
    }
    const r = await deps.wechat.start({
      kind: 'collection',
      request_key: `origin:${req.idempotency_key}`,
      out_trade_no: collected.out_trade_no,
      total_fen: collected.amount_fen,
      original_transfer_id: original._id,
      user_id: collected.user_id,
      // Out of where the payment was booked (the platform's clearing account for orders).
      account_id: original.credit_account_id,
      amount_fen: req.amount_fen,
      reason: within80Bytes(req.reason),
      memo: req.memo,
      reference_id: req.reference_id ?? null,
    });
    return { refund_id: r._id, method: 'wechatpay', status: r.status, transfer_id: null, failure_code: r.failure_code };
  };
}
export type RefundToOrigin = ReturnType<typeof createOriginRefunds>;
