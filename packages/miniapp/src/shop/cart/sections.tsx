import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { QUANTITY_MAX, formatFen, type Cart } from '@cc/shared';
import { Money, Notice, Stepper, Thumb, tappable } from '../../ui';
import { SHOP_PAGES, bySeller, unavailableWords } from '../lib';
import type { CartModel, Line } from './useCart';

/** The lines that cannot be bought now, and the one tap that fixes them. */
export function BlockedNotice({ cart, m }: { cart: Cart; m: CartModel }) {
  const blocked = cart.lines.filter((l) => l.unavailable);
  if (blocked.length === 0) return null;
  return (
    <Notice tone="warning" title={`有 ${blocked.length} 件商品现在买不了`} className="shop-cart__blocked">
      <Text>请先调整或移除这些商品，再去结算。</Text>
      <View className="shop-notice__actions">
        <Button size="small" type="primary" fill="outline" disabled={m.busy !== null} onClick={() => void m.removeUnavailable(cart)}>
          一键处理（移除或改为现有库存）
        </Button>
      </View>
    </Notice>
  );
}

/** The quantity: a stepper while it can change, the bare number when the line cannot be bought at all. */
function LineQuantity({ line: l, m }: { line: Line; m: CartModel }) {
  if (l.unavailable === 'off_sale' || l.unavailable === 'not_served' || l.stock <= 0)
    return (
      <Text className="cart-line__qty">
        {l.quantity}
        {l.unit}
      </Text>
    );
  return (
    <Stepper
      className="cart-line__stepper"
      label={`${l.name}的数量`}
      max={Math.min(QUANTITY_MAX, Math.max(l.stock, 1))}
      value={l.quantity}
      disabled={m.busy !== null}
      onChange={(n) => void m.setQuantity(l, n)}
    />
  );
}

/** One line: picture (to the product), name, spec and origin, price, why it cannot be bought, quantity, subtotal. */
function CartLine({ line: l, m }: { line: Line; m: CartModel }) {
  const why = unavailableWords(l);
  return (
    <View className={`cart-line ${why ? 'cart-line--blocked' : ''}`} data-product={l.product_id}>
      <View {...tappable(() => void Taro.navigateTo({ url: `${SHOP_PAGES.product}?id=${l.product_id}` }), `查看${l.name}`)}>
        <Thumb alt={l.name} url={l.image_url} size="sm" />
      </View>
      <View className="cart-line__body cc-grow">
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
          <LineQuantity line={l} m={m} />
          <View className="cart-line__remove" {...tappable(() => m.busy === null && void m.setQuantity(l, 0), `删除${l.name}`)}>
            删除
          </View>
        </View>
      </View>
      <Text className="cart-line__subtotal">{formatFen(l.subtotal_fen)}</Text>
    </View>
  );
}

/** The lines by seller (one order per seller at checkout), each group headed by the seller's name. */
export function CartGroups({ cart, m }: { cart: Cart; m: CartModel }) {
  const groups = bySeller(cart.lines);
  return (
    <>
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
          {g.lines.map((l) => (
            <CartLine key={l.product_id} line={l} m={m} />
          ))}
        </View>
      ))}
    </>
  );
}

/** 清空购物车, asked once more inline before it happens. */
export function ClearCart({ m }: { m: CartModel }) {
  return (
    <View className="shop-cart__clear">
      {m.confirmClear ? (
        <View className="shop-inline-confirm">
          <Text>确定清空购物车吗？</Text>
          <Button size="small" type="danger" disabled={m.busy !== null} onClick={() => void m.clear()}>
            清空
          </Button>
          <Button size="small" onClick={() => m.setConfirmClear(false)}>
            不清空
          </Button>
        </View>
      ) : (
        <Text className="shop-link shop-link--muted" {...tappable(() => m.setConfirmClear(true))}>
          清空购物车
        </Text>
      )}
    </View>
  );
}

/** The bar at the bottom: the total and 去结算 (closed while a line cannot be bought). */
export function CartBar({ cart, m }: { cart: Cart; m: CartModel }) {
  const blocked = cart.lines.filter((l) => l.unavailable);
  const buyable = cart.lines.filter((l) => !l.unavailable);
  return (
    <View className="shop-bar">
      <View className="shop-bar__total">
        <Text className="shop-bar__total-label">合计</Text>
        <Text className="shop-bar__total-amount cart-total">{formatFen(cart.total_fen)}</Text>
        <Text className="shop-bar__total-sub">共 {buyable.length} 种商品</Text>
      </View>
      <Button
        type="primary"
        className="shop-bar__go cart-checkout"
        disabled={buyable.length === 0 || blocked.length > 0 || m.busy !== null}
        onClick={() => void Taro.navigateTo({ url: SHOP_PAGES.checkout })}
      >
        去结算
      </Button>
    </View>
  );
}
