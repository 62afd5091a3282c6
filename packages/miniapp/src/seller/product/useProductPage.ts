import { useCallback, useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { routes, type Category, type Merchant, type Product } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { SELLER_PAGES } from '../../commerce/lib';
import { useMessages } from '../../farmer/lib/hooks';
import { useShop } from '../lib/shop';
import { changesOf, checkForm, createBody, formOf, type Form } from './form';

export type Load =
  { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; categories: Category[]; product: Product | null };

/** The categories and, for ?id=, the seller's own product in any state (GET /api/v1/me/products/:id). */
function useLoad(id: string | null, shop: Merchant | null, setForm: (f: Form) => void) {
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const fetchAll = useCallback(
    async (s: Merchant) => {
      setLoad({ kind: 'loading' });
      try {
        const [{ items: categories }, product] = await Promise.all([
          call(routes.listCategories, {}),
          id ? call(routes.getMyProduct, { params: { product_id: id } }) : Promise.resolve(null),
        ]);
        setLoad({ kind: 'ready', categories, product });
        setForm(formOf(product, s, categories));
      } catch (e) {
        setLoad({ kind: 'error', message: errorMessage(e) });
      }
    },
    [id],
  );
  useEffect(() => {
    if (shop) void fetchAll(shop);
  }, [shop?.id, fetchAll]);
  return { load, setLoad, fetchAll };
}

/** 发布商品 or one product: its loading, form and the actions on it. */
export function useProductPage(id: string | null) {
  const shopHook = useShop();
  const shop = shopHook.state.kind === 'ready' ? shopHook.state.shop : null;
  const [form, setForm] = useState<Form | null>(null);
  const { load, setLoad, fetchAll } = useLoad(id, shop, setForm);
  const m = useMessages();

  const set = (patch: Partial<Form>) => {
    setForm((f) => (f ? { ...f, ...patch } : f));
    m.setErrors({});
    m.setDone(null);
  };
  const changed = (next: Product, message: string) => {
    setLoad((l) => (l.kind === 'ready' ? { ...l, product: next } : l));
    m.setDone(message);
    m.setError(null);
  };
  const checked = (editing: boolean) => {
    if (!form) return null;
    const { errors, ok } = checkForm(form, editing);
    m.setErrors(errors);
    return ok;
  };

  const create = (status: 'draft' | 'on_sale') => {
    const c = checked(false);
    if (!c || !form || !shop) return;
    void m.run(status, async () => {
      const p = await call(routes.createProduct, { params: { merchant_id: shop.id }, body: createBody(form, c, status) });
      void Taro.redirectTo({ url: `${SELLER_PAGES.product}?id=${p.id}&created=${status}` });
    });
  };
  const save = (p: Product) => {
    const c = checked(true);
    if (!c || !form || !shop || load.kind !== 'ready') return;
    const body = changesOf(form, c, p);
    if (Object.keys(body).length === 0) return m.setDone('没有修改');
    void m.run('save', async () => {
      const next = await call(routes.updateProduct, { params: { product_id: p.id }, body });
      changed(next, '已保存');
      setForm(formOf(next, shop, load.categories));
    });
  };
  const setStatus = (p: Product, status: 'on_sale' | 'off_sale') =>
    void m.run(status, async () => {
      const next = await call(routes.setProductStatus, { params: { product_id: p.id }, body: { status } });
      changed(next, status === 'on_sale' ? '已上架，居民现在可以购买' : '已下架');
    });

  return { shopHook, shop, load, fetchAll, form, set, changed, create, save, setStatus, ...m };
}
export type ProductPage = ReturnType<typeof useProductPage>;
