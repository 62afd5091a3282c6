import type { TransferFact, WalletBooksFacts } from '../wallet/books-facts';

/** Money that should go back to where a payment came from: an order's refund, or the surplus of a payment. */
export interface RefundClaim {
  /** How the violation names it ("order ord_…", "checkout chk_… surplus"). */
  what: string;
  payment: TransferFact;
  amount_fen: number;
  /** The ledger transfer of the refund, if one was recorded. */
  transfer_id: string | null;
  /** The WeChat Pay refund record, if one was recorded. */
  refund_id: string | null;
}

export interface RefundFinding {
  /** Posted money this refund took out of clearing (in flight counts nothing: the balance compared is posted-only). */
  out_of_clearing_fen: number;
  /** Whether the money is back at the payment's origin; when not, why (for the violation). */
  reached_origin: boolean;
  why: string;
}

/**
 * One way money goes back to a payment method. The check asks the kind of each claim's payment; a new method (or
 * a new way of refunding one) is a new kind, nothing else in the check changes.
 */
export interface RefundKind {
  method: 'wallet' | 'wechatpay';
  assess(claims: readonly RefundClaim[]): Promise<RefundFinding[]>;
}

const outOf = (clearing_id: string, t: TransferFact | undefined) =>
  t?.status === 'posted'
    ? (t.debit_account_id === clearing_id ? t.amount_fen : 0) - (t.credit_account_id === clearing_id ? t.amount_fen : 0)
    : 0;

/** A wallet payment comes back as one posted refund transfer, of the claim's amount, referring to the payment, into a card wallet of the payer. */
export function walletRefunds(wallet: WalletBooksFacts, clearing_id: string): RefundKind {
  return {
    method: 'wallet',
    async assess(claims) {
      const transfers = await wallet.transfers(claims.flatMap((c) => (c.transfer_id ? [c.transfer_id] : [])));
      const holders = await wallet.holders(
        claims.flatMap((c) => [c.payment.debit_account_id, transfers.get(c.transfer_id ?? '')?.credit_account_id ?? '']),
      );
      return claims.map((c) => {
        const t = c.transfer_id ? transfers.get(c.transfer_id) : undefined;
        const out_of_clearing_fen = outOf(clearing_id, t);
        const no = (why: string) => ({ out_of_clearing_fen, reached_origin: false, why });
        if (!t) return no('has no refund transfer');
        if (t.status !== 'posted') return no(`refund ${t._id} is ${t.status}, not posted`);
        if (t.kind !== 'refund' || t.reference_id !== c.payment._id)
          return no(`refund ${t._id} is not a refund of payment ${c.payment._id}`);
        if (t.amount_fen !== c.amount_fen) return no(`refund ${t._id} gave back ${t.amount_fen} fen, not ${c.amount_fen}`);
        const payer = holders.get(c.payment.debit_account_id);
        const payee = holders.get(t.credit_account_id);
        const same =
          t.credit_account_id === c.payment.debit_account_id ||
          (payee?.kind === 'wallet' && payer?.user_id && payee.user_id === payer.user_id);
        if (!same) return no(`refund ${t._id} went to ${t.credit_account_id}, not the paying wallet ${c.payment.debit_account_id}`);
        return { out_of_clearing_fen, reached_origin: true, why: '' };
      });
    },
  };
}

/**
 * A WeChat Pay payment comes back only through WeChat Pay's refund API: a refund record that succeeded, for the
 * claim's amount, of this payment. Its hold (`refund-hold:<id>`, reversed by `refund-undo:<id>` when the refund
 * failed) is what left clearing. A refund booked in the ledger alone (to the WeChat Pay account) is counted as money
 * out of clearing but never as money back with the payer.
 */
export function wechatRefunds(wallet: WalletBooksFacts, clearing_id: string): RefundKind {
  return {
    method: 'wechatpay',
    async assess(claims) {
      const ids = claims.flatMap((c) => (c.refund_id ? [c.refund_id] : []));
      const [records, byKey, ledgerOnly] = await Promise.all([
        wallet.wechatRefunds(ids),
        wallet.transfersByKey(ids.flatMap((id) => [`refund-hold:${id}`, `refund-undo:${id}`])),
        wallet.transfers(claims.flatMap((c) => (c.transfer_id ? [c.transfer_id] : []))),
      ]);
      return claims.map((c) => {
        const r = c.refund_id ? records.get(c.refund_id) : undefined;
        const legacy = c.transfer_id ? ledgerOnly.get(c.transfer_id) : undefined;
        const held = r ? outOf(clearing_id, byKey.get(`refund-hold:${r._id}`)) + outOf(clearing_id, byKey.get(`refund-undo:${r._id}`)) : 0;
        const out_of_clearing_fen = held + outOf(clearing_id, legacy);
        const no = (why: string) => ({ out_of_clearing_fen, reached_origin: false, why });
        if (!r)
          return no(legacy ? `refund ${legacy._id} was booked in the ledger but never sent to WeChat Pay` : 'has no WeChat Pay refund');
        if (r.status !== 'succeeded') return no(`WeChat Pay refund ${r._id} is ${r.status}`);
        if (r.original_transfer_id !== c.payment._id)
          return no(`WeChat Pay refund ${r._id} refunds ${r.original_transfer_id}, not ${c.payment._id}`);
        if (r.amount_fen !== c.amount_fen) return no(`WeChat Pay refund ${r._id} gave back ${r.amount_fen} fen, not ${c.amount_fen}`);
        return { out_of_clearing_fen, reached_origin: true, why: '' };
      });
    },
  };
}
