import { createHash } from 'node:crypto';
import { formatFen, type BodyOf, type CheckoutResult, type routes } from '@cc/shared';
import type { UserActor } from '../platform/actor';
import { newId } from '../platform/ids';
import type { DelayedJobs } from '../platform/jobs';
import { AppError, badRequest, conflict, notFound } from '../platform/problem';
import { offerPrice, type CartService } from './cart';
import type { Lifecycle } from './lifecycle';
import type { CheckoutDoc, DeliveryDoc, OrderDoc, OrderLineDoc, OrderModels } from './models';
import type { OfferDoc, OfferService } from './offers';
import type { OrderPorts, ProductFacts } from './ports';
import { toOrder } from './present';

type CheckoutBody = BodyOf<typeof routes.checkout>;
type PayBody = BodyOf<typeof routes.payCheckout>;
type PayResult = CheckoutResult & {
  wechat_pay: { out_trade_no: string; pay_params: Awaited<ReturnType<OrderPorts['wallet']['wechat']['prepay']>>['pay_params'] } | null;
};

const PAYMENT_LEASE_MS = 30_000;
const isDuplicateKey = (err: unknown) => (err as { code?: number }).code === 11000;
const holdKey = (order_id: string, product_id: string) => `${order_id}:${product_id}`;

/**
 * Checkout and payment, written as a saga (DESIGN §2): the checkout record is written first with its plan; stock and
 * delivery seats are reserved step by step; any failure gives back exactly what was taken; a crash is cleaned up by
 * the checkout's pay-by job, which also cancels what stays unpaid. Payment moves the money once for the whole
 * checkout into the platform's clearing account (the seller is paid when the order completes).
 */
export function createCheckoutService(deps: {
  models: OrderModels;
  ports: OrderPorts;
  cart: CartService;
  offers: OfferService;
  lifecycle: Lifecycle;
  expiry: DelayedJobs<{ checkout_id: string }>;
  payWithinMs: number;
}) {
  const { Order, Checkout } = deps.models;

  async function result(c: CheckoutDoc): Promise<CheckoutResult> {
    const orders = await Order.find({ checkout_id: c._id }).sort({ _id: 1 }).lean<OrderDoc[]>();
    return { checkout_id: c._id, orders: orders.map(toOrder), total_fen: c.total_fen, pay_by: c.pay_by.toISOString() };
  }

  /** A checkout that already ran under this key: its result, its failure again, or "still running". */
  async function replay(c: CheckoutDoc, params_hash: string): Promise<CheckoutResult> {
    if (c.params_hash !== params_hash) throw conflict('idempotency_conflict', '同一幂等键对应了不同的请求参数');
    if (c.status === 'placed') return result(c);
    if (c.status === 'failed' && c.failure) throw new AppError(c.failure.status, c.failure.code, c.failure.title);
    throw conflict('checkout_in_progress', '正在提交订单，请稍候');
  }

  /** Gives back everything a checkout's plan may have taken. Each release is keyed, so running it twice is harmless. */
  async function compensate(c: Pick<CheckoutDoc, 'plan'>): Promise<void> {
    for (const o of c.plan) {
      for (const l of o.lines) {
        await deps.ports.catalog.release(l.product_id, holdKey(o.order_id, l.product_id));
        if (l.offer_id) await deps.offers.release(o.order_id, l.offer_id);
      }
      if (o.slot_key) await deps.ports.slots.release(o.order_id);
    }
  }

  async function deliveryFor(
    actor: UserActor,
    community_id: string,
    body: CheckoutBody,
  ): Promise<(order_id: string) => Promise<DeliveryDoc>> {
    const d = body.delivery;
    if (d.kind === 'pickup') {
      const p = await deps.ports.slots.checkPickup(community_id, d.station_id, d.date);
      const doc: DeliveryDoc = {
        kind: 'pickup',
        station_id: p.station_id,
        station_name: p.name,
        station_address: p.address,
        date: p.date,
        open: p.open,
        close: p.close,
      };
      return async () => doc;
    }
    const address = await deps.ports.identity.address(actor.user_id, d.address_id);
    if (!address)
      throw badRequest('address_unknown', '收货地址不存在', [
        { path: 'body.delivery.address_id', message: '收货地址不存在', code: 'address_unknown' },
      ]);
    // Each order (one per seller) is one delivery: it takes its own seat in the window.
    return async (order_id) => {
      const seat = await deps.ports.slots.book(community_id, d.slot_key, order_id);
      return {
        kind: 'slot',
        slot_key: d.slot_key,
        starts_at: new Date(seat.starts_at),
        ends_at: new Date(seat.ends_at),
        recipient: address.recipient,
        phone: address.phone,
        address: address.detail,
      };
    };
  }

  /** The cart's lines checked against the catalog now: sellable, delivered here, in stock. Grouped by seller. */
  function plan(
    community_id: string,
    lines: { product_id: string; quantity: number; offer_id?: string | null }[],
    facts: Map<string, ProductFacts>,
    offers: Map<string, OfferDoc>,
  ) {
    const bySeller = new Map<string, { facts: ProductFacts; quantity: number; offer: OfferDoc | null }[]>();
    for (const l of lines) {
      const f = facts.get(l.product_id);
      if (!f || !f.sellable) throw conflict('product_unavailable', `「${f?.name ?? '商品'}」已下架，请从购物车移除`);
      if (!f.serves_community_ids.includes(community_id)) throw conflict('product_not_served', `「${f.merchant_name}」不配送到您的社区`);
      if (l.quantity > f.stock) throw conflict('insufficient_stock', `「${f.name}」只剩 ${f.stock}${f.unit}`);
      const offer = l.offer_id ? (offers.get(l.offer_id) ?? null) : null;
      if (l.offer_id && offerPrice(offer ?? undefined) === null) {
        // Say which: sold out while it runs is the common case in a rush, and the page words it differently.
        const now = new Date();
        if (offer && offer.starts_at <= now && now < offer.ends_at) throw new AppError(409, 'offer_sold_out', `「${offer.title}」已抢完`);
        throw conflict('offer_ended', `「${f.name}」的活动已结束，请重新加入购物车`);
      }
      bySeller.set(f.merchant_id, [...(bySeller.get(f.merchant_id) ?? []), { facts: f, quantity: l.quantity, offer }]);
    }
    return [...bySeller.entries()].map(([merchant_id, items]) => {
      const lines: OrderLineDoc[] = items.map(({ facts: f, quantity, offer }) => {
        const price_fen = offer?.price_fen ?? f.price_fen;
        return {
          product_id: f.product_id,
          sku: f.sku,
          name: f.name,
          spec: f.spec,
          unit: f.unit,
          price_fen,
          quantity,
          subtotal_fen: price_fen * quantity,
          origin_village: f.origin_village,
          offer_id: offer?._id ?? null,
        };
      });
      return {
        order_id: newId('ord'),
        merchant_id,
        merchant_name: items[0]?.facts.merchant_name ?? '',
        lines,
        total_fen: lines.reduce((sum, l) => sum + l.subtotal_fen, 0),
      };
    });
  }

  return {
    compensate,

    async checkout(actor: UserActor, body: CheckoutBody, idempotencyKey: string): Promise<CheckoutResult> {
      const key = `${actor.user_id}:${idempotencyKey}`;
      const params_hash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
      const earlier = await Checkout.findOne({ idempotency_key: key }).lean<CheckoutDoc>();
      if (earlier) return replay(earlier, params_hash);

      const community_id = actor.community_id;
      if (!community_id) throw badRequest('community_required', '请先选择您所在的社区或村');
      const cartLines = await deps.cart.linesOf(actor.user_id);
      if (cartLines.length === 0) throw badRequest('cart_empty', '购物车是空的');
      const facts = await deps.ports.catalog.snapshots(cartLines.map((l) => l.product_id));
      const offerIds = [...new Set(cartLines.flatMap((l) => (l.offer_id ? [l.offer_id] : [])))];
      const offers = new Map(
        (await Promise.all(offerIds.map((id) => deps.offers.load(id).catch(() => null)))).flatMap((o) => (o ? [[o._id, o] as const] : [])),
      );
      const orders = plan(community_id, cartLines, facts, offers);
      const total_fen = orders.reduce((sum, o) => sum + o.total_fen, 0);
      if (body.expected_total_fen !== undefined && body.expected_total_fen !== total_fen) {
        throw new AppError(409, 'price_changed', `价格有变化，应付 ${formatFen(total_fen)}，请确认后再提交`, {
          detail: `total_fen ${total_fen}`,
        });
      }
      const deliveryOf = await deliveryFor(actor, community_id, body);
      const merchants = new Map(
        await Promise.all(orders.map(async (o) => [o.merchant_id, await deps.ports.catalog.merchant(o.merchant_id)] as const)),
      );

      const now = new Date();
      const c: CheckoutDoc = {
        _id: newId('chk'),
        idempotency_key: key,
        params_hash,
        buyer_id: actor.user_id,
        community_id,
        status: 'reserving',
        plan: orders.map((o) => ({
          order_id: o.order_id,
          lines: o.lines.map((l) => ({ product_id: l.product_id, quantity: l.quantity, offer_id: l.offer_id })),
          slot_key: body.delivery.kind === 'slot' ? body.delivery.slot_key : null,
        })),
        failure: null,
        total_fen,
        pay_by: new Date(now.getTime() + deps.payWithinMs),
        payment: { attempt: 0, in_progress_until: null },
        created_at: now,
      };
      try {
        await Checkout.create(c);
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const first = await Checkout.findOne({ idempotency_key: key }).lean<CheckoutDoc>();
        if (first) return replay(first, params_hash);
        throw err;
      }
      // Scheduled before anything is taken: if this process dies half-way, the job gives it all back.
      await deps.expiry.schedule(c._id, { checkout_id: c._id }, c.pay_by);

      const docs: OrderDoc[] = [];
      try {
        for (const o of orders) {
          for (const l of o.lines) {
            // The scarce thing first: an offer's units (and the person's allowance), then the product's stock.
            if (l.offer_id) await deps.offers.claim(o.order_id, l.offer_id, actor.user_id, l.quantity);
            await deps.ports.catalog.reserve({ product_id: l.product_id, quantity: l.quantity, key: holdKey(o.order_id, l.product_id) });
          }
          const delivery = await deliveryOf(o.order_id);
          const m = merchants.get(o.merchant_id);
          if (!m?.account_id) throw conflict('merchant_not_ready', `「${o.merchant_name}」暂不能收款`);
          docs.push({
            _id: o.order_id,
            checkout_id: c._id,
            buyer_id: actor.user_id,
            community_id,
            merchant_id: o.merchant_id,
            merchant_name: o.merchant_name,
            merchant_account_id: m.account_id,
            lines: o.lines,
            total_fen: o.total_fen,
            delivery,
            note: body.note ?? null,
            status: 'pending_payment',
            pay_by: c.pay_by,
            payment: null,
            refund_from: null,
            refund: null,
            auto_confirm_at: null,
            settled: false,
            history: [
              { at: now, actor_id: actor.user_id, actor_role: 'buyer', action: 'place', from: null, to: 'pending_payment', reason: null },
            ],
            created_at: now,
            updated_at: now,
          });
        }
        await Order.insertMany(docs);
      } catch (err) {
        await compensate(c);
        const failure =
          err instanceof AppError
            ? { status: err.status, code: err.code, title: err.title }
            : { status: 503, code: 'checkout_failed', title: '下单失败，请稍后再试' };
        await Checkout.updateOne({ _id: c._id, status: 'reserving' }, { $set: { status: 'failed', failure } });
        throw err;
      }
      await Checkout.updateOne({ _id: c._id, status: 'reserving' }, { $set: { status: 'placed' } });
      await deps.cart.removeBought(
        actor.user_id,
        cartLines.map((l) => l.product_id),
      );
      return result({ ...c, status: 'placed' });
    },

    /** Pays every unpaid order of a checkout, once: from the citizen-card wallet, or through WeChat Pay. */
    async pay(actor: UserActor, checkout_id: string, body: PayBody): Promise<PayResult> {
      const c = await Checkout.findById(checkout_id).lean<CheckoutDoc>();
      if (!c || c.buyer_id !== actor.user_id) throw notFound('checkout_not_found', '订单不存在');
      if (c.status !== 'placed') throw conflict('checkout_not_placed', '订单没有提交成功，不能付款');
      const unpaid = await Order.find({ checkout_id, status: 'pending_payment' }).lean<OrderDoc[]>();
      if (unpaid.length === 0) {
        const paid = await Order.countDocuments({ checkout_id, payment: { $ne: null } });
        if (paid > 0) return { ...(await result(c)), wechat_pay: null }; // a replay after success
        throw conflict('not_payable', '订单已取消，不能付款');
      }
      const now = new Date();
      if (now >= c.pay_by) throw conflict('payment_expired', '已超过付款时间，订单将自动取消');
      if (body.method === 'wechatpay') return payByWechat(c, unpaid);
      // One payment at a time per checkout (a lease in the record); the pay-by job waits for it.
      const leased = await Checkout.findOneAndUpdate(
        { _id: checkout_id, $or: [{ 'payment.in_progress_until': null }, { 'payment.in_progress_until': { $lt: now } }] },
        { $set: { 'payment.in_progress_until': new Date(now.getTime() + PAYMENT_LEASE_MS) } },
        { new: true },
      ).lean<CheckoutDoc>();
      if (!leased) throw conflict('payment_in_progress', '正在付款，请稍候');
      try {
        let attempt = leased.payment.attempt;
        const last = await deps.ports.wallet.transferByKey(`checkout:${checkout_id}:pay:${attempt}`);
        if (last?.status === 'voided') {
          // The last attempt was refused (not enough money): a new attempt may move money again.
          attempt += 1;
          await Checkout.updateOne({ _id: checkout_id }, { $set: { 'payment.attempt': attempt } });
        }
        const amount_fen = unpaid.reduce((sum, o) => sum + o.total_fen, 0);
        const transfer =
          last?.status === 'posted'
            ? last
            : await deps.ports.wallet.pay({
                user_id: actor.user_id,
                amount_fen,
                ...(body.method === 'wallet' && body.pin ? { pin: body.pin } : {}),
                idempotency_key: `checkout:${checkout_id}:pay:${attempt}`,
                payee_account_id: await deps.ports.wallet.clearingAccountId(),
                memo: `社区订单 · ${unpaid.map((o) => o.merchant_name).join('、')}`,
                reference_id: checkout_id,
              });
        await markPaid(c, unpaid, transfer._id, 'wallet');
      } finally {
        await Checkout.updateOne({ _id: checkout_id }, { $set: { 'payment.in_progress_until': null } });
      }
      return { ...(await result(c)), wechat_pay: null };
    },

    /** The checkout as it stands; a WeChat Pay payment whose notify is late is looked up first. */
    async get(actor: UserActor, checkout_id: string): Promise<CheckoutResult> {
      const c = await Checkout.findById(checkout_id).lean<CheckoutDoc>();
      if (!c || c.buyer_id !== actor.user_id) throw notFound('checkout_not_found', '订单不存在');
      if (c.payment.wechat) await deps.ports.wallet.wechat.refresh(c.payment.wechat.out_trade_no);
      return result(c);
    },

    /** WeChat Pay reported the payment (through the wallet, which booked it): the orders become paid. Idempotent. */
    async onWechatPaid(paid: { reference_id: string; transfer_id: string; amount_fen: number; out_trade_no: string }): Promise<void> {
      const c = await Checkout.findById(paid.reference_id).lean<CheckoutDoc>();
      if (!c) return;
      const unpaid = await Order.find({ checkout_id: c._id, status: 'pending_payment' }).lean<OrderDoc[]>();
      await markPaid(c, unpaid, paid.transfer_id, 'wechatpay');
    },

    /** Cancelling an unpaid order: an open WeChat Pay order of its checkout is closed first, so it cannot be paid after. */
    async cancel(actor: UserActor, order_id: string, reason: string | null) {
      const o = await deps.lifecycle.load(order_id);
      const c = await Checkout.findById(o.checkout_id).lean<CheckoutDoc>();
      if (o.status === 'pending_payment' && c?.payment.wechat) {
        const outcome = await deps.ports.wallet.wechat.settleOrClose(c.payment.wechat.out_trade_no);
        if (outcome === 'paid') throw conflict('illegal_transition', '订单已付款，不能取消；如需退款请申请退款');
        await Checkout.updateOne({ _id: c._id }, { $set: { 'payment.wechat': null } });
      }
      return deps.lifecycle.act(actor, order_id, 'cancel', reason);
    },

    /**
     * The checkout's pay-by job: a checkout a crash left `reserving` is undone; a payment that moved money before a
     * crash is finished; unpaid orders are cancelled and give back their stock and seats.
     */
    async expire(checkout_id: string): Promise<void> {
      const c = await Checkout.findById(checkout_id).lean<CheckoutDoc>();
      if (!c || c.status === 'failed') return;
      if (c.status === 'reserving') {
        await compensate(c);
        await Checkout.updateOne(
          { _id: c._id, status: 'reserving' },
          { $set: { status: 'failed', failure: { status: 409, code: 'checkout_abandoned', title: '下单未完成，已释放库存' } } },
        );
        return;
      }
      const until = c.payment.in_progress_until;
      if (until && until.getTime() > Date.now()) {
        await deps.expiry.schedule(`${c._id}-after-${until.getTime()}`, { checkout_id }, new Date(until.getTime() + 1000));
        return;
      }
      if (c.payment.wechat && (await deps.ports.wallet.wechat.settleOrClose(c.payment.wechat.out_trade_no)) === 'paid') return;
      const unpaid = await Order.find({ checkout_id, status: 'pending_payment' }).lean<OrderDoc[]>();
      if (unpaid.length === 0) return;
      const moved = await deps.ports.wallet.transferByKey(`checkout:${checkout_id}:pay:${c.payment.attempt}`);
      if (moved?.status === 'posted') {
        await markPaid(c, unpaid, moved._id, 'wallet');
        return;
      }
      if (moved?.status === 'pending') throw new Error('payment still settling; retried by the job');
      for (const o of unpaid) {
        const cancelled = await deps.lifecycle
          .apply(o, 'cancel', { role: 'system', user_id: null }, '超时未支付，已自动取消')
          .catch((err: { code?: string }) => (err.code === 'illegal_transition' ? null : Promise.reject(err)));
        if (cancelled) await deps.lifecycle.after(cancelled, 'cancel');
      }
    },
  };

  /** WeChat Pay: one JSAPI order per checkout and amount (`<checkout>-<n>`), placed by the wallet's collect service. */
  async function payByWechat(c: CheckoutDoc, unpaid: OrderDoc[]): Promise<PayResult> {
    const amount_fen = unpaid.reduce((sum, o) => sum + o.total_fen, 0);
    let open = c.payment.wechat ?? null;
    if (open && open.amount_fen !== amount_fen) {
      // The amount changed (an order was cancelled): the old WeChat order is closed — or it was paid after all.
      if ((await deps.ports.wallet.wechat.settleOrClose(open.out_trade_no)) === 'paid') return { ...(await result(c)), wechat_pay: null };
      open = null;
    }
    if (!open) {
      const n = Number(c.payment.wechat?.out_trade_no.split('-')[1] ?? 0) + 1;
      open = { out_trade_no: `${c._id}-${n}`, amount_fen };
      await Checkout.updateOne({ _id: c._id }, { $set: { 'payment.wechat': open } });
    }
    const prepay = await deps.ports.wallet.wechat.prepay({
      out_trade_no: open.out_trade_no,
      user_id: c.buyer_id,
      amount_fen,
      description: `社区订单 · ${unpaid.map((o) => o.merchant_name).join('、')}`,
      payee_account_id: await deps.ports.wallet.clearingAccountId(),
      reference_id: c._id,
    });
    return { ...(await result(c)), wechat_pay: prepay };
  }

  /** Money moved: the orders become paid and their reservations sales. An order cancelled meanwhile gets its share back. */
  async function markPaid(c: CheckoutDoc, unpaid: OrderDoc[], transfer_id: string, method: 'wallet' | 'wechatpay'): Promise<void> {
    const paid_at = new Date();
    for (const o of unpaid) {
      const updated = await deps.lifecycle
        .apply(o, 'pay', { role: 'buyer', user_id: c.buyer_id }, null, { set: { payment: { method, transfer_id, paid_at } } })
        .catch((err: { code?: string }) => (err.code === 'illegal_transition' ? null : Promise.reject(err)));
      if (updated) {
        for (const l of o.lines) await deps.ports.catalog.commit(l.product_id, holdKey(o._id, l.product_id));
        continue;
      }
      const now = await Order.findById(o._id).lean<OrderDoc>();
      if (now?.status === 'cancelled') {
        await deps.ports.wallet.refund({
          idempotency_key: `order:${o._id}:cancelled-refund`,
          original_transfer_id: transfer_id,
          amount_fen: o.total_fen,
          memo: '订单已取消，退回货款',
        });
      }
    }
  }
}
export type CheckoutService = ReturnType<typeof createCheckoutService>;
