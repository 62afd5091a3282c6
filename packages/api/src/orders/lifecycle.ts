import type { OrderAction } from '@cc/shared';
import type { UserActor } from '../platform/actor';
import { act } from './lifecycle/act';
import { after, releaseHolds } from './lifecycle/after';
import { autoConfirmDue } from './lifecycle/auto-confirm';
import { courierStep } from './lifecycle/courier';
import { apply, load, visible, type Ctx, type LifecycleDeps, type Who } from './lifecycle/transition';
import type { OrderDoc } from './models';
import { createRefundMoney } from './refund-money';
import type { Extra } from './refund-rules';
import { createSettleMoney } from './settle-money';

export type { Who } from './lifecycle/transition';

/**
 * The order state machine (ORDER_TRANSITIONS in the contract) applied with guarded single-document updates: the
 * filter holds the status the action starts from, so of two racing actions exactly one applies and the other gets
 * 409 illegal_transition. Every applied action is appended to the history with who, when and why. Its steps live in
 * lifecycle/ (transition.ts applies one action, after.ts does what follows it, act.ts and auto-confirm.ts are the two
 * ways an action comes in); the money of refunds and settlement in refund-money.ts and settle-money.ts.
 */
export function createLifecycle(deps: LifecycleDeps) {
  // The money of an accepted refund, on the command kernel (refund-money.ts); apply is bound below, before any use.
  const money = createRefundMoney({ ...deps, apply: (...args) => apply(L, ...args) });
  const settlement = createSettleMoney({ models: deps.models, ports: deps.ports, commands: deps.commands });
  const L: Ctx = { ...deps, sendRefund: (order_id) => money.send(order_id) };
  return {
    load: (order_id: string) => load(L, order_id),
    visible: (actor: UserActor, order_id: string) => visible(L, actor, order_id),
    apply: (o: OrderDoc, action: OrderAction, who: Who, reason: string | null, extra?: Extra) => apply(L, o, action, who, reason, extra),
    after: (o: OrderDoc, action: OrderAction) => after(L, o, action),
    releaseHolds: (o: OrderDoc) => releaseHolds(L, o),
    sendRefund: L.sendRefund,
    /** The wallet's refund listener (modules.ts): a WeChat Pay refund of an order is over. */
    refundSettled: money.settled,
    /** A person's action through the API: their role on the order decides whether it is allowed. */
    act: (actor: UserActor, order_id: string, action: OrderAction, reason: string | null) => act(L, actor, order_id, action, reason),
    /** The delivery module's courier steps (pickup dispatches the order, delivery delivers it), idempotent. */
    courierStep: (order_id: string, action: 'dispatch' | 'deliver', courier_id: string) => courierStep(L, order_id, action, courier_id),
    /** Auto-confirm job: receipt confirmed by the system if the buyer has not done it. */
    autoConfirmDue: (order_id: string) => autoConfirmDue(L, order_id),
    /** Settle job: the completed order's money moves from clearing to the merchant, once (settle-money.ts). */
    settleDue: (order_id: string) => settlement.settle(order_id),
  };
}
export type Lifecycle = ReturnType<typeof createLifecycle>;
