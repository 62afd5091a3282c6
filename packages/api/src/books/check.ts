import type { OrderBooksFacts, OrderFact, SurplusFact } from '../orders/books-facts';
import type { FamilyPaymentFact, ProxyBooksFacts } from '../proxy-orders/books-facts';
import type { LedgerReport } from '../wallet/check';
import type { CollectionFact, TransferFact, WalletBooksFacts } from '../wallet/books-facts';
import { walletRefunds, wechatRefunds, type RefundClaim, type RefundFinding, type RefundKind } from './refund-kinds';

export interface BooksReport {
  ok: boolean;
  /** Orders whose money came in (paid, on their way, completed, refunding, refunded). */
  paid_orders: number;
  /** Posted payments into clearing, each accounted for by orders and surplus refunds. */
  payments: number;
  /** 我来付 payments held in clearing while their proxy order waits for the elder (they pay no order yet). */
  waiting_family_payments: number;
  /** Clearing's balance counting posted transfers only. */
  clearing_fen: number;
  expected_clearing_fen: number;
  violations: string[];
}

export interface BooksDeps {
  orders: OrderBooksFacts;
  wallet: WalletBooksFacts;
  family: ProxyBooksFacts;
  ledger: () => Promise<LedgerReport>;
}

const BATCH = 500;

/** What the passes accumulate: money each payment accounts for, what clearing should hold, the violations. */
interface Tally {
  clearing_id: string;
  kinds: Record<RefundKind['method'], RefundKind>;
  applied_fen: Map<string, number>;
  expected_clearing_fen: number;
  paid_orders: number;
  payments: number;
  waiting_family_payments: number;
  violations: string[];
}

const addApplied = (tally: Tally, transfer_id: string, fen: number) =>
  tally.applied_fen.set(transfer_id, (tally.applied_fen.get(transfer_id) ?? 0) + fen);

/** WeChat Pay collections are booked under `collect:<out_trade_no>` (wallet/collect.ts); everything else is a wallet payment. */
const methodOf = (pay: TransferFact): RefundKind['method'] => (pay.idempotency_key.startsWith('collect:') ? 'wechatpay' : 'wallet');

/** Asks each claim's refund kind, in one call per kind; findings come back in the claims' order. */
async function assess(tally: Tally, claims: RefundClaim[]): Promise<RefundFinding[]> {
  const findings = new Array<RefundFinding>(claims.length);
  for (const kind of Object.values(tally.kinds)) {
    const mine = claims.map((c, i) => [c, i] as const).filter(([c]) => methodOf(c.payment) === kind.method);
    const found = await kind.assess(mine.map(([c]) => c));
    mine.forEach(([, i], n) => (findings[i] = found[n] as RefundFinding));
  }
  return findings;
}

/** Reads a stream in batches, so lookups go by `_id $in` a batch at a time. */
async function inBatches<T>(stream: AsyncIterable<T>, each: (batch: T[]) => Promise<void>): Promise<void> {
  let batch: T[] = [];
  for await (const item of stream) {
    batch.push(item);
    if (batch.length < BATCH) continue;
    await each(batch);
    batch = [];
  }
  if (batch.length) await each(batch);
}

/** A batch of orders: each paid one has one posted payment into clearing; its money is in clearing, settled or refunded. */
async function checkOrders(tally: Tally, wallet: WalletBooksFacts, batch: OrderFact[]) {
  const transfers = await wallet.transfers(batch.flatMap((o) => (o.payment_transfer_id ? [o.payment_transfer_id] : [])));
  const withRefund: [OrderFact, RefundClaim][] = [];
  for (const o of batch) {
    const pay = o.payment_transfer_id ? transfers.get(o.payment_transfer_id) : undefined;
    if (o.status === 'pending_payment' || o.status === 'cancelled') {
      tally.violations.push(`order ${o.order_id} is ${o.status} but records a payment (${o.payment_transfer_id ?? 'no transfer'})`);
      continue;
    }
    tally.paid_orders++;
    if (!pay || pay.status !== 'posted' || pay.credit_account_id !== tally.clearing_id || pay.kind !== 'payment') {
      tally.violations.push(`order ${o.order_id} (${o.total_fen} fen, ${o.status}) is paid without a posted payment into clearing`);
      continue;
    }
    addApplied(tally, pay._id, o.total_fen);
    if (!o.refund_transfer_id && !o.refund_id && o.status !== 'refunded') {
      if (!o.settled) tally.expected_clearing_fen += o.total_fen;
      continue;
    }
    const what = `order ${o.order_id}`;
    withRefund.push([o, { what, payment: pay, amount_fen: o.total_fen, transfer_id: o.refund_transfer_id, refund_id: o.refund_id }]);
  }
  const findings = await assess(
    tally,
    withRefund.map(([, c]) => c),
  );
  withRefund.forEach(([o, c], i) => {
    const f = findings[i] as RefundFinding;
    if (!o.settled) tally.expected_clearing_fen += o.total_fen - f.out_of_clearing_fen;
    if (o.status === 'refunded' && !f.reached_origin) tally.violations.push(`${c.what} (${o.total_fen} fen) is refunded but ${f.why}`);
    if (o.status !== 'refunded' && o.status !== 'refunding' && f.out_of_clearing_fen !== 0)
      tally.violations.push(`${c.what} is ${o.status} but ${f.out_of_clearing_fen} fen of it left clearing as a refund`);
  });
}

/** A batch of surplus refunds (payments or parts that paid no order): each went back to its origin, once. */
async function checkSurplus(tally: Tally, wallet: WalletBooksFacts, batch: SurplusFact[]) {
  const transfers = await wallet.transfers(batch.map((s) => s.transfer_id));
  const claims: [SurplusFact, RefundClaim][] = [];
  for (const s of batch) {
    const pay = transfers.get(s.transfer_id);
    if (!pay || pay.status !== 'posted' || pay.credit_account_id !== tally.clearing_id) {
      tally.violations.push(
        `checkout ${s.checkout_id}: surplus of ${s.amount_fen} fen refers to ${s.transfer_id}, no posted payment into clearing`,
      );
      continue;
    }
    addApplied(tally, pay._id, s.amount_fen);
    const what = `checkout ${s.checkout_id} surplus of ${pay._id}`;
    claims.push([s, { what, payment: pay, amount_fen: s.amount_fen, transfer_id: s.refund_id, refund_id: s.refund_id }]);
  }
  const findings = await assess(
    tally,
    claims.map(([, c]) => c),
  );
  claims.forEach(([s, c], i) => {
    const f = findings[i] as RefundFinding;
    tally.expected_clearing_fen += s.amount_fen - f.out_of_clearing_fen;
    if (!f.reached_origin) tally.violations.push(`${c.what} (${s.amount_fen} fen): ${f.why}`);
  });
}

/** Still with the elder to decide: the payment is handed to the checkout only on a yes (approving: perhaps already). */
const UNDECIDED = new Set<FamilyPaymentFact['status']>(['waiting', 'approving']);

/**
 * A batch of 我来付 payments (proxy-orders/family-pay.ts). One whose proxy order waits for the elder sits in clearing
 * paying no order: it is accounted for by that order, for its total — once the orders and surplus refunds above have
 * not already accounted for it. Decided ones were accounted for above (approved: the orders it paid; declined or
 * expired: its surplus refund), and a payment they left unaccounted for stays a violation.
 */
async function checkFamilyPayments(tally: Tally, wallet: WalletBooksFacts, batch: FamilyPaymentFact[]) {
  const transfers = await wallet.transfers(batch.map((f) => f.transfer_id));
  for (const f of batch) {
    if (!UNDECIDED.has(f.status)) continue;
    const what = `proxy order ${f.proxy_order_id} (${f.total_fen} fen, ${f.status})`;
    if (tally.applied_fen.get(f.transfer_id)) {
      // Approving hands the payment over before it records approved; waiting, it must not have paid or gone back.
      if (f.status === 'waiting')
        tally.violations.push(`${what} waits for the elder, but its payment ${f.transfer_id} paid orders or went back`);
      continue;
    }
    const pay = transfers.get(f.transfer_id);
    if (!pay || pay.status !== 'posted' || pay.credit_account_id !== tally.clearing_id || pay.kind !== 'payment') {
      tally.violations.push(`${what} records the family payment ${f.transfer_id}, no posted payment into clearing`);
      continue;
    }
    if (pay.amount_fen !== f.total_fen) {
      tally.violations.push(`${what}: its family payment ${pay._id} is ${pay.amount_fen} fen, not the order's total`);
      continue;
    }
    addApplied(tally, pay._id, pay.amount_fen);
    tally.expected_clearing_fen += pay.amount_fen;
    tally.waiting_family_payments++;
  }
}

/** A batch of paid WeChat Pay collections: each is for a checkout, and paid orders or was refunded as surplus. */
async function checkCollections(tally: Tally, orders: OrderBooksFacts, batch: CollectionFact[]) {
  const existing = await orders.existingCheckouts(batch.map((c) => c.reference_id));
  for (const c of batch) {
    if (!existing.has(c.reference_id))
      tally.violations.push(`WeChat payment ${c._id} (${c.amount_fen} fen) is booked for no checkout (${c.reference_id})`);
    else if (!c.transfer_id || !tally.applied_fen.get(c.transfer_id))
      tally.violations.push(`WeChat payment ${c._id} (${c.amount_fen} fen) paid no order of ${c.reference_id} and has no surplus refund`);
  }
}

/**
 * The books check (`pnpm books:check`, docs/architecture.md): beyond the ledger's own invariants, the money of every
 * order is accounted for — clearing holds exactly the paid, unsettled, unrefunded orders (and surplus not yet back)
 * plus the 我来付 payments whose proxy order still waits for the elder;
 * every paid order has one posted payment into clearing and every such payment is accounted for by the orders it
 * paid plus its surplus refunds; a refunded order's refund reached the original method (refund-kinds.ts); no WeChat
 * payment is booked without a checkout or kept without paying an order. Streamed in batches: memory holds one entry
 * per payment.
 */
export async function checkBooks(deps: BooksDeps): Promise<BooksReport> {
  const ledger = await deps.ledger();
  const clearing = await deps.wallet.clearing();
  const clearing_id = clearing?._id ?? '';
  const tally: Tally = {
    clearing_id,
    kinds: { wallet: walletRefunds(deps.wallet, clearing_id), wechatpay: wechatRefunds(deps.wallet, clearing_id) },
    applied_fen: new Map(),
    expected_clearing_fen: 0,
    paid_orders: 0,
    payments: 0,
    waiting_family_payments: 0,
    violations: ledger.violations.map((v) => `ledger: ${v}`),
  };
  await inBatches(deps.orders.moneyOrders(), (b) => checkOrders(tally, deps.wallet, b));
  await inBatches(deps.orders.surplusRefunds(), (b) => checkSurplus(tally, deps.wallet, b));
  // After the orders and surplus refunds: a family payment they already account for is not counted twice.
  await inBatches(deps.family.familyPayments(), (b) => checkFamilyPayments(tally, deps.wallet, b));
  if (clearing) {
    for await (const p of deps.wallet.paymentsInto(clearing._id)) {
      tally.payments++;
      const applied = tally.applied_fen.get(p._id) ?? 0;
      if (applied !== p.amount_fen)
        tally.violations.push(
          `payment ${p._id} of ${p.amount_fen} fen into clearing is accounted for by ${applied} fen of orders and refunds`,
        );
    }
  }
  await inBatches(deps.wallet.paidCollections(), (b) => checkCollections(tally, deps.orders, b));
  const clearing_fen = clearing?.posted_fen ?? 0;
  if (clearing_fen !== tally.expected_clearing_fen)
    tally.violations.push(
      `clearing holds ${clearing_fen} fen, the paid unsettled unrefunded orders and waiting family payments ${tally.expected_clearing_fen} fen`,
    );
  const { violations, paid_orders, payments, waiting_family_payments, expected_clearing_fen } = tally;
  return { ok: violations.length === 0, paid_orders, payments, waiting_family_payments, clearing_fen, expected_clearing_fen, violations };
}
