import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useReachBottom } from '@tarojs/taro';
import { ApiError, routes, type Category, type FamilyLink, type Product, type ProxyPayment, type Slot } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { newIdempotencyKey } from '../../shop/lib';
import { topCategories, useProductSearch } from '../../shop/useProductSearch';
import { FAMILY_PAGES } from '../lib';
import { useFamilyWechatPay } from './familyPay';

type Data = { link: FamilyLink; slots: Slot[]; categories: Category[] };
export type OrderState = { kind: 'loading' } | { kind: 'error'; message: string } | ({ kind: 'ready' } & Data);
/** A chosen product with its quantity: kept while the person searches on, so the total never loses a line. */
export type ChosenLine = { product: Product; quantity: number };

/** The approved link, the delivery slots of the elder's community and the categories to search by. */
async function fetchData(link_id: string): Promise<Data | { message: string }> {
  const link = (await call(routes.listMyFamilyLinks, {})).items.find((l) => l.id === link_id);
  if (!link?.elder?.community_id) return { message: '家人还没有同意关联，暂时不能为家人下单' };
  const community_id = link.elder.community_id;
  const [slots, categories] = await Promise.all([
    call(routes.listSlots, { params: { community_id }, query: { days: 7 } }),
    topCategories(),
  ]);
  return { link, slots: slots.items.filter((s) => !s.unavailable), categories };
}

/** What the family member has chosen so far, across searches and pages. */
function useChosen() {
  const [chosen, setChosen] = useState<Record<string, ChosenLine>>({});
  const setQuantity = (product: Product, quantity: number) =>
    setChosen((m) => {
      const { [product.id]: _gone, ...rest } = m;
      return quantity > 0 ? { ...rest, [product.id]: { product, quantity } } : rest;
    });
  const lines = Object.values(chosen);
  const total_fen = lines.reduce((sum, l) => sum + l.product.price_fen * l.quantity, 0);
  const quantityOf = (product_id: string) => chosen[product_id]?.quantity ?? 0;
  return { lines, total_fen, setQuantity, quantityOf };
}

/**
 * 为家人下单: search what is sold in the elder's community (words, category, page after page), choose quantities,
 * the elder's address and a delivery slot; the order then waits for the elder's approval at a kiosk. One
 * Idempotency-Key per distinct submission (a retry sends the same one).
 */
export function useProxyOrder() {
  const link_id = Taro.getCurrentInstance().router?.params?.link_id ?? '';
  const [state, setState] = useState<OrderState>({ kind: 'loading' });
  const chosen = useChosen();
  const search = useProductSearch(state.kind === 'ready' ? (state.link.elder?.community_id ?? null) : null, { inStockOnly: true });
  const [addressId, setAddressId] = useState<string | null>(null);
  const [slotKey, setSlotKey] = useState<string | null>(null);
  const [payment, setPayment] = useState<ProxyPayment>('elder_card');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const attempt = useRef<{ body: string; key: string } | null>(null);
  const wechat = useFamilyWechatPay({ onPaid: () => void Taro.redirectTo({ url: FAMILY_PAGES.orders }), setError, setBusy });
  useReachBottom(() => search.more());

  const load = useCallback(async () => {
    try {
      const d = await fetchData(link_id);
      if ('message' in d) return setState({ kind: 'error', message: d.message });
      setState({ kind: 'ready', ...d });
      setAddressId(d.link.elder?.addresses[0]?.id ?? null);
      setSlotKey(d.slots[0]?.slot_key ?? null);
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    }
  }, [link_id]);
  useEffect(() => void load(), [load]);

  async function submit() {
    if (chosen.lines.length === 0) return setError('请至少选一件商品');
    if (!addressId) return setError('家人的地址簿里还没有地址，请家人到服务站登记');
    if (!slotKey) return setError('请选择配送时段');
    const lines = chosen.lines.map((l) => ({ product_id: l.product.id, quantity: l.quantity }));
    const delivery = { kind: 'slot' as const, slot_key: slotKey, address_id: addressId };
    const body = { delivery, lines, expected_total_fen: chosen.total_fen, payment };
    const text = JSON.stringify(body);
    if (attempt.current?.body !== text) attempt.current = { body: text, key: newIdempotencyKey('proxy') };
    setBusy(true);
    setError(null);
    try {
      const placed = await call(routes.placeProxyOrder, { params: { link_id }, body, idempotencyKey: attempt.current.key });
      await wechat.pay(placed);
    } catch (e) {
      if (e instanceof ApiError && e.status < 500) attempt.current = null;
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return {
    ...{ state, load, search, chosen, addressId, setAddressId, slotKey, setSlotKey, busy, error, submit },
    ...{ payment, setPayment, wechat },
  };
}
export type ProxyOrderModel = ReturnType<typeof useProxyOrder>;
