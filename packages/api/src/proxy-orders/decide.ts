import type { ProxyOrder } from '@cc/shared';
import type { CardActor } from '../platform/actor';
import type { CommandSpec } from '../platform/commands';
import type { DelayedJobs } from '../platform/jobs';
import { conflict, notFound } from '../platform/problem';
import type { FamilyPay } from './family-pay';
import type { ProxyOrderDoc, ProxyOrderModels } from './models';
import type { ProxyPorts } from './ports';
import { outcomeWords, presentProxy } from './present';

/** While an approval is paying, the expiry job looks again this much later. */
const APPROVING_RECHECK_MS = 30_000;

export interface ApproveInput {
  proxy_order_id: string;
  user_id: string;
  card_id: string;
  kiosk_id: string;
  session_id: string;
}

export interface DecideDeps {
  models: ProxyOrderModels;
  ports: ProxyPorts;
  expiry: DelayedJobs<{ proxy_order_id: string }>;
  familyPay: FamilyPay;
}

/** The proxy order of this card holder, or 404: another person's order does not exist for them. */
async function ownProxy(deps: DecideDeps, proxy_order_id: string, elder_user_id: string): Promise<ProxyOrderDoc> {
  const p = await deps.models.ProxyOrder.findById(proxy_order_id).lean<ProxyOrderDoc>();
  if (!p || p.elder_user_id !== elder_user_id) throw notFound('proxy_order_not_found', '没有这笔家人代下的订单');
  return p;
}

const refusalFor = (p: ProxyOrderDoc) =>
  p.status === 'approving'
    ? conflict('proxy_order_in_progress', '正在付款，请稍候')
    : conflict('proxy_order_decided', '这笔订单已经处理过了');

async function tellFamily(deps: DecideDeps, p: ProxyOrderDoc): Promise<void> {
  const words = outcomeWords(p);
  await deps.ports.publish({
    event_id: `proxy_order_decided:${p._id}`,
    user_id: p.family_user_id,
    kind: 'proxy_order_decided',
    ...words,
    link: '/family/orders/index',
    amount_fen: p.total_fen,
  });
}

/**
 * The elder's approval at a kiosk (a command keyed by the card holder's Idempotency-Key: a replay answers the first
 * outcome): the PIN, then the proxy order taken from waiting to approving by this command only — so racing approvals
 * from any number of presses or terminals get 409 and only one pays — then the orders module's own wallet payment of
 * the checkout (its key derived from this command), then approved. A refusal on the way (wrong PIN, not enough money)
 * puts it back to waiting.
 */
export function approveCommand(deps: DecideDeps): CommandSpec<ApproveInput, ProxyOrder, { pin: string }> {
  const { ProxyOrder } = deps.models;
  return {
    name: 'proxy.approve',
    inProgress: { code: 'proxy_order_in_progress', title: '正在付款，请稍候' },
    replay: async (result) => presentProxy((await ProxyOrder.findById(result.id).lean<ProxyOrderDoc>()) as ProxyOrderDoc),
    async run(input, saga, transient) {
      const found = await ownProxy(deps, input.proxy_order_id, input.user_id);
      const mine = found.approval_holder === saga.command_id;
      const p = found.status === 'waiting' ? await deps.familyPay.requirePaid(found) : found;
      if (p.status !== 'waiting' && !mine) throw refusalFor(p);
      // The link may have been withdrawn since the order was placed: then the order cannot be approved.
      await deps.ports.links.requireApproved(p.link_id, { elder_user_id: input.user_id });
      // Taken before the PIN is tried: racing presses get 409 without counting PIN entries towards the card's lock.
      const claim = { proxy_order_id: p._id, holder: saga.command_id };
      const claimed = await saga.step('proxy.claim', claim, async (a) => {
        const doc = await ProxyOrder.findOneAndUpdate(
          {
            _id: a.proxy_order_id,
            $or: [
              { status: 'waiting', expires_at: { $gt: new Date() } },
              { status: 'approving', approval_holder: a.holder },
            ],
          },
          { $set: { status: 'approving', approval_holder: a.holder } },
          { new: true },
        ).lean<ProxyOrderDoc>();
        if (!doc) throw refusalFor((await ProxyOrder.findById(a.proxy_order_id).lean<ProxyOrderDoc>()) as ProxyOrderDoc);
        return { checkout_id: doc.checkout_id };
      });
      if (p.family_pay?.transfer_id) {
        // Paid by the family member (family-pay.ts): no PIN, none of the card's money moves; accepting hands the
        // payment to the checkout, whose payment book marks the orders paid (once, whoever repeats it).
        await saga.step('orders.family_paid', { transfer_id: p.family_pay.transfer_id }, (a) => deps.familyPay.handOver(p, a.transfer_id));
      } else {
        // Always the PIN (not only above the PIN-free limit): approving spends the card holder's money on another's
        // word. A resumption after a crash has no PIN: it never gets past this step unless the first run did.
        await saga.step('card.pin', { card_id: input.card_id }, (a) =>
          deps.ports.verifyCardPin({ user_id: input.user_id, card_id: a.card_id }, transient?.pin ?? ''),
        );
        await saga.step('orders.pay', { checkout_id: claimed.checkout_id }, (a) =>
          deps.ports.checkout.payAs(input.user_id, a.checkout_id, transient?.pin, `proxy:${p._id}:pay:${saga.command_id}`),
        );
      }
      const kiosk = { kiosk_id: input.kiosk_id, session_id: input.session_id };
      const approved = await saga.step('proxy.approved', { proxy_order_id: p._id }, async (a) => {
        await ProxyOrder.updateOne(
          { _id: a.proxy_order_id, status: 'approving', approval_holder: saga.command_id },
          { $set: { status: 'approved', decided_at: new Date(), decided_at_kiosk: kiosk } },
        );
        return (await ProxyOrder.findById(a.proxy_order_id).lean<ProxyOrderDoc>()) as ProxyOrderDoc;
      });
      await saga.step('inbox.decided', { proxy_order_id: p._id }, () => tellFamily(deps, approved));
      return presentProxy(approved);
    },
    undo: {
      // Only this command's own claim goes back (a losing racer's started claim must not free the winner's).
      'proxy.claim': async (a: { proxy_order_id: string; holder: string }) => {
        await ProxyOrder.updateOne(
          { _id: a.proxy_order_id, status: 'approving', approval_holder: a.holder },
          { $set: { status: 'waiting', approval_holder: null } },
        );
      },
    },
  };
}

/** Declining and expiring: a guarded step out of waiting, then the checkout's unpaid orders cancelled (stock back). */
export function createEndings(deps: DecideDeps) {
  const { ProxyOrder } = deps.models;

  async function end(
    p: Pick<ProxyOrderDoc, '_id'>,
    status: 'declined' | 'expired',
    set: Record<string, unknown>,
  ): Promise<ProxyOrderDoc | null> {
    const ended = await ProxyOrder.findOneAndUpdate(
      { _id: p._id, status: 'waiting' },
      { $set: { status, decided_at: new Date(), ...set } },
      { new: true },
    ).lean<ProxyOrderDoc>();
    if (!ended) return null;
    await release(ended);
    await tellFamily(deps, ended);
    return ended;
  }

  /**
   * Idempotent: the checkout's expiry with the reason (stock back), then a family member's WeChat payment back to
   * them (family-pay.ts); a crash or refusal on the way is healed by the expiry job, which releases again.
   */
  async function release(p: ProxyOrderDoc): Promise<void> {
    const reason = p.link_revoked
      ? '关联已解除，订单已取消'
      : p.status === 'declined'
        ? '家人没有同意，订单已取消'
        : '家人超时未确认，订单已取消';
    await deps.ports.checkout.expire(p.checkout_id, reason);
    await deps.familyPay.giveBack(p);
  }

  return {
    async decline(actor: CardActor, proxy_order_id: string): Promise<ProxyOrder> {
      const p = await ownProxy(deps, proxy_order_id, actor.user_id);
      if (p.status === 'declined') return presentProxy(p);
      const ended = await end(p, 'declined', { decided_at_kiosk: { kiosk_id: actor.kiosk_id, session_id: actor.session_id } });
      if (!ended) {
        const now = (await ProxyOrder.findById(p._id).lean<ProxyOrderDoc>()) as ProxyOrderDoc;
        if (now.status === 'declined') return presentProxy(now);
        throw refusalFor(now);
      }
      return presentProxy(ended);
    },

    /** An ended family link: its waiting orders are declined (stock back, a family payment refunded); how many. */
    async declineForLink(link_id: string): Promise<number> {
      const waiting = await ProxyOrder.find({ link_id, status: 'waiting' }, { _id: 1 }).lean<Pick<ProxyOrderDoc, '_id'>[]>();
      let ended = 0;
      for (const p of waiting) if (await end(p, 'declined', { link_revoked: true })) ended++;
      return ended;
    },

    /** The expiry job: a waiting order past its deadline expires; an approval still paying is looked at again later. */
    async expireDue(proxy_order_id: string): Promise<void> {
      const p = await ProxyOrder.findById(proxy_order_id).lean<ProxyOrderDoc>();
      if (!p || p.status === 'approved') return;
      if (p.status === 'approving') {
        await deps.expiry.schedule(`${p._id}-after-${Date.now()}`, { proxy_order_id: p._id }, new Date(Date.now() + APPROVING_RECHECK_MS));
        return;
      }
      if (p.status !== 'waiting') return release(p);
      if (p.expires_at.getTime() > Date.now()) {
        await deps.expiry.schedule(`${p._id}-at-${p.expires_at.getTime()}`, { proxy_order_id: p._id }, p.expires_at);
        return;
      }
      // Lost to an approval that started meanwhile: the next run sees approving or approved.
      if (!(await end(p, 'expired', {}))) throw new Error('proxy order changed while expiring; the job runs again');
    },
  };
}
