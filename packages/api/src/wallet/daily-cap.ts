import { randomBytes } from 'node:crypto';
import type { Ledger } from './ledger';
import type { DailySpendDoc, WalletModels } from './models';

/** A hold on the cap whose transfer is still missing after this long belongs to a request that died before its insert. */
const ORPHAN_HOLD_MS = 5 * 60_000;
/**
 * How long a payment waits for payments in flight that may give room back before it answers `daily_cap_exceeded`.
 * A payment without PIN passes two counters (the hard cap, then the PIN-free total), so a rush on one card can keep
 * holds in flight for as long as the ledger takes to work through it: the wait is as long as a refund's lease.
 */
const WAIT_FOR_IN_FLIGHT_MS = 15_000;

export type CapOutcome = { held: true; token: string } | { held: false; reason: 'daily_cap_exceeded' | 'insufficient_funds' };

/** The day's document, made once (a concurrent insert of the same day is fine). */
async function ensureDay(DailySpend: WalletModels['DailySpend'], _id: string): Promise<void> {
  await DailySpend.updateOne({ _id }, { $setOnInsert: { spent_fen: 0, holds: [], returned: [] } }, { upsert: true }).catch(
    (err: { code?: number }) => {
      if (err.code !== 11000) throw err;
    },
  );
}

/**
 * The daily cap of a card (DESIGN §4), one document per card and Asia/Shanghai day. `spent_fen` counts posted
 * payments plus the payments in flight; each in-flight payment is a hold `{ token, key, amount_fen }` so that the
 * request that made it (and only that one) settles it when the ledger posted, or releases it when the ledger surely
 * did not move the money. Refunds give their amount back once each (`returned` lists the refund transfers).
 *
 * A payment refused by the cap while holds are in flight that could give room back waits for them, so that a rush
 * whose payments fail for want of money hears `insufficient_funds`, which is the truth, and not the cap.
 */
export function createDailyCap(deps: { models: WalletModels; ledger: Ledger; cap_fen: number; suffix?: string }) {
  const { DailySpend } = deps.models;
  // The PIN-free total is a second counter of the same kind in the same collection (`:pin-free`).
  const idOf = (card_id: string, day: string) => `${card_id}:${day}${deps.suffix ?? ''}`;
  const ensure = (_id: string) => ensureDay(DailySpend, _id);

  async function tryHold(_id: string, key: string, amount_fen: number): Promise<string | null> {
    const token = randomBytes(9).toString('hex');
    const res = await DailySpend.updateOne(
      { _id, spent_fen: { $lte: deps.cap_fen - amount_fen } },
      { $inc: { spent_fen: amount_fen }, $push: { holds: { token, key, amount_fen, at: new Date() } } },
    );
    return res.modifiedCount === 1 ? token : null;
  }

  /** The payment posted: its hold becomes spent money (it stays in `spent_fen`, its key in `paid`). Once per token. */
  async function settle(card_id: string, day: string, hold: { token: string; key: string }): Promise<void> {
    await DailySpend.updateOne(
      { _id: idOf(card_id, day), 'holds.token': hold.token },
      { $pull: { holds: { token: hold.token } }, $addToSet: { paid: hold.key } },
    );
  }

  /** The payment surely did not happen: its amount goes back to the day. Exactly once per token. */
  async function release(card_id: string, day: string, token: string): Promise<void> {
    const _id = idOf(card_id, day);
    const doc = await DailySpend.findOne({ _id, 'holds.token': token }, { holds: 1 }).lean<DailySpendDoc>();
    const hold = doc?.holds?.find((h) => h.token === token);
    if (!hold) return;
    await DailySpend.updateOne({ _id, 'holds.token': token }, { $pull: { holds: { token } }, $inc: { spent_fen: -hold.amount_fen } });
  }

  /** Holds whose request died (a crash) are settled or released by what the ledger says of their transfer. */
  async function healHolds(doc: DailySpendDoc, card_id: string, day: string): Promise<void> {
    for (const h of doc.holds ?? []) {
      const t = await deps.ledger.findByKey(h.key);
      if (t?.status === 'posted') await settle(card_id, day, h);
      else if (t?.status === 'voided' || (!t && Date.now() - new Date(h.at).getTime() > ORPHAN_HOLD_MS))
        await release(card_id, day, h.token);
    }
  }

  return {
    settle,
    release,

    async spent(card_id: string, day: string): Promise<number> {
      return (await DailySpend.findById(idOf(card_id, day)).lean<DailySpendDoc>())?.spent_fen ?? 0;
    },

    /**
     * Holds `amount_fen` of the day's cap for the payment with ledger key `key`. Money comes first: when the cap
     * refuses and the wallet cannot cover the amount either, the answer is `insufficient_funds`. (With room under the
     * cap the ledger itself refuses a payment the wallet cannot cover, as a voided transfer.)
     */
    async hold(req: { card_id: string; account_id: string; key: string; amount_fen: number; day: string }): Promise<CapOutcome> {
      const _id = idOf(req.card_id, req.day);
      await ensure(_id);
      const deadline = Date.now() + WAIT_FOR_IN_FLIGHT_MS;
      for (let attempt = 0; ; attempt++) {
        const token = await tryHold(_id, req.key, req.amount_fen);
        if (token) return { held: true, token };
        // Refused by the cap: when the money is not there either, that is the answer (the ledger would say so too).
        const account = await deps.ledger.requireAccount(req.account_id);
        if (account.balance_fen < req.amount_fen) return { held: false, reason: 'insufficient_funds' };
        const doc = (await DailySpend.findById(_id).lean<DailySpendDoc>()) as DailySpendDoc;
        const in_flight_fen = (doc.holds ?? []).reduce((sum, h) => sum + h.amount_fen, 0);
        // Even if every payment in flight failed, this one would not fit: the cap is the answer.
        if (doc.spent_fen - in_flight_fen + req.amount_fen > deps.cap_fen || Date.now() > deadline)
          return { held: false, reason: 'daily_cap_exceeded' };
        if (attempt > 0 && attempt % 10 === 0) await healHolds(doc, req.card_id, req.day);
        await new Promise((r) => setTimeout(r, Math.min(100, 5 * 2 ** attempt)));
      }
    },

    /**
     * A refund gives its amount back to the cap of the card and day of the payment it refunds: once per refund
     * transfer however often it is replayed or raced, and never below zero.
     */
    async giveBack(req: { card_id: string; day: string; refund_id: string; amount_fen: number; paid_key?: string }): Promise<void> {
      const _id = idOf(req.card_id, req.day);
      // With `paid_key`: only when this counter counted that payment (a payment made with the PIN is not PIN-free).
      const fresh = { _id, returned: { $ne: req.refund_id }, ...(req.paid_key ? { paid: req.paid_key } : {}) };
      for (let i = 0; i < 5; i++) {
        const down = await DailySpend.updateOne(
          { ...fresh, spent_fen: { $gte: req.amount_fen } },
          { $inc: { spent_fen: -req.amount_fen }, $push: { returned: req.refund_id } },
        );
        if (down.modifiedCount === 1) return;
        // Less is left than the refund (a payment booked on the next day by a few milliseconds): down to what is in
        // flight, guarded by the exact total read, so a payment landing meanwhile makes this look again.
        const doc = await DailySpend.findOne(fresh).lean<DailySpendDoc>();
        if (!doc) return; // given back already, or no payment that day
        const in_flight_fen = (doc.holds ?? []).reduce((sum, h) => sum + h.amount_fen, 0);
        const floor = await DailySpend.updateOne(
          { ...fresh, spent_fen: doc.spent_fen },
          { $set: { spent_fen: Math.min(doc.spent_fen, in_flight_fen) }, $push: { returned: req.refund_id } },
        );
        if (floor.modifiedCount === 1) return;
      }
    },
  };
}
export type DailyCap = ReturnType<typeof createDailyCap>;
