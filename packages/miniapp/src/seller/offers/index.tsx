import { useCallback, useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button, DatePicker, Input } from '@nutui/nutui-react-taro';
import { formatFen, routes, type Merchant, type Offer, type Product } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { pageParam } from '../../calls-common/lib';
import { fieldErrors, parseCount, parseYuan, when, type Tone } from '../../commerce/lib';
import { useShop } from '../lib/shop';
import '../lib/seller.css';
import { Card, Chips, EmptyView, ErrorView, Field, LoadingView, Notice, Tag, Thumb } from '../../ui';

type Kind = Offer['kind'];
const KIND_NAMES: Record<Kind, string> = { flash_sale: '限时秒杀', group_buy: '社区团购' };
const STATE: Record<Offer['state'], { text: string; tone: Tone }> = {
  upcoming: { text: '未开始', tone: 'info' },
  running: { text: '进行中', tone: 'ok' },
  sold_out: { text: '已抢光', tone: 'warning' },
  ended: { text: '已结束', tone: 'muted' },
};

/** The next whole ten minutes from now. */
function nextTen(from = Date.now()): Date {
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

type Load = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; products: Product[]; offers: Offer[] };

/** 限时活动: a limited quantity at a lower price between two times, with a per-person limit (flash sale or group buy). */
export default function SellerOffers() {
  const { state: shopState, reload: reloadShop } = useShop();
  const shop = shopState.kind === 'ready' ? shopState.shop : null;
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [productId, setProductId] = useState<string | null>(pageParam('product') ?? null);
  /** The product list is folded to the chosen one; 换一个商品 opens it again. */
  const [choosing, setChoosing] = useState(false);
  const [kind, setKind] = useState<Kind>('flash_sale');
  const [title, setTitle] = useState('');
  const [price, setPrice] = useState('');
  const [quantity, setQuantity] = useState('');
  const [limit, setLimit] = useState('2');
  /** null: as soon as it is created. */
  const [starts, setStarts] = useState<Date | null>(null);
  const [ends, setEnds] = useState<Date>(() => nextTen(Date.now() + 2 * 3600_000));
  const [picking, setPicking] = useState<'starts' | 'ends' | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

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

  if (shopState.kind === 'loading' || (shopState.kind === 'ready' && load.kind === 'loading')) return <LoadingView />;
  if (shopState.kind !== 'ready')
    return (
      <View className="page">
        <ErrorView
          message={shopState.kind === 'none' ? '您还没有店铺，请先登记开店' : shopState.message}
          onRetry={() => void reloadShop()}
        />
      </View>
    );
  if (load.kind !== 'ready')
    return (
      <View className="page">
        <ErrorView message={load.kind === 'error' ? load.message : '正在加载…'} onRetry={() => void fetchAll(shopState.shop)} />
      </View>
    );

  const { products, offers } = load;
  const product = products.find((p) => p.id === productId) ?? null;
  const clear = () => {
    setErrors({});
    setDone(null);
  };

  async function create() {
    if (!product) return setErrors({ product: '请选择一个在售商品' });
    const local: Record<string, string> = {};
    const t = (title.trim() || `${product.name} ${KIND_NAMES[kind]}`).slice(0, 40);
    if (t.length < 2) local.title = '活动名称至少 2 个字';
    const priceFen = parseYuan(price, { label: '活动价' });
    if (typeof priceFen === 'string') local.price_fen = priceFen;
    else if (priceFen >= product.price_fen) local.price_fen = `活动价须低于原价 ${formatFen(product.price_fen)}`;
    const total = parseCount(quantity, { min: 1, max: 100_000, label: '活动数量' });
    if (typeof total === 'string') local.quantity_total = total;
    else if (total > product.stock) local.quantity_total = `库存只有 ${product.stock}${product.unit}，活动数量不能更多`;
    const perUser = parseCount(limit, { min: 1, max: 99, label: '每人限购' });
    if (typeof perUser === 'string') local.per_user_limit = perUser;
    else if (typeof total === 'number' && perUser > total) local.per_user_limit = '每人限购不能多于活动数量';
    if (ends.getTime() <= (starts ?? new Date()).getTime()) local.ends_at = '结束时间须晚于开始时间';
    else if (ends.getTime() <= Date.now()) local.ends_at = '结束时间已经过了';
    setErrors(local);
    if (Object.keys(local).length || typeof priceFen !== 'number' || typeof total !== 'number' || typeof perUser !== 'number') return;
    setBusy(true);
    setError(null);
    try {
      const offer = await call(routes.createOffer, {
        params: { product_id: product.id },
        body: {
          kind,
          title: t,
          price_fen: priceFen,
          quantity_total: total,
          per_user_limit: perUser,
          // Now, or later: a start picked a minute ago is now.
          starts_at: new Date(Math.max(starts?.getTime() ?? 0, Date.now())).toISOString(),
          ends_at: ends.toISOString(),
        },
      });
      setLoad((l) => (l.kind === 'ready' ? { ...l, offers: [...l.offers.filter((o) => o.id !== offer.id), offer] } : l));
      setDone(
        `「${offer.title}」已创建：${formatFen(offer.price_fen)}，共 ${offer.quantity_total}${product.unit}，${when(offer.starts_at)} 开始`,
      );
      setTitle('');
      setPrice('');
      setQuantity('');
      void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined);
    } catch (e) {
      setErrors(fieldErrors(e));
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className="page seller-offers">
      {done && (
        <Notice tone="ok" className="seller-offers__done">
          <Text>{done}</Text>
        </Notice>
      )}
      <View className="section-title">
        <Text>进行中和即将开始</Text>
      </View>
      {offers.length === 0 ? (
        <EmptyView title="还没有活动" description="在下面选一个在售商品，设置活动价、数量和时间" />
      ) : (
        offers.map((o) => {
          const p = products.find((x) => x.id === o.product_id);
          return (
            <Card key={o.id} className="seller-offer" data-offer={o.id}>
              <View className="seller-offer__head">
                <Text className="seller-offer__title">{o.title}</Text>
                <Tag tone={STATE[o.state].tone}>{STATE[o.state].text}</Tag>
              </View>
              <Text className="seller-offer__price">
                {formatFen(o.price_fen)}
                <Text className="seller-offer__regular">原价 {formatFen(o.regular_price_fen)}</Text>
              </Text>
              <Text className="biz-muted">
                {KIND_NAMES[o.kind]} · 剩 {o.quantity_left}/{o.quantity_total}
                {p?.unit ?? ''} · 每人限购 {o.per_user_limit}
              </Text>
              <Text className="biz-muted">
                {when(o.starts_at)} 至 {when(o.ends_at)}
              </Text>
            </Card>
          );
        })
      )}

      <View className="section-title">
        <Text>新建活动</Text>
      </View>
      {error && (
        <Notice tone="danger" className="seller-offers__error">
          <Text>{error}</Text>
        </Notice>
      )}
      {products.length === 0 ? (
        <EmptyView title="没有在售的商品" description="商品上架后才能做活动" />
      ) : (
        <View className="biz-form seller-offer-form">
          <Field label="商品" required boxed={false} error={errors.product} className="offer-product">
            <View className="offer-products">
              {(product && !choosing ? [product] : products).map((p) => (
                <View
                  key={p.id}
                  className={`offer-product-choice ${p.id === productId ? 'offer-product-choice--on' : ''}`}
                  role="radio"
                  aria-checked={p.id === productId}
                  data-product={p.id}
                  onClick={() => {
                    setProductId(p.id);
                    setChoosing(false);
                    clear();
                  }}
                >
                  <Thumb alt={p.name} url={p.image_urls[0]} size="xs" />
                  <View className="offer-product-choice__body">
                    <Text className="offer-product-choice__name">{p.name}</Text>
                    <Text className="biz-muted">
                      原价 {formatFen(p.price_fen)}/{p.unit} · 库存 {p.stock}
                    </Text>
                  </View>
                </View>
              ))}
              {product && !choosing && products.length > 1 && (
                <View className="biz-link offer-product-change" role="button" onClick={() => setChoosing(true)}>
                  <Text>换一个商品</Text>
                </View>
              )}
            </View>
          </Field>
          <Field label="活动类型" boxed={false} className="offer-kind">
            <Chips
              options={(['flash_sale', 'group_buy'] as const).map((k) => ({ value: k, label: KIND_NAMES[k] }))}
              value={kind}
              onChange={(k) => {
                setKind(k);
                clear();
              }}
            />
          </Field>
          <Field
            label="活动名称"
            required={false}
            error={errors.title}
            hint={product ? `不填就叫「${product.name} ${KIND_NAMES[kind]}」` : undefined}
            className="offer-title"
          >
            <Input
              placeholder="如：周末鸡蛋特价"
              maxLength={40}
              value={title}
              onChange={(v) => {
                setTitle(v);
                clear();
              }}
            />
          </Field>
          <Field
            label={`活动价（元/${product?.unit ?? '单位'}）`}
            required
            error={errors.price_fen}
            hint={product ? `须低于原价 ${formatFen(product.price_fen)}` : undefined}
            className="offer-price"
          >
            <Text className="biz-field__suffix">¥</Text>
            <Input
              type="digit"
              placeholder="0.00"
              value={price}
              onChange={(v) => {
                setPrice(v);
                clear();
              }}
            />
          </Field>
          <Field
            label="活动数量"
            required
            error={errors.quantity_total}
            hint={product ? `卖完即止；现有库存 ${product.stock}${product.unit}` : undefined}
            className="offer-quantity"
          >
            <Input
              type="number"
              placeholder="如 20"
              value={quantity}
              onChange={(v) => {
                setQuantity(v);
                clear();
              }}
            />
            <Text className="biz-field__suffix">{product?.unit ?? ''}</Text>
          </Field>
          <Field label="每人限购" required error={errors.per_user_limit} className="offer-limit">
            <Input
              type="number"
              value={limit}
              onChange={(v) => {
                setLimit(v);
                clear();
              }}
            />
            <Text className="biz-field__suffix">{product?.unit ?? ''}</Text>
          </Field>
          <Field label="开始时间" required error={errors.starts_at} className="offer-starts">
            <View className="biz-picker-trigger" role="button" onClick={() => setPicking('starts')}>
              <Text>{starts ? when(starts.toISOString()) : '创建后立即开始'}</Text>
            </View>
            {starts && (
              <View className="biz-field__suffix biz-link" role="button" onClick={() => setStarts(null)}>
                <Text>改为立即</Text>
              </View>
            )}
          </Field>
          <Field label="结束时间" required error={errors.ends_at} className="offer-ends">
            <View className="biz-picker-trigger" role="button" onClick={() => setPicking('ends')}>
              <Text>{when(ends.toISOString())}</Text>
            </View>
          </Field>
          <DatePicker
            title={picking === 'ends' ? '结束时间' : '开始时间'}
            type="datetime"
            visible={picking !== null}
            showChinese
            minuteStep={10}
            startDate={new Date()}
            endDate={new Date(Date.now() + 60 * 86_400_000)}
            defaultValue={picking === 'ends' ? ends : (starts ?? nextTen())}
            onClose={() => setPicking(null)}
            onConfirm={(_o, values) => {
              const [y, m, d, h, min] = values.map(Number) as [number, number, number, number, number];
              const at = new Date(y, m - 1, d, h, min);
              if (picking === 'ends') setEnds(at);
              else {
                setStarts(at);
                if (ends.getTime() <= at.getTime()) setEnds(new Date(at.getTime() + 2 * 3600_000));
              }
              clear();
            }}
          />
          <Button type="primary" size="large" block className="offer-submit" loading={busy} disabled={busy} onClick={() => void create()}>
            创建活动
          </Button>
        </View>
      )}
      <Text className="biz-hint seller-offers__note">
        活动价只在活动时间内、数量没卖完时有效，每人不能超过限购；抢购的人再多也不会超卖。只有在售商品能做活动。
      </Text>
    </View>
  );
}
