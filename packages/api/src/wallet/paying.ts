import { shanghaiDate } from '@cc/shared';
import { AppError, conflict, forbidden } from '../platform/problem';
import type { CardService } from './cards';
import type { Ledger } from './ledger';
import type { TransferDoc, WalletModels } from './models';

export interface WalletLimitsConfig {
  pin_free_limit_fen: number;
  daily_cap_fen: number;
}

export interface PayRequest {
  user_id: string;
  amount_fen: number;
  /** Needed above the PIN-free limit. */
  pin?: string;
  idempotency_key: string;
  /** Where the money goes: the platform clearing account for held payments, or a merchant account. */
  payee_account_id: string;
  memo: string;
  reference_id: string;
  kind?: string;
}

/**
 * The paying service other modules use (orders, calls, delivery): they never touch accounts themselves.
 * pay/hold take from a resident's card wallet with the PIN and daily-cap rules; settle moves held money on;
 * refund sends money back along the way it came, never more than was paid.
 */
export function createPayingService(deps: { models: WalletModels; ledger: Ledger; cards: CardService; limits: WalletLimitsConfig }) {
  const { DailySpend } = deps.models;

  /**
   * After a failed ledger call: may the reservation made for it be given back? Only if the transfer surely never
   * happened (not written, or voided). A transfer left pending is finished by the recovery job, so its reservation
   * must stay.
   */
  async function surelyNotMoved(idempotency_key: string): Promise<boolean> {
    const t = await deps.ledger.findByKey(idempotency_key);
    return !t || t.status === 'voided';
  }

  /** Atomically books `amount_fen` against the card's cap for `day`; false when it would go over. */
  async function reserveDaily(card_id: string, amount_fen: number, day: string): Promise<boolean> {
    const _id = `${card_id}:${day}`;
    await DailySpend.updateOne({ _id }, { $setOnInsert: { spent_fen: 0 } }, { upsert: true }).catch((err: { code?: number }) => {
      if (err.code !== 11000) throw err;
    });
    const res = await DailySpend.updateOne(
      { _id, spent_fen: { $lte: deps.limits.daily_cap_fen - amount_fen } },
      { $inc: { spent_fen: amount_fen } },
    );
    return res.modifiedCount === 1;
  }

  async function releaseDaily(card_id: string, amount_fen: number, day: string): Promise<void> {
    await DailySpend.updateOne({ _id: `${card_id}:${day}` }, { $inc: { spent_fen: -amount_fen } });
  }

  return {
    async spentToday(card_id: string): Promise<number> {
      const doc = await DailySpend.findById(`${card_id}:${shanghaiDate(new Date())}`).lean<{ spent_fen: number }>();
      return doc?.spent_fen ?? 0;
    },

    /** Pays from the person's card wallet. Repeating the same idempotency key returns the first result. */
    async pay(req: PayRequest): Promise<TransferDoc> {
      if (!Number.isSafeInteger(req.amount_fen) || req.amount_fen <= 0) throw new AppError(400, 'invalid_amount', '金额必须是正整数（分）');
      const card = await deps.cards.requireCurrentCard(req.user_id);
      const transfer = {
        idempotency_key: req.idempotency_key,
        debit_account_id: card.account_id,
        credit_account_id: req.payee_account_id,
        amount_fen: req.amount_fen,
        kind: req.kind ?? 'payment',
        memo: req.memo,
        reference_id: req.reference_id,
      };
      // A repeat of a request already made: the ledger returns (or finishes) the first result; no new checks.
      if (await deps.ledger.findByKey(req.idempotency_key)) return deps.ledger.transfer(transfer);
      deps.cards.assertUsable(card);
      if (req.amount_fen > deps.limits.pin_free_limit_fen) {
        if (!req.pin) throw forbidden('pin_required', `超过 ${deps.limits.pin_free_limit_fen / 100} 元的支付需要输入密码`);
        await deps.cards.verifyPin(card, req.pin);
      }
      const day = shanghaiDate(new Date());
      if (!(await reserveDaily(card._id, req.amount_fen, day))) throw conflict('daily_cap_exceeded', '已超过今日支付限额');
      try {
        const { transfer: posted, replayed } = await deps.ledger.submit(transfer);
        // A concurrent request with the same key made the transfer and booked its own share of the cap.
        if (replayed) await releaseDaily(card._id, req.amount_fen, day);
        return posted;
      } catch (err) {
        if (await surelyNotMoved(req.idempotency_key)) await releaseDaily(card._id, req.amount_fen, day);
        throw err;
      }
    },

    /** Moves held money on (e.g. from clearing to the seller once an order completes). */
    settle(req: {
      idempotency_key: string;
      from_account_id: string;
      to_account_id: string;
      amount_fen: number;
      memo: string;
      reference_id: string;
    }) {
      return deps.ledger.transfer({
        idempotency_key: req.idempotency_key,
        debit_account_id: req.from_account_id,
        credit_account_id: req.to_account_id,
        amount_fen: req.amount_fen,
        kind: 'settlement',
        memo: req.memo,
        reference_id: req.reference_id,
      });
    },

    /**
     * Sends part or all of a wallet payment back to the wallet it came from. The refundable remainder is reserved
     * on the original transfer first, so racing refunds can never return more than was paid.
     */
    async refund(req: { idempotency_key: string; original_transfer_id: string; amount_fen: number; memo: string }): Promise<TransferDoc> {
      const original = await deps.ledger.findTransfer(req.original_transfer_id);
      if (!original || original.status !== 'posted') throw new AppError(404, 'payment_not_found', '原支付不存在');
      const earlier = await deps.ledger.findByKey(req.idempotency_key);
      if (earlier) return deps.ledger.replay(earlier);
      const transfer = {
        idempotency_key: req.idempotency_key,
        debit_account_id: original.credit_account_id,
        // Back to the card that paid, or to its replacement if it was reissued meanwhile.
        credit_account_id: await deps.cards.currentAccountOf(original.debit_account_id),
        amount_fen: req.amount_fen,
        kind: 'refund',
        memo: req.memo,
        reference_id: original._id,
      };
      if (!(await deps.ledger.reserveRefund(original._id, req.amount_fen)))
        throw conflict('refund_exceeds_payment', '退款金额超过可退金额');
      try {
        const { transfer: posted, replayed } = await deps.ledger.submit(transfer);
        if (replayed) await deps.ledger.releaseRefund(original._id, req.amount_fen);
        return posted;
      } catch (err) {
        if (await surelyNotMoved(req.idempotency_key)) await deps.ledger.releaseRefund(original._id, req.amount_fen);
        throw err;
      }
    },
  };
}
export type PayingService = ReturnType<typeof createPayingService>;
