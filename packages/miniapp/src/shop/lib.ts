import Taro from '@tarojs/taro';
import { when } from '../calls-common/lib';
import {
  ApiError,
  formatFen,
  fromShanghai,
  shanghaiDate,
  shanghaiWeekday,
  type Cart,
  type Offer,
  type Order,
  type Product,
  type ProductSort,
} from '@cc/shared';

// Shared helpers of the mini-program (already in the main package's common chunk).
export { newIdempotencyKey, pageParam, when } from '../calls-common/lib';

/** Pages of the shop sub-package (社区商城, residents). */
export const SHOP_PAGES = {
  home: '/shop/index/index',
  list: '/shop/list/index',
  product: '/shop/product/index',
  seller: '/shop/seller/index',
  cart: '/shop/cart/index',
  checkout: '/shop/checkout/index',
  pay: '/shop/pay/index',
  orders: '/shop/orders/index',
  order: '/shop/order/index',
  review: '/shop/review/index',
} as const;

export const WALLET_TOPUP = '/wallet/topup/index';
export const WALLET_HOME = '/wallet/index/index';
export const WALLET_BIND = '/wallet/bind/index';
export const WALLET_PIN = '/wallet/pin/index';

export { MERCHANT_KIND_NAMES } from '../commerce/lib';

export const SORT_NAMES: Record<ProductSort, string> = {
  newest: '最新上架',
  sales: '销量最高',
  price_asc: '价格从低到高',
  price_desc: '价格从高到低',
};

/** A rating in words, so the stars are never the only signal. */
export const STAR_WORDS = ['', '很不满意', '不满意', '一般', '满意', '非常满意'];

/** What the person should expect next, in one sentence. */
export function orderStatusHint(o: Order): string {
  const pickup = o.delivery.kind === 'pickup';
  switch (o.status) {
    case 'pending_payment':
      return `请在 ${when(o.pay_by)} 前付款，超时订单自动取消`;
    case 'paid':
      return '已付款，等待商家备货';
    case 'preparing':
      return '商家正在备货';
    case 'ready':
      return pickup ? '商品已送到自提点，请按时取货' : '商家已备好货，等待配送';
    case 'out_for_delivery':
      return '配送员正在送货上门';
    case 'delivered':
      return o.auto_confirm_at ? `已送达，请确认收货（${when(o.auto_confirm_at)} 自动确认）` : '已送达，请确认收货';
    case 'completed':
      return '交易完成，感谢惠顾';
    case 'cancelled':
      return '订单已取消，库存和配送名额已释放';
    case 'refunding':
      if (o.refund?.money === 'failed') return '退款暂未成功，服务站正在处理，钱款不会丢失';
      if (o.refund?.accepted_at) return '商家已同意退款，钱款正在按原路退回';
      return '退款申请已提交，等待商家处理';
    case 'refunded':
      return '已退款，钱款按原路退回';
  }
}

const WEEKDAYS = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];

/** "今天 11月30日 周日", "明天 …", "昨天 …", or "12月2日 周二" for a YYYY-MM-DD in Shanghai. */
export function dayLabel(date: string, opts: { short?: boolean } = {}): string {
  const today = shanghaiDate(new Date());
  const tomorrow = shanghaiDate(new Date(Date.now() + 24 * 3600 * 1000));
  const yesterday = shanghaiDate(new Date(Date.now() - 24 * 3600 * 1000));
  const weekday = WEEKDAYS[shanghaiWeekday(fromShanghai(date, '12:00'))];
  const md = `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
  const rel = date === today ? '今天' : date === tomorrow ? '明天' : date === yesterday ? '昨天' : null;
  if (opts.short) return rel ?? weekday ?? md;
  return [rel, md, weekday].filter(Boolean).join(' ');
}

/** "¥3.50/斤" */
export function pricePerUnit(p: { price_fen: number; unit: string }): string {
  return `${formatFen(p.price_fen)}/${p.unit}`;
}

/** The stock in words: 有货, 仅剩 3 斤, 已售罄 (never colour alone). */
export function stockWords(p: Pick<Product, 'stock' | 'unit'>): { text: string; tone: 'ok' | 'low' | 'out' } {
  if (p.stock <= 0) return { text: '已售罄', tone: 'out' };
  if (p.stock <= 10) return { text: `仅剩 ${p.stock}${p.unit}`, tone: 'low' };
  return { text: `有货 · 库存 ${p.stock}${p.unit}`, tone: 'ok' };
}

/** Why a cart line cannot be bought now, in plain words. */
export function unavailableWords(line: Cart['lines'][number]): string | null {
  switch (line.unavailable) {
    case null:
      return null;
    case 'off_sale':
      return '商品已下架，暂时买不到了';
    case 'not_served':
      return `「${line.merchant_name}」不配送到您现在所在的社区`;
    case 'insufficient_stock':
      return line.stock <= 0 ? '已售罄' : `库存不足：只剩 ${line.stock}${line.unit}，您要了 ${line.quantity}${line.unit}`;
  }
}

/** Cart lines grouped by seller, in the order they appear: one order per seller at checkout. */
export function bySeller<L extends { merchant_id: string; merchant_name: string }>(
  lines: L[],
): { merchant_id: string; merchant_name: string; lines: L[] }[] {
  const groups = new Map<string, { merchant_id: string; merchant_name: string; lines: L[] }>();
  for (const l of lines) {
    const g = groups.get(l.merchant_id) ?? { merchant_id: l.merchant_id, merchant_name: l.merchant_name, lines: [] };
    g.lines.push(l);
    groups.set(l.merchant_id, g);
  }
  return [...groups.values()];
}

export function isApiError(e: unknown, ...codes: string[]): e is ApiError {
  return e instanceof ApiError && (codes.length === 0 || codes.includes(e.code));
}

/** Back to a page of this package when it is the one below, otherwise open it in place of this one. */
export function backTo(url: string): void {
  const pages = Taro.getCurrentPages();
  const below = (pages[pages.length - 2]?.route ?? '').split('?')[0]?.replace(/^\//, '');
  if (below === url.slice(1)) void Taro.navigateBack();
  else void Taro.redirectTo({ url });
}

/**
 * The offer to show for each product: a running one first, else the next upcoming one. Ended and sold-out
 * offers are left out (the product is sold at its normal price then).
 */
export function offersByProduct(offers: Offer[]): Map<string, Offer> {
  const byProduct = new Map<string, Offer>();
  for (const o of offers) {
    if (o.state !== 'running' && o.state !== 'upcoming') continue;
    const seen = byProduct.get(o.product_id);
    if (!seen || (seen.state !== 'running' && (o.state === 'running' || o.starts_at < seen.starts_at))) byProduct.set(o.product_id, o);
  }
  return byProduct;
}

export const OFFER_KIND_NAMES: Record<Offer['kind'], string> = { flash_sale: '限时特价', group_buy: '团购价' };

/** "限时特价 ¥2.80" while it runs, "明天 10:00 开抢" before. */
export function offerBadgeText(o: Offer): string {
  if (o.state === 'running') return `${OFFER_KIND_NAMES[o.kind]} ${formatFen(o.price_fen)}`;
  return `${OFFER_KIND_NAMES[o.kind]} ${when(o.starts_at)} 开始`;
}
