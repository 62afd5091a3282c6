import { useState } from 'react';
import { routes, type Category, type Merchant, type Product, type ProductUnit, type SupplyPost } from '@cc/shared';
import { call } from '../../api';
import { parseYuan } from '../../commerce/lib';
import { toastProblem } from '../../ui';
import { useLoaded } from './hooks';
import { parseQuantity } from './agri';

export interface ListingForm {
  merchant_id: string | null;
  category_id: string | null;
  unit: ProductUnit | null;
  per: string;
  price: string;
  stock: string;
}
type Errors = Partial<Record<keyof ListingForm, string>>;

/** Leaf categories only: a product sits in the narrowest one. */
const leaves = (all: Category[]) => all.filter((c) => !all.some((o) => o.parent_id === c.id));

/** The checks of the form, in the words people read; the body when they pass. */
function check(f: ListingForm) {
  const errors: Errors = {};
  if (!f.merchant_id) errors.merchant_id = '请选择店铺';
  if (!f.category_id) errors.category_id = '请选择商品分类';
  if (!f.unit) errors.unit = '请选择零售单位';
  const per = parseQuantity(f.per, '每份数量');
  if (typeof per === 'string') errors.per = per;
  const price = parseYuan(f.price, { label: '零售价' });
  if (typeof price === 'string') errors.price = price;
  const stock = /^\d{1,6}$/.test(f.stock.trim()) && Number(f.stock) >= 1 ? Number(f.stock) : null;
  if (stock === null) errors.stock = '库存应为 1 以上的整数';
  if (Object.keys(errors).length) return { errors };
  return {
    errors,
    body: {
      merchant_id: f.merchant_id!,
      category_id: f.category_id!,
      unit: f.unit!,
      base_per_unit: per as number,
      price_fen: price as number,
      stock: stock!,
    },
  };
}

/** 一键上架 of one supply post: the farmer's verified shops and the categories, the form, and the product made. */
export function useShopListing(post: SupplyPost) {
  const loaded = useLoaded(async () => {
    const [mine, cats] = await Promise.all([call(routes.listMyMerchants, { query: {} }), call(routes.listCategories, {})]);
    const shops = mine.items.filter((m: Merchant) => m.verification.status === 'verified');
    return { shops, categories: leaves(cats.items) };
  }, []);
  const [form, setForm] = useState<ListingForm>({ merchant_id: null, category_id: null, unit: null, per: '1', price: '', stock: '' });
  const [errors, setErrors] = useState<Errors>({});
  const [listed, setListed] = useState<Product | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<ListingForm>) => setForm((f) => ({ ...f, ...patch }));
  const shops = loaded.state.kind === 'ready' ? loaded.state.data.shops : [];
  const chosen = { ...form, merchant_id: form.merchant_id ?? (shops.length === 1 ? shops[0]!.id : null) };
  const submit = async () => {
    const { errors: found, body } = check(chosen);
    setErrors(found);
    if (!body || busy) return;
    setBusy(true);
    try {
      setListed(await call(routes.listSupplyInShop, { params: { post_id: post.id }, body }));
    } catch (e) {
      toastProblem(e);
    } finally {
      setBusy(false);
    }
  };
  return { ...loaded, form: chosen, set, errors, submit, busy, listed };
}
export type ShopListingState = ReturnType<typeof useShopListing>;
