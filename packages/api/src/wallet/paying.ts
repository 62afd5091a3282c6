import { shanghaiDate, type PublishInboxEvent } from '@cc/shared';
import { AppError, conflict, forbidden } from '../platform/problem';
import type { Locks } from '../platform/lock';
import type { CardService } from './cards';
import type { Ledger } from './ledger';
import { createDailyCap, type DailyCap } from './daily-cap';
import type { TransferDoc, WalletModels } from './models';
import { tellIfLow } from './tell';

export interface WalletLimitsConfig {
  /** One payment above this needs the PIN. */
  pin_free_limit_fen: number;
  /** PIN-free payments of one card and day together; past it the PIN is asked (DESIGN §4). */
  pin_free_daily_fen: number;
  /** All payments of one card and day together, PIN or not: a hard stop. */
  daily_cap_fen: number;
}

/** Held money moving on (clearing → a seller), keyed by the caller. */
export interface SettleRequest {
  idempotency_key: string;
  from_account_id: string;
  to_account_id: string;
  amount_fen: number;
  memo: string;
  reference_id: string;
}

export interface PayRequest {
  user_id: string;
  amount_fen: number;
  /** Needed above the PIN-free limit, and once the day's PIN-free total is used up; checked whenever given. */
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
 * refund sends money back along the way it came, never more than was paid, and gives the day's cap back.
 */
export interface RefundRequest {
  idempotency_key: string;
  original_transfer_id: string;
  amount_fen: number;
  memo: string;
}

/** A refund's repeats wait at most this long for the first one (a ledger transfer takes milliseconds). */
const LEASE_MS = 15_000;

type PayingDeps = {
  models: WalletModels;
  ledger: Ledger;
  cards: CardService;
  locks: Locks;
  limits: WalletLimitsConfig;
  /** Tells the payer when a payment took their balance below `low_fen` (wallet/tell.ts). */
  inbox: { publish: PublishInboxEvent; low_fen: number };
};
type Ctx = PayingDeps & { cap: DailyCap; pinFree: DailyCap };

/**
 * After a failed ledger call: may the reservation made for it be given back? Only if the transfer surely never
 * happened (not written, or voided). A transfer left pending is finished by the recovery job, so its reservation
 * must stay (the cap heals it from the ledger's outcome later).
 */
async function surelyNotMoved(deps: Ctx, idempotency_key: string): Promise<boolean> {
  const t = await deps.ledger.findByKey(idempotency_key);
  return !t || t.status === 'voided';
}

/** The cap a refund of `original` gives back: the card that paid, on the day it paid (not its replacement's). */
async function giveCapBack(deps: Ctx, original: TransferDoc, refund: TransferDoc): Promise<void> {
  const card = await deps.models.Card.findOne({ account_id: original.debit_account_id }, { _id: 1 }).lean<{ _id: string }>();
  if (!card) return; // not a card's payment (WeChat Pay, a fee account …): no cap involved
  const day = shanghaiDate(new Date(original.created_at));
  const back = { card_id: card._id, day, refund_id: refund._id, amount_fen: refund.amount_fen };
  await deps.cap.giveBack(back);
  // The PIN-free total only when it counted this payment (not one made with the PIN).
  await deps.pinFree.giveBack({ ...back, paid_key: original.idempotency_key });
}

/** Runs `fn` while holding the lease `name`, waiting (bounded) for a concurrent holder to finish first. */
async function oneAtATime<T>(deps: Ctx, name: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + LEASE_MS;
  for (let attempt = 0; ; attempt++) {
    const token = await deps.locks.acquire(name, LEASE_MS);
    if (token) {
      try {
        return await fn();
      } finally {
        await deps.locks.release(name, token);
      }
    }
    if (Date.now() > deadline) throw new AppError(503, 'refund_in_progress', '该笔退款正在处理中，请稍后查询');
    await new Promise((r) => setTimeout(r, Math.min(100, 5 * 2 ** attempt)));
  }
}

async function refundOnce(deps: Ctx, original: TransferDoc, req: RefundRequest): Promise<TransferDoc> {
  const earlier = await deps.ledger.findByKey(req.idempotency_key);
  if (earlier) {
    const replayed = await deps.ledger.replay(earlier);
    await giveCapBack(deps, original, replayed); // once per refund: a crash before it is healed by this replay
    return replayed;
  }
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
  if (!(await deps.ledger.reserveRefund(original._id, req.amount_fen))) throw conflict('refund_exceeds_payment', '退款金额超过可退金额');
  try {
    const { transfer: posted, replayed } = await deps.ledger.submit(transfer);
    if (replayed) await deps.ledger.releaseRefund(original._id, req.amount_fen);
    await giveCapBack(deps, original, posted);
    return posted;
  } catch (err) {
    if (await surelyNotMoved(deps, req.idempotency_key)) await deps.ledger.releaseRefund(original._id, req.amount_fen);
    throw err;
  }
}

type Hold = { counter: DailyCap; token: string; key: string };

const capRefusal = (reason: 'daily_cap_exceeded' | 'insufficient_funds') =>
  reason === 'insufficient_funds' ? conflict('insufficient_funds', '余额不足') : conflict('daily_cap_exceeded', '已超过今日支付限额');

/**
 * Holds the day's room for a payment: the hard cap first (refused → `daily_cap_exceeded`: no PIN would help), then,
 * when no PIN was given, the PIN-free total (refused → `pin_required`, so the terminal falls back to its PIN pad).
 * Nothing stays held when either refuses.
 */
async function holdToday(deps: Ctx, card: { _id: string; account_id: string }, req: PayRequest, day: string): Promise<Hold[]> {
  const ask = { card_id: card._id, account_id: card.account_id, key: req.idempotency_key, amount_fen: req.amount_fen, day };
  const capped = await deps.cap.hold(ask);
  if (!capped.held) throw capRefusal(capped.reason);
  const holds: Hold[] = [{ counter: deps.cap, token: capped.token, key: req.idempotency_key }];
  if (req.pin) return holds;
  const free = await deps.pinFree.hold(ask);
  if (!free.held) {
    await releaseAll(holds, card._id, day);
    throw free.reason === 'insufficient_funds' ? capRefusal(free.reason) : forbidden('pin_required', '今日免密额度已用完，请输入密码');
  }
  return [...holds, { counter: deps.pinFree, token: free.token, key: req.idempotency_key }];
}

async function releaseAll(holds: Hold[], card_id: string, day: string): Promise<void> {
  for (const h of holds) await h.counter.release(card_id, day, h.token);
}

/** Pays from the person's card wallet. Repeating the same idempotency key returns the first result. */
async function payFromWallet(deps: Ctx, req: PayRequest): Promise<TransferDoc> {
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
  if (req.amount_fen > deps.limits.pin_free_limit_fen && !req.pin)
    throw forbidden('pin_required', `超过 ${deps.limits.pin_free_limit_fen / 100} 元的支付需要输入密码`);
  // A PIN given is always checked: the payment then counts as made with the PIN, not against the PIN-free total.
  if (req.pin) await deps.cards.verifyPin(card, req.pin);
  const day = shanghaiDate(new Date());
  const holds = await holdToday(deps, card, req, day);
  try {
    const { transfer: posted, replayed } = await deps.ledger.submit(transfer);
    // A concurrent request with the same key made the transfer and settles its own holds: this one gives its back.
    if (replayed) await releaseAll(holds, card._id, day);
    else for (const h of holds) await h.counter.settle(card._id, day, h);
    return posted;
  } catch (err) {
    if (await surelyNotMoved(deps, req.idempotency_key)) await releaseAll(holds, card._id, day);
    throw err;
  }
}

/**
 * The paying service (see above): pay, settle and refund, each keyed by the caller's idempotency key. The daily cap
 * (and the PIN-free total, for a payment without PIN) is held before a payment and given back when it fails or is
 * refunded (daily-cap.ts).
 */
export function createPayingService(deps: PayingDeps) {
  const counter = (cap_fen: number, suffix?: string) => createDailyCap({ models: deps.models, ledger: deps.ledger, cap_fen, suffix });
  const d: Ctx = { ...deps, cap: counter(deps.limits.daily_cap_fen), pinFree: counter(deps.limits.pin_free_daily_fen, ':pin-free') };
  return {
    /** What a card paid today: in all (the hard cap's count) and without PIN (the PIN-free total's). */
    async today(card_id: string) {
      const day = shanghaiDate(new Date());
      return { spent_today_fen: await d.cap.spent(card_id, day), pin_free_spent_today_fen: await d.pinFree.spent(card_id, day) };
    },

    /** Pays from the person's card wallet. Repeating the same idempotency key returns the first result. */
    async pay(req: PayRequest): Promise<TransferDoc> {
      const paid = await payFromWallet(d, req);
      await tellIfLow({ ledger: d.ledger, ...deps.inbox }, req.user_id, paid);
      return paid;
    },

    /** Moves held money on (e.g. from clearing to the seller once an order completes). */
    settle(req: SettleRequest) {
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
     * on the original transfer first, so racing refunds can never return more than was paid; repeats of one request
     * (same key) take turns under a lease, so they reserve once and all answer the one transfer.
     */
    async refund(req: RefundRequest): Promise<TransferDoc> {
      const original = await d.ledger.findTransfer(req.original_transfer_id);
      if (!original || original.status !== 'posted') throw new AppError(404, 'payment_not_found', '原支付不存在');
      return oneAtATime(d, `refund:${req.idempotency_key}`, () => refundOnce(d, original, req));
    },
  };
}
export type PayingService = ReturnType<typeof createPayingService>;
