import { orderRoutes, type OrderAction } from '@cc/shared';
import type { UserActor } from '../platform/actor';
import { noContent, type Handlers } from '../platform/http';
import type { Orders } from './index';

/** Thin: parse (mountRoutes), one service call, return. */
export function orderHandlers(orders: Orders): Handlers<typeof orderRoutes> {
  const act =
    (action: OrderAction) =>
    async ({ actor, params, body }: { actor: UserActor; params: { order_id: string }; body: unknown }) =>
      orders.present.one(
        await orders.lifecycle.act(actor, params.order_id, action, (body as { reason?: string } | undefined)?.reason ?? null),
      );
  return {
    getCart: ({ actor }) => orders.cart.view(actor),
    setCartLine: ({ actor, params, body }) => orders.cart.setLine(actor, params.product_id, body.quantity, body.offer_id),
    clearCart: ({ actor }) => noContent(orders.cart.clear(actor)),
    checkout: ({ actor, body, idempotencyKey }) => orders.checkout.checkout(actor, body, idempotencyKey as string),
    payCheckout: ({ actor, params, body, idempotencyKey }) =>
      orders.checkout.pay(actor, params.checkout_id, body, idempotencyKey as string),
    getCheckout: ({ actor, params }) => orders.checkout.get(actor, params.checkout_id),
    listMyOrders: ({ actor, query }) => orders.queries.mine(actor, query),
    getOrder: async ({ actor, params }) => orders.present.one((await orders.lifecycle.visible(actor, params.order_id)).order),
    listMerchantOrders: ({ actor, params, query }) => orders.queries.ofMerchant(actor, params.merchant_id, query),
    listCommunityOrders: ({ actor, params, query }) => orders.queries.ofCommunity(actor, params.community_id, query),
    cancelOrder: async ({ actor, params, body }) =>
      orders.present.one(await orders.checkout.cancel(actor, params.order_id, (body as { reason?: string } | undefined)?.reason ?? null)),
    prepareOrder: act('prepare'),
    readyOrder: act('ready'),
    dispatchOrder: act('dispatch'),
    deliverOrder: act('deliver'),
    pickUpOrder: act('pick_up'),
    confirmOrder: act('confirm'),
    requestOrderRefund: act('request_refund'),
    acceptOrderRefund: act('refund'),
    refuseOrderRefund: act('refuse_refund'),
    disputeOrderRefund: act('dispute'),
    createOffer: ({ actor, params, body }) => orders.offers.create(actor, params.product_id, body),
    listOffers: ({ params }) => orders.offers.list(params.community_id),
    getOffer: ({ params }) => orders.offers.get(params.offer_id),
    reviewOrder: ({ actor, params, body }) => orders.reviews.create(actor, params.order_id, body),
    listMerchantReviews: ({ params, query }) => orders.reviews.ofMerchant(params.merchant_id, query),
    listRefundDisputes: ({ actor, params, query }) => orders.queries.disputes(actor, params.community_id, query),
  };
}
