import { useCallback, useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text, ScrollView } from '@tarojs/components';
import { Button, Radio, TextArea } from '@nutui/nutui-react-taro';
import { ApiError, formatFen, routes, shanghaiTime, type Address, type Cart, type PickupWindow, type Slot } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { SHOP_PAGES, bySeller, dayLabel, isApiError, newIdempotencyKey } from '../lib';
import { scrollRegion, tappable } from '../../ui/tappable';
import { AddressForm, type Registered } from './AddressForm';
import '../shop.css';
import { ErrorView, LoadingView, Notice, Thumb } from '../../ui';

type Data = { cart: Cart; addresses: Address[]; slots: Slot[]; pickups: PickupWindow[]; communityName: string; registered: Registered };
type State = { kind: 'loading' } | { kind: 'error'; message: string } | ({ kind: 'ready' } & Data);
type Mode = 'slot' | 'pickup';

const DAYS = 7;

function slotState(s: Slot): string {
  if (s.unavailable === 'full') return '已约满';
  if (s.unavailable === 'cut_off') return '已截单';
  return `剩 ${s.remaining} 个名额 · ${shanghaiTime(new Date(s.cutoff_at))} 截单`;
}

/**
 * 确认订单: delivery to the door in a slot (address from the address book) or pickup at a station on an open day;
 * the order split by seller; the total the person saw is sent, and a changed price is asked again. Then 去付款.
 */
export default function CheckoutPage() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [mode, setMode] = useState<Mode>('slot');
  const [addressId, setAddressId] = useState<string | null>(null);
  const [addingAddress, setAddingAddress] = useState(false);
  const [day, setDay] = useState<string | null>(null);
  const [slotKey, setSlotKey] = useState<string | null>(null);
  const [stationId, setStationId] = useState<string | null>(null);
  const [pickupDate, setPickupDate] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [priceChanged, setPriceChanged] = useState<{ from: number; to: number } | null>(null);
  // One Idempotency-Key per distinct submission: a retry of the same order sends the same key.
  const attempt = useRef<{ body: string; key: string } | null>(null);

  const load = useCallback(async (keepChoices = false) => {
    if (!keepChoices) setState({ kind: 'loading' });
    try {
      const me = await call(routes.getMe, {});
      if (!me.community_id) {
        setState({ kind: 'error', message: '请先在商城首页选择您所在的社区或村' });
        return;
      }
      const community_id = me.community_id;
      const [cart, addresses, slots, pickups, community] = await Promise.all([
        call(routes.getCart, {}),
        call(routes.listMyAddresses, {}),
        call(routes.listSlots, { params: { community_id }, query: { days: DAYS } }),
        call(routes.listPickupWindows, { params: { community_id }, query: { days: DAYS } }),
        call(routes.getCommunity, { params: { community_id } }),
      ]);
      setState({
        kind: 'ready',
        cart,
        addresses: addresses.items,
        slots: slots.items,
        pickups: pickups.items,
        communityName: community.name,
        registered: { address: me.address, name: me.nickname },
      });
      // Sensible first choices: the default address, the first day with a free slot, the first station.
      setAddressId((id) =>
        id && addresses.items.some((a) => a.id === id)
          ? id
          : ((addresses.items.find((a) => a.is_default) ?? addresses.items[0])?.id ?? null),
      );
      setAddingAddress(addresses.items.length === 0);
      const free = slots.items.filter((s) => !s.unavailable);
      setDay((d) => (d && slots.items.some((s) => s.date === d) ? d : (free[0]?.date ?? slots.items[0]?.date ?? null)));
      setSlotKey((k) => (k && free.some((s) => s.slot_key === k) ? k : null));
      setStationId((id) => (id && pickups.items.some((p) => p.station_id === id) ? id : (pickups.items[0]?.station_id ?? null)));
      if (free.length === 0 && pickups.items.length > 0 && !keepChoices) setMode('pickup');
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    }
  }, []);
  useEffect(() => void load(), [load]);

  if (state.kind === 'loading') return <LoadingView />;
  if (state.kind === 'error')
    return (
      <View className="page">
        <ErrorView message={state.message} onRetry={() => void load()} />
      </View>
    );

  const { cart, addresses, slots, pickups } = state;
  const lines = cart.lines.filter((l) => !l.unavailable);
  const groups = bySeller(lines);
  const days = [...new Set(slots.map((s) => s.date))];
  const daySlots = slots.filter((s) => s.date === day);
  const stations = [...new Map(pickups.map((p) => [p.station_id, p])).values()];
  const stationDays = pickups.filter((p) => p.station_id === stationId);
  const chosenPickup = stationDays.find((p) => p.date === pickupDate) ?? null;

  if (lines.length === 0 || cart.lines.some((l) => l.unavailable))
    return (
      <View className="page">
        <Notice tone="warning" title={lines.length === 0 ? '购物车里没有可以结算的商品' : '购物车里有现在买不了的商品'}>
          <Text>请回到购物车调整后再结算。</Text>
        </Notice>
        <Button block type="primary" onClick={() => void Taro.redirectTo({ url: SHOP_PAGES.cart })}>
          回到购物车
        </Button>
      </View>
    );

  const missing =
    mode === 'slot'
      ? !addressId
        ? '请选择或新增收货地址'
        : !slotKey
          ? '请选择配送时段'
          : null
      : !stationId
        ? '请选择自提点'
        : !chosenPickup
          ? '请选择取货日期'
          : null;

  async function submit() {
    if (missing) {
      setError(missing);
      return;
    }
    const delivery =
      mode === 'slot'
        ? { kind: 'slot' as const, slot_key: slotKey!, address_id: addressId! }
        : { kind: 'pickup' as const, station_id: stationId!, date: pickupDate! };
    const body = { delivery, expected_total_fen: cart.total_fen, ...(note.trim() ? { note: note.trim() } : {}) };
    const text = JSON.stringify(body);
    if (attempt.current?.body !== text) attempt.current = { body: text, key: newIdempotencyKey('checkout') };
    setBusy(true);
    setError(null);
    try {
      const placed = await call(routes.checkout, { body, idempotencyKey: attempt.current.key });
      void Taro.redirectTo({ url: `${SHOP_PAGES.pay}?checkout_id=${placed.checkout_id}` });
    } catch (e) {
      // A refusal is the answer to this key for good (the API replays it): the next tap is a new request.
      if (e instanceof ApiError && e.status < 500) attempt.current = null;
      if (isApiError(e, 'price_changed')) {
        // The prices moved since the person looked: show the new total and let them decide again.
        const fresh = await call(routes.getCart, {}).catch(() => null);
        if (fresh) {
          setPriceChanged({ from: cart.total_fen, to: fresh.total_fen });
          setState((s) => (s.kind === 'ready' ? { ...s, cart: fresh } : s));
        } else setError(errorMessage(e));
      } else {
        setError(errorMessage(e));
        // A full slot, a closed station or a stock change: show what is true now, keeping the choices that still hold.
        if (isApiError(e, 'slot_full', 'slot_cut_off', 'pickup_closed', 'insufficient_stock', 'product_unavailable', 'product_not_served'))
          void load(true);
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className={`page shop-checkout ${priceChanged || error ? 'shop-page--with-tall-bar' : 'shop-page--with-bar'}`}>
      <View className="shop-card">
        <Text className="shop-card__title">配送方式</Text>
        <Radio.Group
          className="checkout-mode"
          direction="horizontal"
          shape="button"
          value={mode}
          onChange={(v) => {
            setMode(v as Mode);
            setError(null);
          }}
        >
          <Radio value="slot" shape="button" className="checkout-mode__slot">
            配送上门
          </Radio>
          <Radio value="pickup" shape="button" className="checkout-mode__pickup">
            到站自提
          </Radio>
        </Radio.Group>
        <Text className="shop-hint">{mode === 'slot' ? `送货上门：${state.communityName}` : `在${state.communityName}的自提点取货`}</Text>
      </View>

      {mode === 'slot' && (
        <>
          <View className="shop-card checkout-addresses">
            <Text className="shop-card__title">收货地址</Text>
            {addresses.length > 0 && (
              <Radio.Group value={addressId ?? ''} onChange={(v) => setAddressId(String(v))} className="checkout-address-list">
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
            {addingAddress ? (
              <AddressForm
                registered={state.registered}
                onSaved={(a) => {
                  setState((s) => (s.kind === 'ready' ? { ...s, addresses: [...s.addresses, a] } : s));
                  setAddressId(a.id);
                  setAddingAddress(false);
                }}
                onCancel={addresses.length > 0 ? () => setAddingAddress(false) : null}
              />
            ) : (
              <Text className="shop-link checkout-add-address" {...tappable(() => setAddingAddress(true))}>
                ＋ 新增收货地址
              </Text>
            )}
          </View>

          <View className="shop-card checkout-slots">
            <Text className="shop-card__title">配送时段</Text>
            {days.length === 0 ? (
              <Notice tone="warning">
                <Text>近 {DAYS} 天没有可预约的配送时段，请选择到站自提。</Text>
              </Notice>
            ) : (
              <>
                <ScrollView scrollX className="checkout-days" showScrollbar={false} {...scrollRegion('送达日期')}>
                  <Radio.Group
                    direction="horizontal"
                    shape="button"
                    value={day ?? ''}
                    onChange={(v) => {
                      setDay(String(v));
                      setSlotKey(null);
                    }}
                    className="checkout-days__row"
                  >
                    {days.map((d) => {
                      const open = slots.filter((s) => s.date === d && !s.unavailable).length;
                      return (
                        <Radio key={d} value={d} shape="button" className="checkout-day" data-date={d}>
                          <View className="checkout-day__body">
                            <Text className="checkout-day__name">
                              {dayLabel(d, { short: true })} {`${Number(d.slice(5, 7))}/${Number(d.slice(8, 10))}`}
                            </Text>
                            <Text className="checkout-day__open">{open > 0 ? `${open} 个时段可约` : '无可约时段'}</Text>
                          </View>
                        </Radio>
                      );
                    })}
                  </Radio.Group>
                </ScrollView>
                <Radio.Group value={slotKey ?? ''} onChange={(v) => setSlotKey(String(v))} className="checkout-slot-list">
                  {daySlots.map((s) => (
                    <Radio
                      key={s.slot_key}
                      value={s.slot_key}
                      disabled={s.unavailable !== null}
                      className="checkout-slot"
                      data-slot={s.slot_key}
                    >
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
        </>
      )}

      {mode === 'pickup' && (
        <View className="shop-card checkout-pickup">
          <Text className="shop-card__title">自提点</Text>
          {stations.length === 0 ? (
            <Notice tone="warning">
              <Text>您所在的社区近 {DAYS} 天没有营业的自提点，请选择配送上门。</Text>
            </Notice>
          ) : (
            <>
              <Radio.Group
                value={stationId ?? ''}
                onChange={(v) => {
                  setStationId(String(v));
                  setPickupDate(null);
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
              <Text className="shop-card__subtitle">取货日期（在营业时间内到站取货）</Text>
              <Radio.Group value={pickupDate ?? ''} onChange={(v) => setPickupDate(String(v))} className="checkout-pickup-days">
                {stationDays.map((p) => (
                  <Radio key={p.date} value={p.date} className="checkout-pickup-day">
                    <Text>
                      {dayLabel(p.date)} · {p.open}–{p.close}
                    </Text>
                  </Radio>
                ))}
              </Radio.Group>
            </>
          )}
        </View>
      )}

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
                <Text className="checkout-line__name">
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
          <TextArea maxLength={200} rows={2} autoSize placeholder="比如：放门口、上午不在家" value={note} onChange={setNote} />
        </View>
      </View>

      {/* What went wrong stays in sight, right above the button that is pressed again. */}
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
            <Text className="shop-bar__total-amount checkout-total">{formatFen(cart.total_fen)}</Text>
          </View>
          <Button type="primary" className="shop-bar__go checkout-submit" loading={busy} disabled={busy} onClick={() => void submit()}>
            {priceChanged ? '按新价格提交' : '提交订单'}
          </Button>
        </View>
      </View>
    </View>
  );
}
