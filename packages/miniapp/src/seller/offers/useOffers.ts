import { useCallback, useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { formatFen, routes, type Merchant, type Offer, type Product } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { pageParam } from '../../calls-common/lib';
import { fieldErrors, parseCount, parseYuan, when, type Tone } from '../../commerce/lib';
import { useShop } from '../lib/shop';

export type Kind = Offer['kind'];
export const KIND_NAMES: Record<Kind, string> = { flash_sale: '限时秒杀', group_buy: '社区团购' };
export const OFFER_STATES: Record<Offer['state'], { text: string; tone: Tone }> = {
  upcoming: { text: '未开始', tone: 'info' },
  running: { text: '进行中', tone: 'ok' },
  sold_out: { text: '已抢光', tone: 'warning' },
  ended: { text: '已结束', tone: 'muted' },
};

/** The next whole ten minutes from now. */
export function nextTen(from = Date.now()): Date {
  const d = new Date(from + 60_000);
  d.setSeconds(0, 0);
  d.setMinutes(Math.ceil(d.getMinutes() / 10) * 10);
  return d;
}

/** The shop's offers that run or will run: listOffers is per community, so each served community is asked. */
async function offersOf(shop: Merchant): Promise<Offer[]> {
  const pages = await Promise.all(shop.serves_community_ids.map((community_id) => call(routes.listOffers, { params: { community_id } })));
  const byId = new Map<string, Offer>();
  for (const p of pages) for (const o of p.items) if (o.merchant_id === shop.id) byId.set(o.id, o);
  return [...byId.values()].sort((a, b) => a.starts_at.localeCompare(b.starts_at));
}

export type Load = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; products: Product[]; offers: Offer[] };

export interface OfferForm {
  productId: string | null;
  /** The product list is folded to the chosen one; 换一个商品 opens it again. */
  choosing: boolean;
  kind: Kind;
  title: string;
  price: string;
  quantity: string;
  limit: string;
  /** null: as soon as it is created. */
  starts: Date | null;
  ends: Date;
  picking: 'starts' | 'ends' | null;
}

type Body = { title: string; price_fen: number; quantity_total: number; per_user_limit: number };

/** The form checked against the product: the request's numbers, or the words of each wrong field. */
export function checkOffer(f: OfferForm, product: Product): { body: Body } | { errors: Record<string, string> } {
  const local: Record<string, string> = {};
  const title = (f.title.trim() || `${product.name} ${KIND_NAMES[f.kind]}`).slice(0, 40);
  if (title.length < 2) local.title = '活动名称至少 2 个字';
  const priceFen = parseYuan(f.price, { label: '活动价' });
  if (typeof priceFen === 'string') local.price_fen = priceFen;
  else if (priceFen >= product.price_fen) local.price_fen = `活动价须低于原价 ${formatFen(product.price_fen)}`;
  const total = parseCount(f.quantity, { min: 1, max: 100_000, label: '活动数量' });
  if (typeof total === 'string') local.quantity_total = total;
  else if (total > product.stock) local.quantity_total = `库存只有 ${product.stock}${product.unit}，活动数量不能更多`;
  const perUser = parseCount(f.limit, { min: 1, max: 99, label: '每人限购' });
  if (typeof perUser === 'string') local.per_user_limit = perUser;
  else if (typeof total === 'number' && perUser > total) local.per_user_limit = '每人限购不能多于活动数量';
  if (f.ends.getTime() <= (f.starts ?? new Date()).getTime()) local.ends_at = '结束时间须晚于开始时间';
  else if (f.ends.getTime() <= Date.now()) local.ends_at = '结束时间已经过了';
  if (Object.keys(local).length || typeof priceFen !== 'number' || typeof total !== 'number' || typeof perUser !== 'number')
    return { errors: local };
  return { body: { title, price_fen: priceFen, quantity_total: total, per_user_limit: perUser } };
}

/** The shop's on-sale products and its offers. */
function useOfferData(shop: Merchant | null) {
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const fetchAll = useCallback(async (s: Merchant) => {
    try {
      const [products, offers] = await Promise.all([
        call(routes.listMerchantProducts, { params: { merchant_id: s.id }, query: { status: 'on_sale', limit: 100 } }),
        offersOf(s),
      ]);
      setLoad({ kind: 'ready', products: products.items, offers });
    } catch (e) {
      setLoad({ kind: 'error', message: errorMessage(e) });
    }
  }, []);
  useEffect(() => {
    if (shop) void fetchAll(shop);
  }, [shop?.id, fetchAll]);
  const added = (offer: Offer) =>
    setLoad((l) => (l.kind === 'ready' ? { ...l, offers: [...l.offers.filter((o) => o.id !== offer.id), offer] } : l));
  return { load, fetchAll, added };
}

const blankForm = (): OfferForm => ({
  productId: pageParam('product') ?? null,
  choosing: false,
  kind: 'flash_sale',
  title: '',
  price: '',
  quantity: '',
  limit: '2',
  starts: null,
  ends: nextTen(Date.now() + 2 * 3600_000),
  picking: null,
});

/** 限时活动: the shop, its products and offers, the new offer's form and its creation. */
export function useOffers() {
  const { state: shopState, reload: reloadShop } = useShop();
  const shop = shopState.kind === 'ready' ? shopState.shop : null;
  const { load, fetchAll, added } = useOfferData(shop);
  const [form, setForm] = useState<OfferForm>(blankForm);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const products = load.kind === 'ready' ? load.products : [];
  const product = products.find((p) => p.id === form.productId) ?? null;
  /** A change to the form clears the last messages; opening a picker does not. */
  const set = (patch: Partial<OfferForm>, quiet = false) => {
    setForm((f) => ({ ...f, ...patch }));
    if (quiet) return;
    setErrors({});
    setDone(null);
  };

  async function create() {
    if (!product) return setErrors({ product: '请选择一个在售商品' });
    const checked = checkOffer(form, product);
    if ('errors' in checked) return setErrors(checked.errors);
    setErrors({});
    setBusy(true);
    setError(null);
    try {
      const offer = await call(routes.createOffer, {
        params: { product_id: product.id },
        body: {
          kind: form.kind,
          ...checked.body,
          // Now, or later: a start picked a minute ago is now.
          starts_at: new Date(Math.max(form.starts?.getTime() ?? 0, Date.now())).toISOString(),
          ends_at: form.ends.toISOString(),
        },
      });
      added(offer);
      const what = `${formatFen(offer.price_fen)}，共 ${offer.quantity_total}${product.unit}，${when(offer.starts_at)} 开始`;
      setDone(`「${offer.title}」已创建：${what}`);
      setForm((f) => ({ ...f, title: '', price: '', quantity: '' }));
      void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined);
    } catch (e) {
      setErrors(fieldErrors(e));
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return { shopState, reloadShop, load, fetchAll, form, set, product, errors, error, done, busy, create };
}

export type OffersPage = ReturnType<typeof useOffers>;
