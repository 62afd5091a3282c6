import { createHmac } from 'node:crypto';
import type { Card } from '@cc/shared';
import type { UserActor } from '../platform/actor';
import { newId } from '../platform/ids';
import { AppError, conflict, forbidden, notFound } from '../platform/problem';
import type { CardGatewayClient } from './card-gateway';
import type { Locks } from '../platform/lock';
import type { Ledger } from './ledger';
import type { CardDoc, WalletModels } from './models';
import { assertPinStrongEnough, hashPin, pinMatches } from './pin';

const MAX_PIN_FAILURES = 5;
const LOCK_MS = 30 * 60 * 1000;

/** 王秀英 → 王*英, 李明 → 李*: enough for the holder to recognise, not enough to identify. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 2) return `${chars[0] ?? ''}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

export function toCard(c: CardDoc): Card {
  return {
    id: c._id,
    last4: c.last4,
    holder_name_masked: maskName(c.holder_name),
    card_type: c.card_type,
    status: c.status,
    pin_set: c.pin_hash !== null,
    locked_until: c.locked_until && c.locked_until.getTime() > Date.now() ? c.locked_until.toISOString() : null,
    bound_at: c.created_at.toISOString(),
  };
}

const cardLocked = (until: Date) =>
  new AppError(423, 'card_locked', '密码错误次数过多，卡片已锁定 30 分钟', { detail: `locked until ${until.toISOString()}` });

type CardDeps = {
  models: WalletModels;
  ledger: Ledger;
  gateway: CardGatewayClient;
  cardHashKey: string;
  locks: Locks;
};
type Ctx = CardDeps & { numberHmac: (card_number: string) => string };

/** The card a person uses now (active or frozen; a replaced card is history). */
async function currentCard(d: Ctx, user_id: string): Promise<CardDoc | null> {
  return d.models.Card.findOne({ user_id, status: { $in: ['active', 'frozen'] } }).lean<CardDoc>();
}

async function requireCurrentCard(d: Ctx, user_id: string): Promise<CardDoc> {
  const card = await currentCard(d, user_id);
  if (!card) throw notFound('card_not_bound', '尚未绑定市民卡');
  return card;
}

/** The card must be usable for paying or signing in. */
function assertUsable(d: Ctx, card: CardDoc): void {
  if (card.status === 'frozen') throw forbidden('card_frozen', '该卡已挂失冻结，请到服务站补卡');
  if (card.status === 'replaced') throw forbidden('card_replaced', '该卡已补办新卡，请使用新卡');
  if (card.locked_until && card.locked_until.getTime() > Date.now()) throw cardLocked(card.locked_until);
}

/**
 * Claims one PIN attempt before the comparison, atomically: at most five attempts can be in play until the card
 * locks, however many guesses arrive at once. A lock that has run out is cleared here.
 */
async function claimAttempt(d: Ctx, card: CardDoc): Promise<CardDoc> {
  for (let round = 0; round < 2; round++) {
    const now = new Date();
    const claimed = await d.models.Card.findOneAndUpdate(
      {
        _id: card._id,
        status: 'active',
        pin_failures: { $lt: MAX_PIN_FAILURES },
        $or: [{ locked_until: null }, { locked_until: { $lte: now } }],
      },
      { $inc: { pin_failures: 1 } },
      { new: true },
    ).lean<CardDoc>();
    if (claimed) return claimed;
    const current = (await d.models.Card.findById(card._id).lean<CardDoc>()) as CardDoc;
    assertUsable(d, current); // frozen, replaced or still locked
    if (current.pin_failures < MAX_PIN_FAILURES) continue;
    // Five attempts used and no lock in force: either the lock ran out (start afresh) or the fifth attempt is
    // still being judged (then this guess must wait for the lock it may set).
    if (current.locked_until === null) throw cardLocked(new Date(now.getTime() + LOCK_MS));
    await d.models.Card.updateOne(
      { _id: card._id, pin_failures: current.pin_failures, locked_until: current.locked_until },
      { $set: { pin_failures: 0, locked_until: null } },
    );
  }
  throw cardLocked(new Date(Date.now() + LOCK_MS));
}

/** Checks a PIN; the fifth wrong one locks the card for 30 minutes; a right one resets the count. */
async function verifyPin(d: Ctx, card: CardDoc, pin: string): Promise<void> {
  assertUsable(d, card);
  if (!card.pin_hash) throw conflict('pin_not_set', '尚未设置支付密码，请先在小程序中设置');
  const claimed = await claimAttempt(d, card);
  if (await pinMatches(pin, card.pin_hash)) {
    await d.models.Card.updateOne({ _id: card._id }, { $set: { pin_failures: 0 } });
    return;
  }
  const used = claimed.pin_failures;
  if (used >= MAX_PIN_FAILURES) {
    const until = new Date(Date.now() + LOCK_MS);
    await d.models.Card.updateOne({ _id: card._id }, { $set: { locked_until: until } });
    throw cardLocked(until);
  }
  throw new AppError(401, 'pin_incorrect', `密码错误，还可以再试 ${MAX_PIN_FAILURES - used} 次`, {
    detail: `attempts_left=${MAX_PIN_FAILURES - used}`,
  });
}

async function findByNumber(d: Ctx, card_number: string): Promise<CardDoc | null> {
  return d.models.Card.findOne({ number_hmac: d.numberHmac(card_number) }).lean<CardDoc>();
}

/** Checks a new card with the card centre: it must be active and belong to `holder_name`. */
async function validateWithCentre(d: Ctx, card_number: string, holder_name: string) {
  const result = await d.gateway.validateCard({ card_number, holder_name });
  if (result.status !== 'active') throw forbidden('card_not_active', '该卡不是正常状态，请联系市民卡服务中心');
  if (!result.holder_name_matches) throw new AppError(400, 'holder_name_mismatch', '持卡人姓名与卡片不符');
  return result;
}

async function createCard(
  d: Ctx,
  user_id: string,
  card_number: string,
  holder_name: string,
  card_type: CardDoc['card_type'],
): Promise<CardDoc> {
  const _id = newId('crd');
  const account = await d.ledger.ensureAccount('wallet', _id, `市民卡钱包 尾号${card_number.slice(-4)}`);
  const doc: CardDoc = {
    _id,
    user_id,
    number_hmac: d.numberHmac(card_number),
    last4: card_number.slice(-4),
    holder_name,
    card_type,
    status: 'active',
    pin_hash: null,
    pin_failures: 0,
    locked_until: null,
    account_id: account._id,
    replaced_by: null,
    created_at: new Date(),
    frozen_at: null,
  };
  try {
    await d.models.Card.create(doc);
  } catch (err) {
    if ((err as { code?: number }).code === 11000) throw conflict('card_taken', '该卡已被绑定');
    throw err;
  }
  return doc;
}

/** Binding and reissue change which card is a person's current one: one at a time per person, across instances. */
async function underCardLease<T>(d: Ctx, user_id: string, work: () => Promise<T>): Promise<T> {
  const token = await d.locks.acquire(`card:${user_id}`, 15_000);
  if (!token) throw conflict('card_operation_in_progress', '另一项市民卡操作正在进行，请稍后再试');
  try {
    return await work();
  } finally {
    await d.locks.release(`card:${user_id}`, token);
  }
}

/** Moves what is on the old card to the new one; the key carries the amount, so a retry after a change moves the rest. */
async function moveBalance(d: Ctx, old: CardDoc, fresh: CardDoc): Promise<void> {
  const balance_fen = (await d.ledger.requireAccount(old.account_id)).balance_fen;
  if (balance_fen <= 0) return;
  await d.ledger.transfer({
    idempotency_key: `reissue:${old._id}:${balance_fen}`,
    debit_account_id: old.account_id,
    credit_account_id: fresh.account_id,
    amount_fen: balance_fen,
    kind: 'reissue',
    memo: `补卡转入（原卡尾号 ${old.last4}）`,
    reference_id: old._id,
  });
}

/** What a resident does with their card: bind it, set the PIN, report it lost, get a new one. */
function cardChanges(d: Ctx) {
  return {
    async bind(actor: UserActor, card_number: string, holder_name: string): Promise<Card> {
      return underCardLease(d, actor.user_id, async () => {
        if (await currentCard(d, actor.user_id)) throw conflict('card_already_bound', '您已绑定市民卡');
        if (await findByNumber(d, card_number)) throw conflict('card_taken', '该卡已被绑定');
        const checked = await validateWithCentre(d, card_number, holder_name);
        return toCard(await createCard(d, actor.user_id, card_number, holder_name, checked.card_type));
      });
    },

    /** Sets the first PIN, or changes it with the current one (which counts towards the lockout). */
    async setPin(actor: UserActor, pin: string, current_pin?: string): Promise<Card> {
      const card = await requireCurrentCard(d, actor.user_id);
      assertUsable(d, card);
      if (card.pin_hash) {
        if (!current_pin) throw new AppError(400, 'current_pin_required', '修改密码需要输入原密码');
        await verifyPin(d, card, current_pin);
      }
      assertPinStrongEnough(pin);
      const updated = await d.models.Card.findOneAndUpdate(
        { _id: card._id },
        { $set: { pin_hash: await hashPin(pin), pin_failures: 0 } },
        { new: true },
      ).lean<CardDoc>();
      return toCard(updated as CardDoc);
    },

    /**
     * Freezes the card on this platform at once: nobody can pay or sign in with it any more. The number itself is
     * not stored (only its keyed hash), so the card centre is told through its own hotline, not by us.
     */
    async reportLost(actor: UserActor): Promise<Card> {
      const card = await requireCurrentCard(d, actor.user_id);
      const frozen = await d.models.Card.findOneAndUpdate(
        { _id: card._id, status: 'active' },
        { $set: { status: 'frozen', frozen_at: new Date() } },
        { new: true },
      ).lean<CardDoc>();
      return toCard(frozen ?? card);
    },

    /**
     * A new card for a lost one: the centre must know the new card under the same holder; the old card's balance
     * moves by ledger transfer and the old card is marked replaced (later credits to it follow `replaced_by`).
     * Each step can be repeated, so a reissue interrupted by a crash is finished by asking again.
     */
    async reissue(actor: UserActor, new_card_number: string): Promise<Card> {
      return underCardLease(d, actor.user_id, async () => {
        const old = await requireCurrentCard(d, actor.user_id);
        if (old.status !== 'frozen') throw conflict('card_not_frozen', '请先挂失旧卡再补卡');
        const existing = await findByNumber(d, new_card_number);
        if (existing && existing.user_id !== actor.user_id) throw conflict('card_taken', '该卡已被绑定');
        // The new card may exist already when an earlier attempt stopped half-way.
        const fresh =
          existing ??
          (await createCard(
            d,
            actor.user_id,
            new_card_number,
            old.holder_name,
            (await validateWithCentre(d, new_card_number, old.holder_name)).card_type,
          ));
        await moveBalance(d, old, fresh);
        await d.models.Card.updateOne({ _id: old._id }, { $set: { status: 'replaced', replaced_by: fresh._id } });
        return toCard(fresh);
      });
    },
  };
}

/** Citizen cards: binding through the card centre, PINs with lockout, loss and reissue. */
export function createCardService(deps: CardDeps) {
  const d: Ctx = { ...deps, numberHmac: (n) => createHmac('sha256', deps.cardHashKey).update(n).digest('hex') };
  return {
    currentCard: (user_id: string) => currentCard(d, user_id),
    requireCurrentCard: (user_id: string) => requireCurrentCard(d, user_id),
    verifyPin: (card: CardDoc, pin: string) => verifyPin(d, card, pin),
    assertUsable: (card: CardDoc) => assertUsable(d, card),
    findByNumber: (card_number: string) => findByNumber(d, card_number),
    ...cardChanges(d),

    /** The account that should receive money meant for this one: a replaced card's credits go to its successor. */
    async currentAccountOf(account_id: string): Promise<string> {
      let card = await d.models.Card.findOne({ account_id }).lean<CardDoc>();
      for (let hops = 0; card?.replaced_by && hops < 10; hops++) card = await d.models.Card.findById(card.replaced_by).lean<CardDoc>();
      return card?.account_id ?? account_id;
    },
  };
}
export type CardService = ReturnType<typeof createCardService>;
