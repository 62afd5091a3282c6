import { formatFen, type BodyOf, type routes } from '@cc/shared';
import { newId } from '../../platform/ids';
import { AppError, badRequest, conflict } from '../../platform/problem';
import { offerPrice, type CartService } from '../cart';
import type { DeliveryDoc, OrderLineDoc } from '../models';
import type { OfferDoc, OfferService } from '../offers';
import type { OrderPorts, ProductFacts } from '../ports';

export type CheckoutBody = BodyOf<typeof routes.checkout>;

/** What a checkout will take, decided once (ids included) and recorded as the saga's first step. */
export interface CheckoutPlan {
  checkout_id: string;
  total_fen: number;
  /** The cart's product ids, removed from the cart once the orders are placed. */
  cart_product_ids: string[];
  orders: {
    order_id: string;
    merchant_id: string;
    merchant_name: string;
    merchant_account_id: string;
    lines: OrderLineDoc[];
    total_fen: number;
    /** A pickup's station facts; null for a slot delivery (its seat is booked by its own step). */
    pickup: DeliveryDoc | null;
  }[];
  slot: { slot_key: string; recipient: string; phone: string; address: string } | null;
}

export const holdKey = (order_id: string, product_id: string) => `${order_id}:${product_id}`;

/** Says which refusal an offer line gets: sold out while it runs is the common case in a rush. */
function offerRefusal(offer: OfferDoc | null, product: ProductFacts): AppError {
  const now = new Date();
  if (offer && offer.starts_at <= now && now < offer.ends_at) return new AppError(409, 'offer_sold_out', `「${offer.title}」已抢完`);
  return conflict('offer_ended', `「${product.name}」的活动已结束，请重新加入购物车`);
}

export type CartLine = { product_id: string; quantity: number; offer_id?: string | null };
/** Sellable, delivered to this community and in stock for `quantity`. */
export function buyableNow(f: ProductFacts | undefined, community_id: string, quantity: number): boolean {
  return !!f && f.sellable && f.serves_community_ids.includes(community_id) && f.stock >= quantity;
}

type Item = { facts: ProductFacts; quantity: number; offer: OfferDoc | null; image_url: string | null };

/** The cart's lines checked against the catalog now (sellable, delivered here, in stock), grouped by seller. */
function groupBySeller(
  community_id: string,
  lines: CartLine[],
  facts: Map<string, ProductFacts>,
  offers: Map<string, OfferDoc>,
  images: Map<string, string>,
) {
  const bySeller = new Map<string, Item[]>();
  for (const l of lines) {
    const f = facts.get(l.product_id);
    if (!f || !f.sellable) throw conflict('product_unavailable', `「${f?.name ?? '商品'}」已下架，请从购物车移除`);
    if (!f.serves_community_ids.includes(community_id)) throw conflict('product_not_served', `「${f.merchant_name}」不配送到您的社区`);
    if (l.quantity > f.stock) throw conflict('insufficient_stock', `「${f.name}」只剩 ${f.stock}${f.unit}`);
    const offer = l.offer_id ? (offers.get(l.offer_id) ?? null) : null;
    if (l.offer_id && offerPrice(offer ?? undefined) === null) throw offerRefusal(offer, f);
    const image_url = f.image_id ? (images.get(f.image_id) ?? null) : null;
    bySeller.set(f.merchant_id, [...(bySeller.get(f.merchant_id) ?? []), { facts: f, quantity: l.quantity, offer, image_url }]);
  }
  return bySeller;
}

function orderLines(items: Item[]): OrderLineDoc[] {
  return items.map(({ facts: f, quantity, offer, image_url }) => {
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
      // The photo as it was at checkout: a later change of the product's photos leaves the order as bought.
      image_id: f.image_id,
      image_url,
    };
  });
}

/** Where the orders go: a pickup station checked against its hours, or the buyer's own address (one seat per order). */
async function destination(ports: OrderPorts, user_id: string, community_id: string, body: CheckoutBody) {
  const d = body.delivery;
  if (d.kind === 'pickup') {
    const p = await ports.slots.checkPickup(community_id, d.station_id, d.date);
    const pickup: DeliveryDoc = {
      kind: 'pickup',
      station_id: p.station_id,
      station_name: p.name,
      station_address: p.address,
      date: p.date,
      open: p.open,
      close: p.close,
    };
    return { pickup, slot: null };
  }
  const address = await ports.identity.address(user_id, d.address_id);
  if (!address)
    throw badRequest('address_unknown', '收货地址不存在', [
      { path: 'body.delivery.address_id', message: '收货地址不存在', code: 'address_unknown' },
    ]);
  return { pickup: null, slot: { slot_key: d.slot_key, recipient: address.recipient, phone: address.phone, address: address.detail } };
}

/** Reads the cart, the catalog, offers and merchants and decides the checkout, or refuses it with the reason. */
export async function planCheckout(
  deps: { ports: OrderPorts; cart: CartService; offers: OfferService },
  input: { user_id: string; community_id: string | null; body: CheckoutBody; lines?: CartLine[] | undefined; skip_unavailable?: boolean },
): Promise<CheckoutPlan> {
  const { community_id, body } = input;
  if (!community_id) throw badRequest('community_required', '请先选择您所在的社区或村');
  // Lines given by the caller (the kiosk's re-order) are bought instead of the cart, and the cart is left alone.
  const given = input.lines ?? (await deps.cart.linesOf(input.user_id));
  if (given.length === 0) throw badRequest('cart_empty', '购物车是空的');
  const facts = await deps.ports.catalog.snapshots(given.map((l) => l.product_id));
  // A re-order leaves out what cannot be bought now (decided here, in the recorded plan, so a replay agrees).
  const cartLines = input.skip_unavailable ? given.filter((l) => buyableNow(facts.get(l.product_id), community_id, l.quantity)) : given;
  if (cartLines.length === 0) throw conflict('nothing_to_reorder', '这一单的东西现在都买不到了');
  const offerIds = [...new Set(cartLines.flatMap((l) => (l.offer_id ? [l.offer_id] : [])))];
  const loaded = await Promise.all(offerIds.map((id) => deps.offers.load(id).catch(() => null)));
  const offers = new Map(loaded.flatMap((o) => (o ? [[o._id, o] as const] : [])));
  const images = await deps.ports.uploads.urlsOf(cartLines.flatMap((l) => facts.get(l.product_id)?.image_id ?? []));
  const groups = [...groupBySeller(community_id, cartLines, facts, offers, images).entries()];
  const total_fen = groups.reduce((sum, [, items]) => sum + orderLines(items).reduce((s, l) => s + l.subtotal_fen, 0), 0);
  if (body.expected_total_fen !== undefined && body.expected_total_fen !== total_fen) {
    throw new AppError(409, 'price_changed', `价格有变化，应付 ${formatFen(total_fen)}，请确认后再提交`, {
      detail: `total_fen ${total_fen}`,
    });
  }
  const { pickup, slot } = await destination(deps.ports, input.user_id, community_id, body);
  const orders = await Promise.all(
    groups.map(async ([merchant_id, items]) => {
      const m = await deps.ports.catalog.merchant(merchant_id);
      const merchant_name = items[0]?.facts.merchant_name ?? '';
      if (!m.account_id) throw conflict('merchant_not_ready', `「${merchant_name}」暂不能收款`);
      const lines = orderLines(items);
      const order_total_fen = lines.reduce((sum, l) => sum + l.subtotal_fen, 0);
      return {
        order_id: newId('ord'),
        merchant_id,
        merchant_name,
        merchant_account_id: m.account_id,
        lines,
        total_fen: order_total_fen,
        pickup,
      };
    }),
  );
  const cart_product_ids = input.lines ? [] : cartLines.map((l) => l.product_id);
  return { checkout_id: newId('chk'), total_fen, cart_product_ids, orders, slot };
}
