/**
 * A completed shop order's lines that came from supply posts (一键上架) become price observations (行情, source
 * shop_order, one per order line) and demand lines for the weekly community demand. Both are keyed by the order
 * line, so a replayed completion (a retried job) changes nothing.
 */
import { AGRI_UNIT_SPECS, type AgriUnit } from '@cc/shared';
import type { CompletedOrderFacts } from '../../orders/ports';
import type { AgriPostDoc } from '../models';
import { divideHalfUp } from '../price/units';
import type { DemandCtx, ListedProduct } from './context';
import { weekOf } from './week';

const isDuplicateKey = (err: unknown) => (err as { code?: number }).code === 11000;

/**
 * Base units in one retail unit: as stored at listing; for a product listed before that was stored, only when its
 * retail unit is itself an agricultural unit of the post's base (斤, 公斤 …); otherwise null (the line is skipped).
 */
export function basePerUnit(product: ListedProduct, post: Pick<AgriPostDoc, 'base_unit'>): number | null {
  const stored = product.agri_origin?.base_per_unit;
  if (stored && stored > 0) return stored;
  const spec = AGRI_UNIT_SPECS[product.unit as AgriUnit] as { base: string; per_unit: number } | undefined;
  return spec && spec.base === post.base_unit ? spec.per_unit : null;
}

/** One line in the post's base unit: quantity to three decimals, price per base unit in whole fen (half up). */
export function inBaseUnit(line: { quantity: number; price_fen: number }, per: number) {
  // per has at most a few decimals (≤ 10 000): scale to an integer fraction so the division rounds exactly.
  const scale = 1000;
  const per_milli = Math.round(per * scale);
  return {
    base_quantity: Math.round(line.quantity * per_milli) / scale,
    base_price_fen: Math.max(1, divideHalfUp(line.price_fen * scale, per_milli)),
  };
}

function regionOf(post: AgriPostDoc) {
  const o = post.origin!;
  // A region part is required at every level: an origin without township or county counts under its village's name.
  return { village: o.village, township: o.township ?? o.village, county: o.county ?? o.township ?? o.village };
}

/** Records the order's agri-listed lines (the job handler of a completion; idempotent per order line). */
export async function recordCompletedOrder(D: DemandCtx, order: CompletedOrderFacts): Promise<{ observed: number }> {
  const products = await D.deps.products(order.lines.map((l) => l.product_id));
  const completed_at = new Date(order.completed_at);
  let observed = 0;
  for (const line of order.lines) {
    const product = products.get(line.product_id);
    if (!product?.agri_origin) continue;
    const post = await D.deps.agri.getPost(product.agri_origin.supply_post_id);
    if (!post || post.kind !== 'supply' || !post.origin) continue;
    const per = basePerUnit(product, post);
    if (!per) {
      D.deps.logger.warn({ order_id: order.order_id, product_id: line.product_id }, 'agri listed product without base units per unit');
      continue;
    }
    const { base_quantity, base_price_fen } = inBaseUnit(line, per);
    const source_id = `${order.order_id}:${line.product_id}`;
    await D.deps.prices.observe({
      variety_key: post.variety,
      region: regionOf(post),
      unit: post.base_unit,
      price_fen_per_unit: base_price_fen,
      quantity: base_quantity,
      source: 'shop_order',
      source_id,
      at: completed_at,
    });
    await D.M.Line.create({
      _id: source_id,
      order_id: order.order_id,
      community_id: order.community_id,
      category: post.category,
      variety: post.variety,
      variety_key: post.variety_key,
      base_unit: post.base_unit,
      base_quantity,
      base_price_fen,
      completed_at,
      week: weekOf(completed_at).week,
    }).catch((err: unknown) => {
      if (!isDuplicateKey(err)) throw err;
    });
    observed += 1;
  }
  return { observed };
}
