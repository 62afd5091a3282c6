import { useCallback, useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { routes, type BodyOf, type Cart, type FamilyLink, type PickupWindow, type ProxyPayment, type Slot } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { FAMILY_PAGES } from '../../family/lib';
import { useFamilyWechatPay } from '../../family/order/familyPay';

type CartLine = Cart['lines'][number];
/** A cart line that cannot go to the elder, and why, in words. */
export type KeptOut = { line: CartLine; reason: string };
/** Ordering for an elder: where their goods can go (their community's slots and stations) and which lines can go. */
export type ElderTarget = {
  link: FamilyLink;
  communityName: string;
  slots: Slot[];
  pickups: PickupWindow[];
  /** The cart as the elder's order: only the lines their community is served with. */
  cart: Cart;
  keptOut: KeptOut[];
};
export type ElderState = { kind: 'loading' } | { kind: 'error'; message: string } | ({ kind: 'ready' } & ElderTarget);
/** 给自己, or the id of an approved family link (给 the elder of that link). */
export type ForWhom = 'self' | string;

/**
 * Which lines may go to the elder: a seller that delivers to the elder's community, at the regular price (a
 * 限时优惠 is the buyer's own: a proxy order's lines carry no offer, so its price would not be the one shown).
 */
function splitCart(cart: Cart, serves: Set<string>, communityName: string): { cart: Cart; keptOut: KeptOut[] } {
  const lines: CartLine[] = [];
  const keptOut: KeptOut[] = [];
  for (const line of cart.lines.filter((l) => !l.unavailable)) {
    if (!serves.has(line.merchant_id)) keptOut.push({ line, reason: `${line.merchant_name}不送${communityName}` });
    else if (line.offer_id) keptOut.push({ line, reason: '限时优惠价只能给自己买' });
    else lines.push(line);
  }
  return { cart: { ...cart, lines, total_fen: lines.reduce((n, l) => n + l.subtotal_fen, 0) }, keptOut };
}

/** The elder's community (its slots, stations and name) and the sellers of the cart that deliver there. */
async function fetchElder(link: FamilyLink, cart: Cart, days: number): Promise<ElderTarget> {
  const community_id = link.elder?.community_id as string;
  const merchantIds = [...new Set(cart.lines.map((l) => l.merchant_id))];
  const [slots, pickups, community, merchants] = await Promise.all([
    call(routes.listSlots, { params: { community_id }, query: { days } }),
    call(routes.listPickupWindows, { params: { community_id }, query: { days } }),
    call(routes.getCommunity, { params: { community_id } }),
    Promise.all(merchantIds.map((merchant_id) => call(routes.getMerchant, { params: { merchant_id } }))),
  ]);
  const serves = new Set(merchants.filter((m) => m.serves_community_ids.includes(community_id)).map((m) => m.id));
  const split = splitCart(cart, serves, community.name);
  return { link, communityName: community.name, slots: slots.items, pickups: pickups.items, ...split };
}

/** The proxy order's body from the checkout's own body (delivery, total seen, note) and the lines that go. */
export function proxyBody(checkout: BodyOf<typeof routes.checkout>, cart: Cart, payment: ProxyPayment) {
  return { ...checkout, lines: cart.lines.map((l) => ({ product_id: l.product_id, quantity: l.quantity })), payment };
}

/**
 * 为谁下单 at checkout: 给自己, or 给 an elder the person is linked to (approved links only). For an elder the checkout
 * becomes a proxy order (为家人下单's API): the elder's address or a station in the elder's community, waiting for
 * the elder's approval at a kiosk, paid from the elder's card or by the person (我来付).
 */
export function useForWhom(days: number, page: { setError: (e: string | null) => void; setBusy: (b: boolean) => void }) {
  const [links, setLinks] = useState<FamilyLink[]>([]);
  const [who, setWho] = useState<ForWhom>('self');
  const [elder, setElder] = useState<ElderState | null>(null);
  const [payment, setPayment] = useState<ProxyPayment>('elder_card');
  // 我来付: WeChat Pay's sheet (the simulator's on the H5 demo), then 我为家人下的单.
  const wechat = useFamilyWechatPay({ onPaid: () => void Taro.redirectTo({ url: FAMILY_PAGES.orders }), ...page });

  // Without the links (an error) the checkout is the person's own, as before: nothing to choose.
  useEffect(() => {
    call(routes.listMyFamilyLinks, {})
      .then((r) => setLinks(r.items.filter((l) => l.status === 'approved' && l.elder?.community_id)))
      .catch(() => setLinks([]));
  }, []);

  const choose = useCallback(
    async (next: ForWhom, cart: Cart) => {
      setWho(next);
      const link = links.find((l) => l.id === next);
      if (!link) return setElder(null);
      setElder({ kind: 'loading' });
      try {
        setElder({ kind: 'ready', ...(await fetchElder(link, cart, days)) });
      } catch (e) {
        setElder({ kind: 'error', message: errorMessage(e) });
      }
    },
    [links, days],
  );

  /** Places the proxy order, pays it when 我来付, takes its lines out of the cart; the words when it stays unpaid. */
  async function place(target: ElderTarget, body: ReturnType<typeof proxyBody>, idempotencyKey: string): Promise<string | null> {
    const placed = await call(routes.placeProxyOrder, { params: { link_id: target.link.id }, body, idempotencyKey });
    // Bought for the elder: those lines leave the person's cart (the order stands if this fails; the cart is theirs).
    await Promise.all(
      target.cart.lines.map((l) =>
        call(routes.setCartLine, { params: { product_id: l.product_id }, body: { quantity: 0 } }).catch(() => null),
      ),
    );
    await wechat.pay(placed);
    return null;
  }

  return { links, who, choose, elder, payment, setPayment, place, wechat };
}
export type ForWhomModel = ReturnType<typeof useForWhom>;
