import { useCallback, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { routes, type Community, type Me, type Merchant } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { pageParam } from '../../calls-common/lib';
import { SELLER_PAGES, fieldErrors } from '../../commerce/lib';
import { chooseShop } from '../lib/shop';
import { changesOf, checkProfile, createBody, formOf, type Form } from './form';

export type State =
  { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; me: Me; communities: Community[]; shop: Merchant | null };

/** The person, the communities and, for ?id=, the shop; read once when first shown. */
function useProfileLoad(id: string | undefined, setForm: (f: Form) => void) {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const load = useCallback(async () => {
    setState({ kind: 'loading' });
    try {
      const [me, communities, mine] = await Promise.all([
        call(routes.getMe, {}),
        call(routes.listCommunities, { query: { limit: 100 } }),
        id ? call(routes.listMyMerchants, {}) : Promise.resolve({ items: [] as Merchant[] }),
      ]);
      const shop = id ? (mine.items.find((m) => m.id === id) ?? null) : null;
      if (id && !shop) return setState({ kind: 'error', message: '找不到这家店铺' });
      setState({ kind: 'ready', me, communities: communities.items, shop });
      setForm(formOf(shop, me));
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    }
  }, [id]);
  const [loaded, setLoaded] = useState(false);
  useDidShow(() => {
    if (!loaded) void load();
    setLoaded(true);
  });
  return { state, setState, load };
}

/** 登记开店 or 店铺资料: loading, the form, and saving (a new shop goes straight on to its verification). */
export function useProfile() {
  const id = pageParam('id');
  const [form, setForm] = useState<Form | null>(null);
  const { state, setState, load } = useProfileLoad(id, setForm);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const set = (patch: Partial<Form>) => {
    setForm((f) => (f ? { ...f, ...patch } : f));
    setErrors({});
    setSaved(false);
  };

  async function saveAs(f: Form, me: Me, shop: Merchant | null) {
    if (shop) {
      const body = changesOf(f, shop);
      if (Object.keys(body).length) {
        const next = await call(routes.updateMerchant, { params: { merchant_id: shop.id }, body });
        setState((s) => (s.kind === 'ready' ? { ...s, shop: next } : s));
      }
      return setSaved(true);
    }
    const created = await call(routes.createMerchant, { body: createBody(f, me.community_id!) });
    chooseShop(created.id);
    // Straight on to the verification: nothing can be sold before it.
    void Taro.redirectTo({ url: `${SELLER_PAGES.verify}?id=${created.id}&new=1` });
  }

  async function save() {
    if (state.kind !== 'ready' || !form) return;
    const local = checkProfile(form);
    setErrors(local);
    if (Object.keys(local).length) return;
    if (!state.shop && !state.me.community_id) return setError('请先回到首页选择您所在的社区或村，店铺登记在那里');
    setBusy(true);
    setError(null);
    try {
      await saveAs(form, state.me, state.shop);
    } catch (e) {
      setErrors(fieldErrors(e));
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return { state, load, form, set, errors, error, busy, saved, save };
}

export type ProfilePage = ReturnType<typeof useProfile>;
