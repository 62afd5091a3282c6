import {
  KIOSK_SHOP_FREQUENT_MAX,
  KIOSK_SHOP_QUANTITY_MAX,
  KIOSK_SHOP_RECENT_MAX,
  shanghaiDate,
  type KioskReorderCard,
  type KioskShop,
  type KioskShopItem,
  type OrderStatus,
} from '@cc/shared';
import type { CardActor } from '../../platform/actor';
import { buyableNow } from '../checkout/plan';
import type { OrderDoc, OrderModels } from '../models';
import type { ProductFacts } from '../ports';
import { usualDelivery } from './delivery';
import type { KioskShopPorts } from './ports';

/** Orders the person really bought (paid, on its way or received): what “再买一次” and “常买的” come from. */
export const BOUGHT: readonly OrderStatus[] = ['paid', 'preparing', 'ready', 'out_for_delivery', 'delivered', 'completed'];
/** How far back 常买的 looks. */
const HISTORY_ORDERS = 40;

type Facts = Map<string, ProductFacts>;

function itemOf(
  f: ProductFacts | undefined,
  fallback: { product_id: string; name: string; spec: string; unit: string },
  quantity: number,
  community_id: string,
  photos: Map<string, string>,
): KioskShopItem {
  const available = buyableNow(f, community_id, 1);
  return {
    product_id: fallback.product_id,
    name: f?.name ?? fallback.name,
    spec: f?.spec ?? fallback.spec,
    unit: f?.unit ?? fallback.unit,
    photo_url: f?.image_id ? (photos.get(f.image_id) ?? null) : null,
    price_fen: f?.price_fen ?? 0,
    quantity,
    max_quantity: available && f ? Math.min(f.stock, KIOSK_SHOP_QUANTITY_MAX) : 0,
    available,
  };
}

function cardOf(o: OrderDoc, facts: Facts, community_id: string, photos: Map<string, string>): KioskReorderCard {
  const items = o.lines.map((l) => itemOf(facts.get(l.product_id), l, l.quantity, community_id, photos));
  // The same rule the re-order's plan applies (checkout/plan.ts buyableNow), so the card's total is what is charged.
  const buyable = o.lines.filter((l) => buyableNow(facts.get(l.product_id), community_id, l.quantity));
  const total_fen = buyable.reduce((sum, l) => sum + (facts.get(l.product_id)?.price_fen ?? 0) * l.quantity, 0);
  const bought = new Set(buyable.map((l) => l.product_id));
  return {
    order_id: o._id,
    number: o.number,
    ordered_on: shanghaiDate(o.created_at),
    seller: o.merchant_name,
    items,
    total_fen,
    missing: o.lines.filter((l) => !bought.has(l.product_id)).map((l) => l.name),
    reorderable: buyable.length > 0,
  };
}

/** Products by how many orders had them (then how recently), with the quantity the person took most recently. */
function frequentLines(orders: OrderDoc[]) {
  const seen = new Map<string, { line: OrderDoc['lines'][number]; count: number; rank: number }>();
  orders.forEach((o, rank) => {
    for (const line of o.lines) {
      const had = seen.get(line.product_id);
      if (had) had.count += 1;
      else seen.set(line.product_id, { line, count: 1, rank });
    }
  });
  return [...seen.values()].sort((a, b) => b.count - a.count || a.rank - b.rank).map((x) => x.line);
}

/** The card holder's shop at this kiosk: recent orders priced now, 常买的, the usual delivery, the wallet. */
export async function kioskShop(deps: { models: OrderModels; ports: KioskShopPorts }, card: CardActor): Promise<KioskShop> {
  const { ports } = deps;
  const history = (await deps.models.Order.find({ buyer_id: card.user_id }).sort({ _id: -1 }).limit(HISTORY_ORDERS).lean<OrderDoc[]>())
    .filter((o) => BOUGHT.includes(o.status))
    .sort((a, b) => b.created_at.getTime() - a.created_at.getTime());
  const recentOrders = history.slice(0, KIOSK_SHOP_RECENT_MAX);
  const frequent = frequentLines(history).slice(0, KIOSK_SHOP_FREQUENT_MAX);
  const ids = [...new Set([...recentOrders.flatMap((o) => o.lines.map((l) => l.product_id)), ...frequent.map((l) => l.product_id)])];
  const facts = await ports.orders.catalog.snapshots(ids);
  const imageIds = [...facts.values()].flatMap((f) => (f.image_id ? [f.image_id] : []));
  const photos = await ports.orders.uploads.urlsOf(imageIds);
  const wallet = await ports.wallet(card.user_id);
  const { pin_free_limit_fen, daily_cap_fen, spent_today_fen } = wallet.limits;
  return {
    holder_id: card.user_id,
    recent: recentOrders.map((o) => cardOf(o, facts, card.community_id, photos)),
    frequent: frequent.map((l) => itemOf(facts.get(l.product_id), l, l.quantity, card.community_id, photos)),
    delivery: await usualDelivery(ports, card, history[0]?.delivery ?? null),
    wallet: { balance_fen: wallet.balance_fen, pin_free_limit_fen, daily_left_fen: Math.max(0, daily_cap_fen - spent_today_fen) },
  };
}
