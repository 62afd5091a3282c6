import { View, Text, ScrollView } from '@tarojs/components';
import { Button, Radio, TextArea } from '@nutui/nutui-react-taro';
import { formatFen, shanghaiTime, type Cart, type PickupWindow, type Slot } from '@cc/shared';
import { Notice, Thumb, scrollRegion, tappable } from '../../ui';
import { bySeller, dayLabel } from '../lib';
import { AddressForm } from './AddressForm';
import { DAYS, type CheckoutModel, type Data, type Mode } from './useCheckout';

type Ready = { d: Data; m: CheckoutModel };

function slotState(s: Slot): string {
  if (s.unavailable === 'full') return '已约满';
  if (s.unavailable === 'cut_off') return '已截单';
  return `剩 ${s.remaining} 个名额 · ${shanghaiTime(new Date(s.cutoff_at))} 截单`;
}

/** 配送方式: to the door or pickup at a station. */
export function ModeChoice({ d, m }: Ready) {
  const { c } = m;
  return (
    <View className="shop-card">
      <Text className="shop-card__title">配送方式</Text>
      <Radio.Group
        className="checkout-mode"
        direction="horizontal"
        shape="button"
        value={c.mode}
        onChange={(v) => {
          c.setMode(v as Mode);
          m.setError(null);
        }}
      >
        <Radio value="slot" shape="button" className="checkout-mode__slot">
          配送上门
        </Radio>
        <Radio value="pickup" shape="button" className="checkout-mode__pickup">
          到站自提
        </Radio>
      </Radio.Group>
      <Text className="shop-hint">{c.mode === 'slot' ? `送货上门：${d.communityName}` : `在${d.communityName}的自提点取货`}</Text>
    </View>
  );
}

/** 收货地址: the address book as choices, and the inline form of a new one. */
export function AddressChoice({ d, m }: Ready) {
  const { c } = m;
  const { addresses } = d;
  return (
    <View className="shop-card checkout-addresses">
      <Text className="shop-card__title">收货地址</Text>
      {addresses.length > 0 && (
        <Radio.Group value={c.addressId ?? ''} onChange={(v) => c.setAddressId(String(v))} className="checkout-address-list">
          {addresses.map((a) => (
            <Radio key={a.id} value={a.id} className="checkout-address">
              <View className="checkout-address__body">
                <Text className="checkout-address__head">
                  <Text className="shop-tag shop-tag--info">{a.label}</Text> {a.recipient} {a.phone_masked}
                </Text>
                <Text className="checkout-address__detail">{a.detail}</Text>
              </View>
            </Radio>
          ))}
        </Radio.Group>
      )}
      {c.addingAddress ? (
        <AddressForm
          registered={d.registered}
          onSaved={m.addressSaved}
          onCancel={addresses.length > 0 ? () => c.setAddingAddress(false) : null}
        />
      ) : (
        <Text className="shop-link checkout-add-address" {...tappable(() => c.setAddingAddress(true))}>
          ＋ 新增收货地址
        </Text>
      )}
    </View>
  );
}

/** The days that have slots, each with how many are still open. */
function DayChoice({ slots, m }: { slots: Slot[]; m: CheckoutModel }) {
  const { c } = m;
  const days = [...new Set(slots.map((s) => s.date))];
  return (
    <ScrollView scrollX className="checkout-days" showScrollbar={false} {...scrollRegion('送达日期')}>
      <Radio.Group
        direction="horizontal"
        shape="button"
        value={c.day ?? ''}
        onChange={(v) => {
          c.setDay(String(v));
          c.setSlotKey(null);
        }}
        className="checkout-days__row"
      >
        {days.map((day) => {
          const open = slots.filter((s) => s.date === day && !s.unavailable).length;
          return (
            <Radio key={day} value={day} shape="button" className="checkout-day" data-date={day}>
              <View className="checkout-day__body">
                <Text className="checkout-day__name">
                  {dayLabel(day, { short: true })} {`${Number(day.slice(5, 7))}/${Number(day.slice(8, 10))}`}
                </Text>
                <Text className="checkout-day__open">{open > 0 ? `${open} 个时段可约` : '无可约时段'}</Text>
              </View>
            </Radio>
          );
        })}
      </Radio.Group>
    </ScrollView>
  );
}

/** 配送时段: the day, then the slots of that day (full and cut-off ones shown but not choosable). */
export function SlotChoice({ d, m }: Ready) {
  const { c } = m;
  const daySlots = d.slots.filter((s) => s.date === c.day);
  return (
    <View className="shop-card checkout-slots">
      <Text className="shop-card__title">配送时段</Text>
      {d.slots.length === 0 ? (
        <Notice tone="warning">
          <Text>近 {DAYS} 天没有可预约的配送时段，请选择到站自提。</Text>
        </Notice>
      ) : (
        <>
          <DayChoice slots={d.slots} m={m} />
          <Radio.Group value={c.slotKey ?? ''} onChange={(v) => c.setSlotKey(String(v))} className="checkout-slot-list">
            {daySlots.map((s) => (
              <Radio key={s.slot_key} value={s.slot_key} disabled={s.unavailable !== null} className="checkout-slot" data-slot={s.slot_key}>
                <View className="checkout-slot__body">
                  <Text className="checkout-slot__time">
                    {s.start}–{s.end}
                  </Text>
                  <Text className={`checkout-slot__state ${s.unavailable ? 'checkout-slot__state--off' : ''}`}>{slotState(s)}</Text>
                </View>
              </Radio>
            ))}
          </Radio.Group>
        </>
      )}
    </View>
  );
}

/** The open days of the chosen station. */
function PickupDays({ days, m }: { days: PickupWindow[]; m: CheckoutModel }) {
  const { c } = m;
  return (
    <>
      <Text className="shop-card__subtitle">取货日期（在营业时间内到站取货）</Text>
      <Radio.Group value={c.pickupDate ?? ''} onChange={(v) => c.setPickupDate(String(v))} className="checkout-pickup-days">
        {days.map((p) => (
          <Radio key={p.date} value={p.date} className="checkout-pickup-day">
            <Text>
              {dayLabel(p.date)} · {p.open}–{p.close}
            </Text>
          </Radio>
        ))}
      </Radio.Group>
    </>
  );
}

/** 自提点: the station, then the day to pick up. */
export function PickupChoice({ d, m }: Ready) {
  const { c } = m;
  const stations = [...new Map(d.pickups.map((p) => [p.station_id, p])).values()];
  return (
    <View className="shop-card checkout-pickup">
      <Text className="shop-card__title">自提点</Text>
      {stations.length === 0 ? (
        <Notice tone="warning">
          <Text>您所在的社区近 {DAYS} 天没有营业的自提点，请选择配送上门。</Text>
        </Notice>
      ) : (
        <>
          <Radio.Group
            value={c.stationId ?? ''}
            onChange={(v) => {
              c.setStationId(String(v));
              c.setPickupDate(null);
            }}
            className="checkout-station-list"
          >
            {stations.map((s) => (
              <Radio key={s.station_id} value={s.station_id} className="checkout-station">
                <View className="checkout-address__body">
                  <Text className="checkout-address__head">{s.name}</Text>
                  <Text className="checkout-address__detail">{s.address}</Text>
                </View>
              </Radio>
            ))}
          </Radio.Group>
          <PickupDays days={d.pickups.filter((p) => p.station_id === c.stationId)} m={m} />
        </>
      )}
    </View>
  );
}

/** 商品清单: one order per seller with its lines and subtotal, and the note for all of them. */
export function OrderList({ cart, m }: { cart: Cart; m: CheckoutModel }) {
  const groups = bySeller(cart.lines.filter((l) => !l.unavailable));
  return (
    <View className="shop-card checkout-orders">
      <Text className="shop-card__title">商品清单</Text>
      {groups.length > 1 && <Text className="shop-hint">按商家拆成 {groups.length} 个订单，分别备货、配送，一次付款。</Text>}
      {groups.map((g, i) => (
        <View key={g.merchant_id} className="checkout-order">
          <Text className="checkout-order__seller">
            {groups.length > 1 ? `订单 ${i + 1} · ` : ''}
            {g.merchant_name}
          </Text>
          {g.lines.map((l) => (
            <View key={l.product_id} className="checkout-line">
              <Thumb alt={l.name} url={l.image_url} size="sm" />
              <Text className="checkout-line__name cc-grow">
                {l.name} × {l.quantity}
                {l.unit}
              </Text>
              <Text className="checkout-line__amount">{formatFen(l.subtotal_fen)}</Text>
            </View>
          ))}
          <View className="checkout-line checkout-line--sum">
            <Text>小计</Text>
            <Text>{formatFen(g.lines.reduce((n, l) => n + l.subtotal_fen, 0))}</Text>
          </View>
        </View>
      ))}
      <View className="shop-field checkout-note">
        <Text className="shop-field__label">备注（选填）</Text>
        <TextArea maxLength={200} rows={2} autoSize placeholder="比如：放门口、上午不在家" value={m.c.note} onChange={m.c.setNote} />
      </View>
    </View>
  );
}

/** The bar's button: 提交订单, or for an elder 请家人确认 (with 我来付, paying first). */
function submitWords(m: CheckoutModel): string {
  if (m.priceChanged) return '按新价格提交';
  if (m.w.elder?.kind !== 'ready') return '提交订单';
  return m.w.payment === 'family_wechat' ? '微信支付并请家人确认' : '请家人确认';
}

/** What went wrong stays in sight, right above the button that is pressed again. */
export function SubmitBar({ d, m }: Ready) {
  const { priceChanged, error } = m;
  return (
    <View className="shop-bottom">
      {priceChanged && (
        <Notice tone="warning" title="商品价格有变化" className="checkout-price-changed">
          <Text>
            您看到的是 {formatFen(priceChanged.from)}，现在应付 {formatFen(priceChanged.to)}。请核对后再提交，确认按新价格下单。
          </Text>
        </Notice>
      )}
      {error && (
        <Notice tone="danger" className="checkout-error">
          <Text>{error}</Text>
        </Notice>
      )}
      <View className="shop-bar shop-bar--inline">
        <View className="shop-bar__total">
          <Text className="shop-bar__total-label">应付</Text>
          <Text className="shop-bar__total-amount checkout-total">{formatFen(d.cart.total_fen)}</Text>
        </View>
        <Button
          type="primary"
          className="shop-bar__go checkout-submit"
          loading={m.busy}
          disabled={m.busy}
          onClick={() => void m.submit(d.cart, d.pickups)}
        >
          {submitWords(m)}
        </Button>
      </View>
    </View>
  );
}
