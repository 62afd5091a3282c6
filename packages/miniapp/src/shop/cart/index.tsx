import { useCallback, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { Stepper } from '../../ui/Stepper';
import { QUANTITY_MAX, formatFen, routes, type Cart } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { tappable } from '../../ui/tappable';
import { SHOP_PAGES, bySeller, unavailableWords } from '../lib';
import '../shop.css';
import { EmptyView, ErrorView, LoadingView, Money, Notice, Thumb } from '../../ui';

type State = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; cart: Cart };
type Line = Cart['lines'][number];

/** 购物车: lines by seller with steppers, why a line cannot be bought, the total, and the way to checkout. */
export default function CartPage() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirmClear, setConfirmClear] = useState(false);

  const load = useCallback(async () => {
    setState((s) => (s.kind === 'ready' ? s : { kind: 'loading' }));
    try {
      setState({ kind: 'ready', cart: await call(routes.getCart, {}) });
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    } finally {
      Taro.stopPullDownRefresh();
    }
  }, []);
  useDidShow(() => void load());
  usePullDownRefresh(() => void load());

  async function setQuantity(line: Line, quantity: number) {
    setBusy(line.product_id);
    setError(null);
    try {
      // The line keeps its offer (a line set without one goes back to the normal price).
      const body = { quantity, ...(line.offer_id ? { offer_id: line.offer_id } : {}) };
      setState({ kind: 'ready', cart: await call(routes.setCartLine, { params: { product_id: line.product_id }, body }) });
    } catch (e) {
      setError(errorMessage(e));
      void load();
    } finally {
      setBusy(null);
    }
  }

  async function removeUnavailable(cart: Cart) {
    setBusy('all');
    setError(null);
    try {
      let next = cart;
      for (const l of cart.lines.filter((x) => x.unavailable)) {
        // Too many for the stock left: keep what there is; otherwise take the line out.
        const keep = l.unavailable === 'insufficient_stock' && l.stock > 0 ? l.stock : 0;
        next = await call(routes.setCartLine, {
          params: { product_id: l.product_id },
          body: { quantity: keep, ...(l.offer_id && keep > 0 ? { offer_id: l.offer_id } : {}) },
        });
      }
      setState({ kind: 'ready', cart: next });
    } catch (e) {
      setError(errorMessage(e));
      void load();
    } finally {
      setBusy(null);
    }
  }

  async function clear() {
    setBusy('all');
    setError(null);
    try {
      await call(routes.clearCart, {});
      setConfirmClear(false);
      await load();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  if (state.kind === 'loading') return <LoadingView />;
  if (state.kind === 'error')
    return (
      <View className="page">
        <ErrorView message={state.message} onRetry={() => void load()} />
      </View>
    );

  const { cart } = state;
  if (cart.lines.length === 0)
    return (
      <View className="page shop-cart">
        <EmptyView title="购物车是空的" description="去商城看看附近农户和社区商店的商品吧" />
        <Button block type="primary" onClick={() => void Taro.redirectTo({ url: SHOP_PAGES.home })}>
          去逛逛
        </Button>
      </View>
    );

  const blocked = cart.lines.filter((l) => l.unavailable);
  const buyable = cart.lines.filter((l) => !l.unavailable);
  const groups = bySeller(cart.lines);

  return (
    <View className="page shop-cart shop-page--with-bar">
      {error && <Notice tone="danger">{error}</Notice>}
      {blocked.length > 0 && (
        <Notice tone="warning" title={`有 ${blocked.length} 件商品现在买不了`} className="shop-cart__blocked">
          <Text>请先调整或移除这些商品，再去结算。</Text>
          <View className="shop-notice__actions">
            <Button size="small" type="primary" fill="outline" disabled={busy !== null} onClick={() => void removeUnavailable(cart)}>
              一键处理（移除或改为现有库存）
            </Button>
          </View>
        </Notice>
      )}
      {groups.length > 1 && (
        <Text className="shop-hint">
          购物车里有 {groups.length} 家店的商品，结算时按店拆成 {groups.length} 个订单，分别配送。
        </Text>
      )}
      {groups.map((g) => (
        <View key={g.merchant_id} className="shop-card shop-cart__group">
          <Text
            className="shop-card__title shop-link"
            {...tappable(() => void Taro.navigateTo({ url: `${SHOP_PAGES.seller}?id=${g.merchant_id}` }))}
          >
            {g.merchant_name} ›
          </Text>
          {g.lines.map((l) => {
            const why = unavailableWords(l);
            return (
              <View key={l.product_id} className={`cart-line ${why ? 'cart-line--blocked' : ''}`} data-product={l.product_id}>
                <View {...tappable(() => void Taro.navigateTo({ url: `${SHOP_PAGES.product}?id=${l.product_id}` }), `查看${l.name}`)}>
                  <Thumb alt={l.name} url={l.image_url} size="sm" />
                </View>
                <View className="cart-line__body">
                  <Text className="cart-line__name">{l.name}</Text>
                  <Text className="cart-line__spec">
                    {[l.spec, l.origin_village ? `产地 ${l.origin_village}` : null].filter(Boolean).join(' · ')}
                  </Text>
                  <View className="cart-line__price">
                    <Money fen={l.price_fen} unit={l.unit} />
                    {l.offer_id && <Text className="shop-offer-badge shop-offer-badge--running">活动价</Text>}
                  </View>
                  {why && (
                    <View className="cart-line__why" role="alert">
                      {why}
                    </View>
                  )}
                  <View className="cart-line__foot">
                    {l.unavailable === 'off_sale' || l.unavailable === 'not_served' || l.stock <= 0 ? (
                      <Text className="cart-line__qty">
                        {l.quantity}
                        {l.unit}
                      </Text>
                    ) : (
                      <Stepper
                        className="cart-line__stepper"
                        label={`${l.name}的数量`}
                        max={Math.min(QUANTITY_MAX, Math.max(l.stock, 1))}
                        value={l.quantity}
                        disabled={busy !== null}
                        onChange={(n) => void setQuantity(l, n)}
                      />
                    )}
                    <View className="cart-line__remove" {...tappable(() => busy === null && void setQuantity(l, 0), `删除${l.name}`)}>
                      删除
                    </View>
                  </View>
                </View>
                <Text className="cart-line__subtotal">{formatFen(l.subtotal_fen)}</Text>
              </View>
            );
          })}
        </View>
      ))}

      <View className="shop-cart__clear">
        {confirmClear ? (
          <View className="shop-inline-confirm">
            <Text>确定清空购物车吗？</Text>
            <Button size="small" type="danger" disabled={busy !== null} onClick={() => void clear()}>
              清空
            </Button>
            <Button size="small" onClick={() => setConfirmClear(false)}>
              不清空
            </Button>
          </View>
        ) : (
          <Text className="shop-link shop-link--muted" {...tappable(() => setConfirmClear(true))}>
            清空购物车
          </Text>
        )}
      </View>

      <View className="shop-bar">
        <View className="shop-bar__total">
          <Text className="shop-bar__total-label">合计</Text>
          <Text className="shop-bar__total-amount cart-total">{formatFen(cart.total_fen)}</Text>
          <Text className="shop-bar__total-sub">共 {buyable.length} 种商品</Text>
        </View>
        <Button
          type="primary"
          className="shop-bar__go cart-checkout"
          disabled={buyable.length === 0 || blocked.length > 0 || busy !== null}
          onClick={() => void Taro.navigateTo({ url: SHOP_PAGES.checkout })}
        >
          去结算
        </Button>
      </View>
    </View>
  );
}
