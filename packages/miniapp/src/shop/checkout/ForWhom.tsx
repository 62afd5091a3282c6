import { View, Text } from '@tarojs/components';
import { Radio } from '@nutui/nutui-react-taro';
import { LoadingView, Notice, RadioGroup } from '../../ui';
import type { CheckoutModel, Data } from './useCheckout';
import type { ElderTarget } from './useForWhom';

/** The elder chosen in 为谁下单 and loaded; null for 给自己 (or while the elder's community is still asked). */
export const chosenElder = (m: CheckoutModel): ElderTarget | null => (m.w.elder?.kind === 'ready' ? m.w.elder : null);

/** What the delivery choices and the bar work on: the person's own data, or the elder's community and lines. */
export function targetOf(d: Data, elder: ElderTarget | null): Data {
  return elder ? { ...d, cart: elder.cart, slots: elder.slots, pickups: elder.pickups, communityName: elder.communityName } : d;
}

/** 为谁下单: 给自己 or 给 each elder the person is linked to (shown only with an approved link). */
export function ForWhomChoice({ d, m }: { d: Data; m: CheckoutModel }) {
  const { w } = m;
  if (w.links.length === 0) return null;
  const options = [
    { value: 'self', content: <Text>给自己</Text>, label: '给自己', data: { 'data-who': 'self' } },
    ...w.links.map((l) => ({
      value: l.id,
      label: `给${l.elder_name}（您是TA的${l.relation}）`,
      content: (
        <View className="checkout-who__body">
          <Text className="checkout-who__name">给{l.elder_name}</Text>
          <Text className="checkout-who__hint">
            您是TA的{l.relation} · {l.elder_name}在社区终端确认后生效
          </Text>
        </View>
      ),
      data: { 'data-who': l.id },
    })),
  ];
  return (
    <View className="shop-card">
      <Text className="shop-card__title">为谁下单</Text>
      <RadioGroup
        label="为谁下单"
        testid="for-whom"
        itemClass="cc-radio"
        className="checkout-who"
        options={options}
        value={w.who}
        onChange={(v) => {
          m.setError(null);
          void w.choose(v, d.cart);
        }}
      />
    </View>
  );
}

/** While the elder's community is asked, or why it could not be: the delivery choices wait. */
export function ElderPending({ m }: { m: CheckoutModel }) {
  const { elder } = m.w;
  if (elder?.kind === 'loading') return <LoadingView />;
  if (elder?.kind === 'error')
    return (
      <Notice tone="danger" title="没能读取家人所在社区">
        <Text>{elder.message}</Text>
      </Notice>
    );
  return null;
}

/** The elder's own addresses (their address book: the family member cannot add to it). */
export function ElderAddressChoice({ elder, m }: { elder: ElderTarget; m: CheckoutModel }) {
  const addresses = elder.link.elder?.addresses ?? [];
  return (
    <View className="shop-card checkout-addresses">
      <Text className="shop-card__title">送到{elder.link.elder_name}家</Text>
      {addresses.length === 0 ? (
        <Notice tone="warning">
          <Text>{elder.link.elder_name}的地址簿里还没有地址，请到服务站登记，或选择到站自提。</Text>
        </Notice>
      ) : (
        <Radio.Group value={m.c.addressId ?? ''} onChange={(v) => m.c.setAddressId(String(v))} className="checkout-address-list">
          {addresses.map((a) => (
            <Radio key={a.id} value={a.id} className="checkout-address">
              <View className="checkout-address__body">
                <Text className="checkout-address__head">
                  <Text className="shop-tag shop-tag--info">{a.label}</Text> {elder.link.elder_name}
                </Text>
                <Text className="checkout-address__detail">{a.detail}</Text>
              </View>
            </Radio>
          ))}
        </Radio.Group>
      )}
    </View>
  );
}

/** The cart's lines that cannot go to the elder: said plainly, and left in the person's cart. */
export function KeptOut({ elder }: { elder: ElderTarget }) {
  if (elder.keptOut.length === 0) return null;
  const title =
    elder.cart.lines.length === 0
      ? `购物车里的商品都不能送给${elder.link.elder_name}`
      : `${elder.keptOut.length} 种商品不能送给${elder.link.elder_name}，这次不买`;
  return (
    <Notice tone="warning" title={title} testid="kept-out">
      {elder.keptOut.map(({ line, reason }) => (
        <Text key={line.product_id} className="checkout-kept-out" data-testid="kept-out-line">
          {line.name}：{reason}
        </Text>
      ))}
      <Text className="checkout-kept-out">它们留在您的购物车里，可以给自己下单。</Text>
    </Notice>
  );
}
