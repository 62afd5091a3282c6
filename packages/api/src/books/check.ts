import type { PaidOrderFact, OrderBooksFacts } from '../orders/books-facts';
import type { LedgerReport } from '../wallet/check';
import type { TransferFact, WalletBooksFacts } from '../wallet/books-facts';

export interface BooksReport {
  ok: boolean;
  paid_orders: number;
  clearing_fen: number;
  expected_clearing_fen: number;
  violations: string[];
}

const BATCH = 500;

/** What the order checks accumulate: money each payment accounts for, and what clearing should hold. */
interface Tally {
  applied_fen: Map<string, number>;
  expected_clearing_fen: number;
  paid_orders: number;
  violations: string[];
}

const addApplied = (tally: Tally, transfer_id: string, fen: number) =>
  tally.applied_fen.set(transfer_id, (tally.applied_fen.get(transfer_id) ?? 0) + fen);

/** One paid order against the ledger: its one payment, where its money is now, and its refund if refunded. */
async function checkOrder(wallet: WalletBooksFacts, clearing_id: string, o: PaidOrderFact, t: Map<string, TransferFact>, tally: Tally) {
  const pay = o.payment_transfer_id ? t.get(o.payment_transfer_id) : undefined;
  if (!pay || pay.status !== 'posted' || pay.credit_account_id !== clearing_id) {
    tally.violations.push(`order ${o.order_id} (${o.total_fen} fen) is paid without a posted payment into clearing`);
    return;
  }
  addApplied(tally, pay._id, o.total_fen);
  const refund = o.refund_id ? await wallet.refundState(o.refund_id, pay) : null;
  if (!o.settled && !refund?.out_of_clearing) tally.expected_clearing_fen += o.total_fen;
  if (o.status !== 'refunded') return;
  if (!refund?.out_of_clearing) tally.violations.push(`order ${o.order_id} is refunded but has no posted refund`);
  else if (!refund.reached_origin)
    tally.violations.push(`order ${o.order_id}: refund ${o.refund_id} did not reach the ${o.method} payment's origin`);
}

async function checkOrders(orders: OrderBooksFacts, wallet: WalletBooksFacts, clearing_id: string, tally: Tally) {
  let batch: PaidOrderFact[] = [];
  const flush = async () => {
    const ids = batch.flatMap((o) => (o.payment_transfer_id ? [o.payment_transfer_id] : []));
    const transfers = await wallet.transfers(ids);
    for (const o of batch) await checkOrder(wallet, clearing_id, o, transfers, tally);
    tally.paid_orders += batch.length;
    batch = [];
  };
  for await (const o of orders.paidOrders()) {
    batch.push(o);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
}

/** Surplus payments (paid no order) must have gone back to their origin, once. */
async function checkSurplus(orders: OrderBooksFacts, wallet: WalletBooksFacts, tally: Tally) {
  for await (const s of orders.surplusRefunds()) {
    addApplied(tally, s.transfer_id, s.amount_fen);
    const original = (await wallet.transfers([s.transfer_id])).get(s.transfer_id);
    const state = original ? await wallet.refundState(s.refund_id, original) : null;
    if (!state?.out_of_clearing) {
      tally.violations.push(`checkout ${s.checkout_id}: surplus of ${s.amount_fen} fen from ${s.transfer_id} has no posted refund`);
    } else if (!state.reached_origin) {
      // A WeChat refund still processing is on its way; the check says so until WeChat Pay confirms it.
      tally.violations.push(`checkout ${s.checkout_id}: surplus refund ${s.refund_id} has not reached the payment's origin`);
    }
  }
}

/**
 * The books check (`pnpm books:check`, docs/architecture.md): beyond the ledger's own invariants, the money of every
 * order is accounted for — clearing holds exactly the paid, unsettled, unrefunded orders; every paid order has one
 * posted payment and every payment into clearing is accounted for by the orders it paid plus its surplus refunds; a
 * refunded order's refund reached the original method; no WeChat payment is booked without a checkout. Read with
 * cursors, so memory stays flat as orders grow (the accounting map has one entry per payment).
 */
export async function checkBooks(deps: { orders: OrderBooksFacts; wallet: WalletBooksFacts; ledger: () => Promise<LedgerReport> }) {
  const ledger = await deps.ledger();
  const tally: Tally = {
    applied_fen: new Map(),
    expected_clearing_fen: 0,
    paid_orders: 0,
    violations: ledger.violations.map((v) => `ledger: ${v}`),
  };
  const clearing = await deps.wallet.clearing();
  const clearing_id = clearing?._id ?? '';
  await checkOrders(deps.orders, deps.wallet, clearing_id, tally);
  await checkSurplus(deps.orders, deps.wallet, tally);
  if (clearing) {
    for await (const p of deps.wallet.paymentsInto(clearing._id)) {
      const applied = tally.applied_fen.get(p._id) ?? 0;
      if (applied !== p.amount_fen)
        tally.violations.push(
          `payment ${p._id} of ${p.amount_fen} fen into clearing is accounted for by ${applied} fen of orders and refunds`,
        );
    }
  }
  for await (const c of deps.wallet.paidCollections()) {
    if (!(await deps.orders.checkoutExists(c.reference_id)))
      tally.violations.push(`WeChat payment ${c._id} (${c.amount_fen} fen) is booked for no checkout (${c.reference_id})`);
  }
  const clearing_fen = clearing?.balance_fen ?? 0;
  if (clearing_fen !== tally.expected_clearing_fen)
    tally.violations.push(`clearing holds ${clearing_fen} fen, the paid unsettled unrefunded orders ${tally.expected_clearing_fen} fen`);
  const { violations, paid_orders, expected_clearing_fen } = tally;
  return { ok: violations.length === 0, paid_orders, clearing_fen, expected_clearing_fen, violations } satisfies BooksReport;
}
