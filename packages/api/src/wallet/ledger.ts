import { createHash } from 'node:crypto';
import { newId } from '../platform/ids';
import type { Locks } from '../platform/lock';
import { AppError, conflict, notFound } from '../platform/problem';
import type { AccountDoc, AccountKind, LedgerModels, TransferDoc } from './models';

export interface TransferRequest {
  /** Chosen by the caller; the same key again returns the first result. */
  idempotency_key: string;
  debit_account_id: string;
  credit_account_id: string;
  amount_fen: number;
  kind: string;
  memo?: string;
  reference_id?: string | null;
}

/** The steps of the two-phase protocol, named for the crash tests' hook. */
export type LedgerStep = 'inserted' | 'debited' | 'credited' | 'posted';

const insufficientFunds = () => conflict('insufficient_funds', '余额不足');

function paramsHash(r: TransferRequest): string {
  return createHash('sha256')
    .update(JSON.stringify([r.debit_account_id, r.credit_account_id, r.amount_fen, r.kind, r.reference_id ?? null]))
    .digest('hex');
}

/** The failure a voided transfer ended with, given again to whoever repeats the request. */
function failureOf(t: TransferDoc): AppError {
  return t.failure_code === 'insufficient_funds' ? insufficientFunds() : conflict(t.failure_code ?? 'transfer_voided', '该笔转账未能完成');
}

type LedgerDeps = {
  models: LedgerModels;
  locks: Locks;
  lockTtlMs: number;
  /** Crash tests only: called after each step; the test process kills itself there. */
  afterStep?: (step: LedgerStep) => void;
};
type Ctx = LedgerDeps &
  LedgerModels & {
    maybeCrash: (step: LedgerStep) => void;
    holding: (id: string, token: string) => () => Promise<boolean>;
  };

async function requireAccount(L: Ctx, id: string): Promise<AccountDoc> {
  const account = await L.Account.findById(id).lean<AccountDoc>();
  if (!account) throw notFound('account_not_found', '账户不存在');
  return account;
}

/**
 * Steps 2–5 for a pending transfer; safe to run again at any point. `stillHeld` renews the lease before each write:
 * a driver that stalled past its lease stops, because another one may have finished the transfer meanwhile and
 * cleared the in-flight marks that guard against applying it twice.
 */
async function drive(L: Ctx, t: TransferDoc, stillHeld: () => Promise<boolean>): Promise<TransferDoc> {
  const step = async () => {
    if (!(await stillHeld())) throw new AppError(503, 'transfer_in_progress', '该笔转账正在处理中，请稍后查询');
  };
  await step();
  const debitGuard = {
    _id: t.debit_account_id,
    pending: { $ne: t._id },
    $or: [{ allow_negative: true }, { balance_fen: { $gte: t.amount_fen } }],
  };
  const debited = await L.Account.updateOne(debitGuard, { $inc: { balance_fen: -t.amount_fen }, $push: { pending: t._id } });
  if (debited.matchedCount === 0) {
    const alreadyApplied = await L.Account.exists({ _id: t.debit_account_id, pending: t._id });
    if (!alreadyApplied) return voidTransfer(L, t, 'insufficient_funds');
  }
  L.maybeCrash('debited');
  await step();
  await L.Account.updateOne(
    { _id: t.credit_account_id, pending: { $ne: t._id } },
    { $inc: { balance_fen: t.amount_fen }, $push: { pending: t._id } },
  );
  L.maybeCrash('credited');
  await step();
  await L.Transfer.updateOne({ _id: t._id, status: 'pending' }, { $set: { status: 'posted', posted_at: new Date() } });
  L.maybeCrash('posted');
  await L.Account.updateMany({ _id: { $in: [t.debit_account_id, t.credit_account_id] } }, { $pull: { pending: t._id } });
  return (await L.Transfer.findById(t._id).lean<TransferDoc>()) as TransferDoc;
}

/** Ends a transfer whose debit did not happen (or is undone here) as voided. */
async function voidTransfer(L: Ctx, t: TransferDoc, failure_code: string): Promise<TransferDoc> {
  // Undo a debit that was applied (only the sweeper meets this: a credit account that vanished).
  await L.Account.updateOne(
    { _id: t.debit_account_id, pending: t._id },
    { $inc: { balance_fen: t.amount_fen }, $pull: { pending: t._id } },
  );
  await L.Transfer.updateOne({ _id: t._id, status: 'pending' }, { $set: { status: 'voided', failure_code, voided_at: new Date() } });
  return (await L.Transfer.findById(t._id).lean<TransferDoc>()) as TransferDoc;
}

/** Drives a transfer under its lease; if another process holds the lease, waits for it to finish. */
async function driveLocked(L: Ctx, t: TransferDoc): Promise<TransferDoc> {
  const deadline = Date.now() + L.lockTtlMs * 2;
  for (let attempt = 0; ; attempt++) {
    const token = await L.locks.acquire(`trf:${t._id}`, L.lockTtlMs);
    if (token) {
      try {
        const fresh = (await L.Transfer.findById(t._id).lean<TransferDoc>()) as TransferDoc;
        return fresh.status === 'pending' ? await drive(L, fresh, L.holding(t._id, token)) : fresh;
      } finally {
        await L.locks.release(`trf:${t._id}`, token);
      }
    }
    const current = (await L.Transfer.findById(t._id).lean<TransferDoc>()) as TransferDoc;
    if (current.status !== 'pending') return current;
    if (Date.now() > deadline) throw new AppError(503, 'transfer_in_progress', '该笔转账正在处理中，请稍后查询');
    await new Promise((r) => setTimeout(r, Math.min(200, 10 * 2 ** attempt)));
  }
}

function settled(L: Ctx, t: TransferDoc): TransferDoc {
  if (t.status === 'voided') throw failureOf(t);
  if (t.status !== 'posted') throw new AppError(503, 'transfer_in_progress', '该笔转账正在处理中，请稍后查询');
  return t;
}

/** The account of an owner, created on first use (unique on kind + owner). */
async function ensureAccount(L: Ctx, kind: AccountKind, owner_id: string | null, label: string): Promise<AccountDoc> {
  const allow_negative = kind === 'topup_source' || kind === 'cash_in' || kind === 'delivery_fees';
  try {
    return (await L.Account.findOneAndUpdate(
      { kind, owner_id },
      {
        $setOnInsert: { _id: newId('acc'), kind, owner_id, label, balance_fen: 0, allow_negative, pending: [], created_at: new Date() },
      },
      { upsert: true, new: true },
    ).lean<AccountDoc>()) as AccountDoc;
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
    return (await L.Account.findOne({ kind, owner_id }).lean<AccountDoc>()) as AccountDoc;
  }
}

/** `transfer`, also telling whether this call made the transfer or replayed an earlier one with the same key. */
async function submit(L: Ctx, req: TransferRequest): Promise<{ transfer: TransferDoc; replayed: boolean }> {
  if (!Number.isSafeInteger(req.amount_fen) || req.amount_fen <= 0) throw new AppError(400, 'invalid_amount', '金额必须是正整数（分）');
  if (req.debit_account_id === req.credit_account_id) throw new AppError(400, 'same_account', '不能转给同一账户');
  const params_hash = paramsHash(req);
  const existing = await L.Transfer.findOne({ idempotency_key: req.idempotency_key }).lean<TransferDoc>();
  if (existing) {
    if (existing.params_hash !== params_hash) throw conflict('idempotency_conflict', '同一幂等键对应了不同的请求参数');
    return { transfer: settled(L, existing.status === 'pending' ? await driveLocked(L, existing) : existing), replayed: true };
  }
  await Promise.all([requireAccount(L, req.debit_account_id), requireAccount(L, req.credit_account_id)]);
  const doc: TransferDoc = {
    _id: newId('trf'),
    idempotency_key: req.idempotency_key,
    params_hash,
    debit_account_id: req.debit_account_id,
    credit_account_id: req.credit_account_id,
    amount_fen: req.amount_fen,
    kind: req.kind,
    memo: req.memo ?? '',
    reference_id: req.reference_id ?? null,
    status: 'pending',
    failure_code: null,
    refundable_fen: req.amount_fen,
    created_at: new Date(),
    posted_at: null,
    voided_at: null,
  };
  try {
    await L.Transfer.create(doc);
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
    // A concurrent request with the same key won the insert: give its result.
    return submit(L, req);
  }
  L.maybeCrash('inserted');
  return { transfer: settled(L, await driveLocked(L, doc)), replayed: false };
}

/**
 * The recovery sweep: finishes transfers left pending longer than `older_than_ms` (rolling forward when the
 * debit happened, voiding when it did not) and clears ids left in accounts' pending sets.
 */
async function recover(L: Ctx, older_than_ms: number): Promise<{ finished: number; voided: number; cleaned: number }> {
  const cutoff = new Date(Date.now() - older_than_ms);
  let finished = 0;
  let voided = 0;
  let cleaned = 0;
  for (const listed of await L.Transfer.find({ status: 'pending', created_at: { $lte: cutoff } })
    .limit(1000)
    .lean<TransferDoc[]>()) {
    const token = await L.locks.acquire(`trf:${listed._id}`, L.lockTtlMs);
    if (!token) continue; // a live request is on it
    try {
      // Read again under the lease: a replay may have finished it since it was listed.
      const t = await L.Transfer.findById(listed._id).lean<TransferDoc>();
      if (!t || t.status !== 'pending') continue;
      const after = await drive(L, t, L.holding(t._id, token)).catch(() => null); // lease lost: next sweep
      if (after?.status === 'posted') finished++;
      else if (after?.status === 'voided') voided++;
    } finally {
      await L.locks.release(`trf:${listed._id}`, token);
    }
  }
  for (const account of await L.Account.find({ 'pending.0': { $exists: true } }).lean<AccountDoc[]>()) {
    const done = await L.Transfer.find({ _id: { $in: account.pending }, status: { $ne: 'pending' } }, { _id: 1 }).lean<{ _id: string }[]>();
    if (done.length === 0) continue;
    await L.Account.updateOne({ _id: account._id }, { $pull: { pending: { $in: done.map((d) => d._id) } } });
    cleaned += done.length;
  }
  return { finished, voided, cleaned };
}

/**
 * Double-entry ledger with two-phase transfers on single documents (DESIGN §4), correct without transactions:
 *   1. insert the transfer as `pending` (unique idempotency key)
 *   2. debit:  $inc the balance and $push the transfer id into `pending`, guarded by "not already applied" and,
 *              for accounts that may not go negative, "balance ≥ amount"
 *   3. credit: the same on the other account
 *   4. mark the transfer `posted`
 *   5. $pull the id from both accounts' `pending`
 * Each step is idempotent, so a transfer left anywhere in between by a crash is finished (or voided, if its debit
 * never happened) by `recover()`. A Redis lease per transfer keeps a live request and the sweeper from driving the
 * same transfer at once.
 */
export function createLedger(deps: LedgerDeps) {
  const L: Ctx = {
    ...deps,
    ...deps.models,
    maybeCrash: (step) => deps.afterStep?.(step),
    holding: (id, token) => () => deps.locks.extend(`trf:${id}`, token, deps.lockTtlMs),
  };
  return {
    requireAccount: (id: string) => requireAccount(L, id),

    /** The account of an owner, created on first use (unique on kind + owner). */
    ensureAccount: (kind: AccountKind, owner_id: string | null, label: string) => ensureAccount(L, kind, owner_id, label),

    /**
     * Moves money; returns the posted transfer. The same idempotency key returns the first result (including its
     * failure); the same key with other parameters is a 409.
     */
    async transfer(req: TransferRequest): Promise<TransferDoc> {
      return (await submit(L, req)).transfer;
    },

    /** The first result of an existing transfer (finishing it if it is still pending), whatever is asked now. */
    async replay(existing: TransferDoc): Promise<TransferDoc> {
      return settled(L, existing.status === 'pending' ? await driveLocked(L, existing) : existing);
    },

    /** `transfer`, also telling whether this call made the transfer or replayed an earlier one with the same key. */
    submit: (req: TransferRequest) => submit(L, req),

    /**
     * The recovery sweep: finishes transfers left pending longer than `older_than_ms` (rolling forward when the
     * debit happened, voiding when it did not) and clears ids left in accounts' pending sets.
     */
    recover: (older_than_ms: number) => recover(L, older_than_ms),

    /** Reserves part of a posted transfer for a refund; false when it would exceed what is left to refund. */
    async reserveRefund(transfer_id: string, amount_fen: number): Promise<boolean> {
      const res = await L.Transfer.updateOne(
        { _id: transfer_id, status: 'posted', refundable_fen: { $gte: amount_fen } },
        { $inc: { refundable_fen: -amount_fen } },
      );
      return res.modifiedCount === 1;
    },

    /** Gives back a reservation whose refund did not happen. */
    async releaseRefund(transfer_id: string, amount_fen: number): Promise<void> {
      await L.Transfer.updateOne({ _id: transfer_id }, { $inc: { refundable_fen: amount_fen } });
    },

    findTransfer: (id: string) => L.Transfer.findById(id).lean<TransferDoc>(),
    findByKey: (idempotency_key: string) => L.Transfer.findOne({ idempotency_key }).lean<TransferDoc>(),
  };
}
export type Ledger = ReturnType<typeof createLedger>;
