import { useCallback, useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { ApiError, routes, type Address, type Cart, type PickupWindow, type Slot } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { SHOP_PAGES, isApiError, newIdempotencyKey } from '../lib';
import type { Registered } from './AddressForm';
import { proxyBody, useForWhom } from './useForWhom';

export type Data = {
  cart: Cart;
  addresses: Address[];
  slots: Slot[];
  pickups: PickupWindow[];
  communityName: string;
  registered: Registered;
};
export type CheckoutState = { kind: 'loading' } | { kind: 'error'; message: string } | ({ kind: 'ready' } & Data);
export type Mode = 'slot' | 'pickup';

/** How many days ahead slots and pickup days are offered. */
export const DAYS = 7;

/** Failures after which the page shows what is true now: a full slot, a closed station, a stock change. */
const STALE_CODES = ['slot_full', 'slot_cut_off', 'pickup_closed', 'insufficient_stock', 'product_unavailable', 'product_not_served'];

/** What checkout needs at once: the cart, the address book, the slots and pickup days of the person's community. */
async function fetchData(): Promise<Data | { message: string }> {
  const me = await call(routes.getMe, {});
  if (!me.community_id) return { message: '请先在商城首页选择您所在的社区或村' };
  const community_id = me.community_id;
  const [cart, addresses, slots, pickups, community] = await Promise.all([
    call(routes.getCart, {}),
    call(routes.listMyAddresses, {}),
    call(routes.listSlots, { params: { community_id }, query: { days: DAYS } }),
    call(routes.listPickupWindows, { params: { community_id }, query: { days: DAYS } }),
    call(routes.getCommunity, { params: { community_id } }),
  ]);
  return {
    cart,
    addresses: addresses.items,
    slots: slots.items,
    pickups: pickups.items,
    communityName: community.name,
    registered: { address: me.address, name: me.nickname },
  };
}

/** The person's choices: how it comes, the address, the day and slot, or the station and pickup day, the note. */
function useChoices() {
  const [mode, setMode] = useState<Mode>('slot');
  const [addressId, setAddressId] = useState<string | null>(null);
  const [addingAddress, setAddingAddress] = useState(false);
  const [day, setDay] = useState<string | null>(null);
  const [slotKey, setSlotKey] = useState<string | null>(null);
  const [stationId, setStationId] = useState<string | null>(null);
  const [pickupDate, setPickupDate] = useState<string | null>(null);
  const [note, setNote] = useState('');

  /** Sensible first choices: the default address, the first day with a free slot, the first station (own or an elder's). */
  const adopt = useCallback(
    (d: Pick<Data, 'slots' | 'pickups'> & { addresses: { id: string; is_default?: boolean }[] }, keepChoices: boolean) => {
      const { addresses, slots, pickups } = d;
      setAddressId((id) =>
        id && addresses.some((a) => a.id === id) ? id : ((addresses.find((a) => a.is_default) ?? addresses[0])?.id ?? null),
      );
      setAddingAddress(addresses.length === 0);
      const free = slots.filter((s) => !s.unavailable);
      setDay((x) => (x && slots.some((s) => s.date === x) ? x : (free[0]?.date ?? slots[0]?.date ?? null)));
      setSlotKey((k) => (k && free.some((s) => s.slot_key === k) ? k : null));
      setStationId((id) => (id && pickups.some((p) => p.station_id === id) ? id : (pickups[0]?.station_id ?? null)));
      // A fresh start (first load, or 为谁下单 switched) delivers home when it can, else to a station.
      if (!keepChoices) setMode(free.length === 0 && pickups.length > 0 ? 'pickup' : 'slot');
    },
    [],
  );

  return {
    ...{ mode, setMode, addressId, setAddressId, addingAddress, setAddingAddress, day, setDay, slotKey, setSlotKey },
    ...{ stationId, setStationId, pickupDate, setPickupDate, note, setNote, adopt },
  };
}
export type Choices = ReturnType<typeof useChoices>;

/** What is still to be chosen before the order can be sent, in words; null when nothing is. */
function missingChoice(c: Choices, pickups: PickupWindow[]): string | null {
  if (c.mode === 'slot') {
    if (!c.addressId) return '请选择或新增收货地址';
    return c.slotKey ? null : '请选择配送时段';
  }
  if (!c.stationId) return '请选择自提点';
  const chosen = pickups.some((p) => p.station_id === c.stationId && p.date === c.pickupDate);
  return chosen ? null : '请选择取货日期';
}

/** The checkout body of the choices; the total the person saw is sent, so a changed price is refused. */
function orderBody(c: Choices, cart: Cart) {
  const delivery =
    c.mode === 'slot'
      ? { kind: 'slot' as const, slot_key: c.slotKey!, address_id: c.addressId! }
      : { kind: 'pickup' as const, station_id: c.stationId!, date: c.pickupDate! };
  return { delivery, expected_total_fen: cart.total_fen, ...(c.note.trim() ? { note: c.note.trim() } : {}) };
}

/**
 * 确认订单's state: the data, the choices, and the submission (one Idempotency-Key per distinct submission, a changed
 * price shown and asked again, a stale slot or stock reloaded keeping the choices that still hold).
 */
export function useCheckout() {
  const [state, setState] = useState<CheckoutState>({ kind: 'loading' });
  const c = useChoices();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [priceChanged, setPriceChanged] = useState<{ from: number; to: number } | null>(null);
  // One Idempotency-Key per distinct submission: a retry of the same order sends the same key.
  const attempt = useRef<{ body: string; key: string } | null>(null);
  const { adopt } = c;
  // 为谁下单: for an elder the same choices apply to the elder's community, and the order becomes a proxy order.
  const w = useForWhom(DAYS, { setError, setBusy });
  const elder = w.elder?.kind === 'ready' ? w.elder : null;
  useEffect(() => {
    if (elder) adopt({ ...elder, addresses: elder.link.elder?.addresses ?? [] }, false);
    else if (state.kind === 'ready') adopt(state, false);
    // Only when the elder (or 给自己) is chosen, not on every reload of the person's own data.
  }, [elder, adopt]);

  const load = useCallback(
    async (keepChoices = false) => {
      if (!keepChoices) setState({ kind: 'loading' });
      try {
        const d = await fetchData();
        if ('message' in d) return setState({ kind: 'error', message: d.message });
        setState({ kind: 'ready', ...d });
        adopt(d, keepChoices);
      } catch (e) {
        setState({ kind: 'error', message: errorMessage(e) });
      }
    },
    [adopt],
  );
  useEffect(() => void load(), [load]);

  /** The prices moved since the person looked: show the new total and let them decide again. */
  async function showNewPrice(cart: Cart, e: unknown) {
    const fresh = await call(routes.getCart, {}).catch(() => null);
    if (!fresh) return setError(errorMessage(e));
    setPriceChanged({ from: cart.total_fen, to: fresh.total_fen });
    setState((s) => (s.kind === 'ready' ? { ...s, cart: fresh } : s));
  }

  /** The person's own checkout, then its payment page. */
  async function checkoutSelf(body: ReturnType<typeof orderBody>, key: string): Promise<null> {
    const placed = await call(routes.checkout, { body, idempotencyKey: key });
    void Taro.redirectTo({ url: `${SHOP_PAGES.pay}?checkout_id=${placed.checkout_id}` });
    return null;
  }

  /** The cart checked out for the person, or (为谁下单 an elder) the elder's lines as a proxy order. */
  async function submit(cart: Cart, pickups: PickupWindow[]) {
    const missing = missingChoice(c, pickups);
    if (missing) return setError(missing);
    const body = orderBody(c, cart);
    const forElder = elder ? proxyBody(body, cart, w.payment) : null;
    const text = JSON.stringify([w.who, forElder ?? body]);
    if (attempt.current?.body !== text) attempt.current = { body: text, key: newIdempotencyKey(elder ? 'proxy' : 'checkout') };
    setBusy(true);
    setError(null);
    try {
      const key = attempt.current.key;
      const unpaid = elder && forElder ? await w.place(elder, forElder, key) : await checkoutSelf(body, key);
      if (unpaid) setError(unpaid);
    } catch (e) {
      // A refusal is the answer to this key for good (the API replays it): the next tap is a new request.
      if (e instanceof ApiError && e.status < 500) attempt.current = null;
      if (elder) {
        // The elder's order: what holds now in their community is shown again (the cart, slots, stations).
        setError(errorMessage(e));
        if (isApiError(e, 'price_changed', ...STALE_CODES) && state.kind === 'ready') void w.choose(w.who, state.cart);
      } else if (isApiError(e, 'price_changed')) await showNewPrice(cart, e);
      else {
        setError(errorMessage(e));
        if (isApiError(e, ...STALE_CODES)) void load(true);
      }
    } finally {
      setBusy(false);
    }
  }

  /** A new address is added to the book and chosen at once. */
  function addressSaved(a: Address) {
    setState((s) => (s.kind === 'ready' ? { ...s, addresses: [...s.addresses, a] } : s));
    c.setAddressId(a.id);
    c.setAddingAddress(false);
  }

  return { state, load, c, w, busy, error, setError, priceChanged, submit, addressSaved };
}
export type CheckoutModel = ReturnType<typeof useCheckout>;
