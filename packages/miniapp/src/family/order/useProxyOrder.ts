import { useCallback, useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { ApiError, routes, type FamilyLink, type Product, type ProxyPayment, type Slot } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { newIdempotencyKey } from '../../shop/lib';
import { FAMILY_PAGES } from '../lib';
import { useFamilyWechatPay } from './familyPay';

type Data = { link: FamilyLink; products: Product[]; slots: Slot[] };
export type OrderState = { kind: 'loading' } | { kind: 'error'; message: string } | ({ kind: 'ready' } & Data);

/** The approved link, what is sold in the elder's community, and its delivery slots. */
async function fetchData(link_id: string): Promise<Data | { message: string }> {
  const link = (await call(routes.listMyFamilyLinks, {})).items.find((l) => l.id === link_id);
  if (!link?.elder?.community_id) return { message: '家人还没有同意关联，暂时不能为家人下单' };
  const community_id = link.elder.community_id;
  const [products, slots] = await Promise.all([
    call(routes.searchProducts, { query: { community_id, limit: 20 } }),
    call(routes.listSlots, { params: { community_id }, query: { days: 7 } }),
  ]);
  return { link, products: products.items.filter((p) => p.stock > 0), slots: slots.items.filter((s) => !s.unavailable) };
}

/**
 * 为家人下单: choose goods sold in the elder's community, the elder's address and a delivery slot; the order then waits
 * for the elder's approval at a kiosk. One Idempotency-Key per distinct submission (a retry sends the same one).
 */
export function useProxyOrder() {
  const link_id = Taro.getCurrentInstance().router?.params?.link_id ?? '';
  const [state, setState] = useState<OrderState>({ kind: 'loading' });
  const [quantities, setQuantities] = useState<Record<string, number>>({});
  const [addressId, setAddressId] = useState<string | null>(null);
  const [slotKey, setSlotKey] = useState<string | null>(null);
  const [payment, setPayment] = useState<ProxyPayment>('elder_card');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const attempt = useRef<{ body: string; key: string } | null>(null);
  const wechat = useFamilyWechatPay({ onPaid: () => void Taro.redirectTo({ url: FAMILY_PAGES.orders }), setError, setBusy });

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

  const lines = Object.entries(quantities)
    .filter(([, q]) => q > 0)
    .map(([product_id, quantity]) => ({ product_id, quantity }));
  const total_fen =
    state.kind === 'ready'
      ? lines.reduce((sum, l) => sum + (state.products.find((p) => p.id === l.product_id)?.price_fen ?? 0) * l.quantity, 0)
      : 0;

  async function submit() {
    if (lines.length === 0) return setError('请至少选一件商品');
    if (!addressId) return setError('家人的地址簿里还没有地址，请家人到服务站登记');
    if (!slotKey) return setError('请选择配送时段');
    const body = {
      delivery: { kind: 'slot' as const, slot_key: slotKey, address_id: addressId },
      lines,
      expected_total_fen: total_fen,
      payment,
    };
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

  const setQuantity = (product_id: string, q: number) => setQuantities((m) => ({ ...m, [product_id]: q }));
  return {
    ...{ state, load, quantities, setQuantity, addressId, setAddressId, slotKey, setSlotKey, total_fen, busy, error, submit },
    ...{ payment, setPayment, wechat },
  };
}
export type ProxyOrderModel = ReturnType<typeof useProxyOrder>;
