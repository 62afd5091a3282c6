import { useCallback, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { QUANTITY_MAX, routes, type Cart, type MerchantPublic, type Offer, type Product } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { isApiError, pageParam } from '../lib';
import { useOffers } from '../offers';

export type ProductState =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; product: Product; merchant: MerchantPublic | null; cart: Cart; community_id: string | null };
export type Ready = Extract<ProductState, { kind: 'ready' }>;

/** What the person can buy of the product now: within the stock, the cart's quantity limit and a running offer's limit. */
export interface Purchase {
  line: Cart['lines'][number] | undefined;
  inCart: number;
  cartCount: number;
  /** The offer shown (running or upcoming), and the one bought at when it runs. */
  offer: Offer | null;
  running: Offer | null;
  /** How many more can go into the cart. */
  room: number;
  /** Why it cannot be added, in words; null when it can. */
  blocked: string | null;
  /** The stepper's quantity, kept within 1 and the room. */
  qty: number;
}

function blockedWords(p: Product, notServed: boolean, room: number, inCart: number, running: Offer | null): string | null {
  if (p.status !== 'on_sale') return '商品已下架，暂时买不到了';
  if (p.stock <= 0) return '已售罄，等商家补货后再来';
  if (notServed) return `「${p.merchant.name}」不配送到您所在的社区`;
  if (room > 0) return null;
  return running
    ? `购物车里已有 ${inCart}${p.unit}，活动每人限购 ${running.per_user_limit}${p.unit}`
    : `购物车里已有 ${inCart}${p.unit}，已达库存上限`;
}

export function purchaseOf(s: Ready, offers: Map<string, Offer>, quantity: number): Purchase {
  const { product: p, merchant, cart, community_id } = s;
  const line = cart.lines.find((l) => l.product_id === p.id);
  const inCart = line?.quantity ?? 0;
  const cartCount = cart.lines.reduce((n, l) => n + l.quantity, 0);
  // A running offer: bought at its price, within the per-person limit and the units it has left.
  const offer = offers.get(p.id) ?? null;
  const running = offer?.state === 'running' ? offer : null;
  const limit = running
    ? Math.min(running.per_user_limit, running.quantity_left + (line?.offer_id === running.id ? inCart : 0))
    : QUANTITY_MAX;
  const room = Math.max(0, Math.min(p.stock, QUANTITY_MAX, limit) - inCart);
  const notServed = merchant !== null && community_id !== null && !merchant.serves_community_ids.includes(community_id);
  const blocked = blockedWords(p, notServed, room, inCart, running);
  const qty = Math.min(Math.max(1, quantity), Math.max(1, room));
  return { line, inCart, cartCount, offer, running, room, blocked, qty };
}

/** 商品详情's state: the product, its seller and the cart, the quantity chosen, and adding it to the cart. */
export function useProduct() {
  const id = pageParam('id') ?? '';
  const [state, setState] = useState<ProductState>({ kind: 'loading' });
  const [quantity, setQuantity] = useState(1);
  const [adding, setAdding] = useState(false);
  const [result, setResult] = useState<{ tone: 'ok' | 'danger'; text: string } | null>(null);
  const offers = useOffers(state.kind === 'ready' ? state.community_id : null);

  const load = useCallback(async () => {
    setState((s) => (s.kind === 'ready' ? s : { kind: 'loading' }));
    try {
      const [product, me, cart] = await Promise.all([
        call(routes.getProduct, { params: { product_id: id } }),
        call(routes.getMe, {}),
        call(routes.getCart, {}),
      ]);
      // The seller page is public only for verified sellers; without it the product is still shown.
      const merchant = await call(routes.getMerchant, { params: { merchant_id: product.merchant_id } }).catch(() => null);
      setState({ kind: 'ready', product, merchant, cart, community_id: me.community_id });
    } catch (e) {
      const gone = isApiError(e, 'product_not_found') || isApiError(e, 'validation_failed');
      setState({ kind: 'error', message: gone ? '这件商品不存在或已被下架' : errorMessage(e) });
    } finally {
      Taro.stopPullDownRefresh();
    }
  }, [id]);
  useDidShow(() => void load());
  usePullDownRefresh(() => void load());

  async function add(p: Product, { inCart, qty, running, line }: Purchase) {
    setAdding(true);
    setResult(null);
    try {
      const next = await call(routes.setCartLine, {
        params: { product_id: p.id },
        body: { quantity: inCart + qty, ...(running ? { offer_id: running.id } : line?.offer_id ? { offer_id: line.offer_id } : {}) },
      });
      const added = next.lines.find((l) => l.product_id === p.id);
      setState((s) => (s.kind === 'ready' ? { ...s, cart: next } : s));
      setQuantity(1);
      setResult({ tone: 'ok', text: `已加入购物车，购物车里共 ${added?.quantity ?? inCart + qty}${p.unit}` });
    } catch (e) {
      setResult({ tone: 'danger', text: errorMessage(e) });
      void load();
    } finally {
      setAdding(false);
    }
  }

  return { state, load, quantity, setQuantity, adding, result, offers, add };
}
export type ProductModel = ReturnType<typeof useProduct>;
