import { useCallback, useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button, DatePicker, Input, TextArea } from '@nutui/nutui-react-taro';
import {
  PRICE_MAX_FEN,
  PRODUCT_IMAGES_MAX,
  PRODUCT_UNITS,
  STOCK_MAX,
  fenToYuanString,
  formatFen,
  fromShanghai,
  routes,
  shanghaiDate,
  type Category,
  type Merchant,
  type Product,
  type ProductUnit,
  type RouteInput,
} from '@cc/shared';
import { call, errorMessage } from '../../api';
import { ErrorView, LoadingView } from '../../components/StateView';
import { pageParam } from '../../calls-common/lib';
import { Card, Chips, Field, Notice, ProductStatusTag } from '../../commerce/components';
import { SELLER_PAGES, fieldErrors, parseCount, parseYuan, when } from '../../commerce/lib';
import { ImagePicker, type Picture } from '../lib/ImagePicker';
import { findProduct, useShop } from '../lib/shop';
import '../lib/seller.css';

interface Form {
  name: string;
  top: string | null;
  category_id: string | null;
  unit: ProductUnit | null;
  price: string;
  stock: string;
  spec: string;
  description: string;
  origin_village: string;
  harvest_date: string;
  keywords: string;
  images: Picture[];
}

function formOf(p: Product | null, shop: Merchant, categories: Category[]): Form {
  if (!p)
    return {
      name: '',
      top: null,
      category_id: null,
      unit: null,
      price: '',
      stock: '',
      spec: '',
      description: '',
      origin_village: shop.origin_village ?? '',
      harvest_date: '',
      keywords: '',
      images: [],
    };
  const cat = categories.find((c) => c.id === p.category_id);
  return {
    name: p.name,
    top: cat?.path[0] ?? null,
    category_id: p.category_id,
    unit: p.unit,
    price: fenToYuanString(p.price_fen),
    stock: String(p.stock),
    spec: p.spec,
    description: p.description,
    origin_village: p.origin_village ?? '',
    harvest_date: p.harvest_date ?? '',
    keywords: p.keywords.join(' '),
    images: p.images.map((id, i) => ({ id, url: p.image_urls[i] ?? '' })),
  };
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The stock of a product moved up or down by a number of units (atomic on the server, never below 0). */
function StockBox({ product, onChanged }: { product: Product; onChanged(p: Product, message: string): void }) {
  const [amount, setAmount] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'add' | 'take' | null>(null);
  async function move(sign: 1 | -1) {
    const n = parseCount(amount, { min: 1, max: STOCK_MAX, label: '数量' });
    if (typeof n === 'string') return setError(n);
    if (sign < 0 && n > product.stock) return setError(`库存只有 ${product.stock}${product.unit}，最多减少 ${product.stock}`);
    setBusy(sign > 0 ? 'add' : 'take');
    setError(null);
    try {
      const next = await call(routes.adjustProductStock, { params: { product_id: product.id }, body: { delta: sign * n } });
      setAmount('');
      onChanged(next, `库存${sign > 0 ? '增加' : '减少'} ${n}${product.unit}，现在 ${next.stock}${next.unit}`);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  }
  return (
    <Card title="库存" className="seller-stock">
      <Text className="seller-stock__now">
        现有 <Text className="seller-stock__number">{product.stock}</Text> {product.unit}
        {product.stock === 0 ? '（已售罄）' : ''}
      </Text>
      <Text className="biz-muted">
        下单时库存即被预留，付款超时取消会自动退回。进货后点「增加库存」，损耗或在店里卖掉了点「减少库存」。
      </Text>
      <Field label="数量" error={error} className="seller-stock__amount">
        <Input
          type="number"
          placeholder="如 20"
          value={amount}
          onChange={(t) => {
            setAmount(t);
            setError(null);
          }}
        />
        <Text className="biz-field__suffix">{product.unit}</Text>
      </Field>
      <View className="biz-actions biz-actions--row">
        <Button type="primary" className="seller-stock__add" loading={busy === 'add'} disabled={!!busy} onClick={() => void move(1)}>
          增加库存
        </Button>
        <Button fill="outline" className="seller-stock__take" loading={busy === 'take'} disabled={!!busy} onClick={() => void move(-1)}>
          减少库存
        </Button>
      </View>
    </Card>
  );
}

type Load = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; categories: Category[]; product: Product | null };

/** 发布商品 (no id) or a product's page (?id=): the details, photos, stock, 上架 / 下架, a limited offer. */
export default function SellerProduct() {
  const id = pageParam('id') ?? null;
  const { state: shopState, reload: reloadShop } = useShop();
  const shop = shopState.kind === 'ready' ? shopState.shop : null;
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [form, setForm] = useState<Form | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [dateOpen, setDateOpen] = useState(false);

  const fetchAll = useCallback(
    async (s: Merchant) => {
      setLoad({ kind: 'loading' });
      try {
        const [{ items: categories }, product] = await Promise.all([
          call(routes.listCategories, {}),
          id ? findProduct(s.id, id) : Promise.resolve(null),
        ]);
        if (id && !product) return setLoad({ kind: 'error', message: '找不到这个商品，可能已被删除' });
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

  if (shopState.kind === 'loading' || (shopState.kind === 'ready' && (load.kind === 'loading' || (load.kind === 'ready' && !form))))
    return <LoadingView />;
  if (shopState.kind !== 'ready')
    return (
      <View className="page">
        <ErrorView
          message={shopState.kind === 'none' ? '您还没有店铺，请先登记开店' : shopState.message}
          onRetry={() => void reloadShop()}
        />
      </View>
    );
  if (load.kind === 'error')
    return (
      <View className="page">
        <ErrorView message={load.message} onRetry={() => void fetchAll(shopState.shop)} />
      </View>
    );
  if (load.kind !== 'ready' || !form) return <LoadingView />;

  const s = shopState.shop;
  const { categories, product } = load;
  const f = form;
  const canSell = s.verification.status === 'verified';
  const tops = categories.filter((c) => c.parent_id === null).sort((a, b) => a.order - b.order);
  const subs = categories.filter((c) => c.parent_id === f.top).sort((a, b) => a.order - b.order);
  const set = (patch: Partial<Form>) => {
    setForm({ ...f, ...patch });
    setErrors({});
    setDone(null);
  };
  const changed = (next: Product, message: string) => {
    setLoad({ ...load, product: next });
    setDone(message);
    setError(null);
  };

  /** The form checked here (Chinese messages under the fields); null when something is wrong. */
  function checked() {
    const local: Record<string, string> = {};
    if (f.name.trim().length < 2) local.name = '商品名称至少 2 个字';
    if (!f.category_id) local.category_id = f.top ? '请再选一个小类' : '请选择分类';
    if (!f.unit) local.unit = '请选择单位';
    const price = parseYuan(f.price, { max: PRICE_MAX_FEN });
    if (typeof price === 'string') local.price_fen = price;
    const stock = product ? 0 : parseCount(f.stock, { min: 0, max: STOCK_MAX, label: '库存' });
    if (typeof stock === 'string') local.stock = stock;
    const village = f.origin_village.trim();
    if (village && village.length < 2) local.origin_village = '产地至少 2 个字';
    const keywords = f.keywords.split(/[\s,，、]+/).filter(Boolean);
    if (keywords.length > 10) local.keywords = '关键词最多 10 个';
    setErrors(local);
    if (Object.keys(local).length || typeof price !== 'number' || typeof stock !== 'number') return null;
    return { price_fen: price, stock, village, keywords };
  }

  async function create(status: 'draft' | 'on_sale') {
    const c = checked();
    if (!c) return;
    setBusy(status);
    setError(null);
    try {
      const p = await call(routes.createProduct, {
        params: { merchant_id: s.id },
        body: {
          name: f.name.trim(),
          category_id: f.category_id!,
          unit: f.unit!,
          price_fen: c.price_fen,
          stock: c.stock,
          status,
          ...(f.spec.trim() ? { spec: f.spec.trim() } : {}),
          ...(f.description.trim() ? { description: f.description.trim() } : {}),
          ...(c.village ? { origin_village: c.village } : {}),
          ...(f.harvest_date ? { harvest_date: f.harvest_date } : {}),
          ...(c.keywords.length ? { keywords: c.keywords } : {}),
          ...(f.images.length ? { images: f.images.map((i) => i.id) } : {}),
        },
      });
      void Taro.redirectTo({ url: `${SELLER_PAGES.product}?id=${p.id}&created=${status}` });
    } catch (e) {
      setErrors(fieldErrors(e));
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  async function save(p: Product) {
    const c = checked();
    if (!c) return;
    const body: NonNullable<RouteInput<typeof routes.updateProduct>['body']> = {};
    if (f.name.trim() !== p.name) body.name = f.name.trim();
    if (f.category_id !== p.category_id) body.category_id = f.category_id!;
    if (f.unit !== p.unit) body.unit = f.unit!;
    if (c.price_fen !== p.price_fen) body.price_fen = c.price_fen;
    if (f.spec.trim() !== p.spec) body.spec = f.spec.trim();
    if (f.description.trim() !== p.description) body.description = f.description.trim();
    if ((c.village || null) !== p.origin_village) body.origin_village = c.village || null;
    if ((f.harvest_date || null) !== p.harvest_date) body.harvest_date = f.harvest_date || null;
    if (!sameList(c.keywords, p.keywords)) body.keywords = c.keywords;
    if (
      !sameList(
        f.images.map((i) => i.id),
        p.images,
      )
    )
      body.images = f.images.map((i) => i.id);
    if (Object.keys(body).length === 0) return setDone('没有修改');
    setBusy('save');
    setError(null);
    try {
      const next = await call(routes.updateProduct, { params: { product_id: p.id }, body });
      changed(next, '已保存');
      setForm(formOf(next, s, categories));
    } catch (e) {
      setErrors(fieldErrors(e));
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  async function setStatus(p: Product, status: 'on_sale' | 'off_sale') {
    setBusy(status);
    setError(null);
    try {
      changed(
        await call(routes.setProductStatus, { params: { product_id: p.id }, body: { status } }),
        status === 'on_sale' ? '已上架，居民现在可以购买' : '已下架',
      );
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  const created = pageParam('created');
  const today = shanghaiDate(new Date());
  return (
    <View className="page seller-product-page">
      {!product && <Text className="page-title">发布商品</Text>}
      {product && (
        <Card className="seller-product-head">
          <View className="seller-product-head__row">
            <Text className="seller-product-head__name">{product.name}</Text>
            <ProductStatusTag status={product.status} />
          </View>
          <Text className="seller-product-head__facts">
            {formatFen(product.price_fen)}/{product.unit} · 库存 {product.stock}
            {product.unit} · 已售 {product.sold_count}
          </Text>
          <Text className="biz-muted seller-product-head__sku">
            SKU <Text className="biz-mono">{product.sku}</Text>
          </Text>
        </Card>
      )}
      {created && !done && (
        <Notice tone="ok" className="seller-product__created">
          <Text>{created === 'on_sale' ? '商品已发布并上架' : '商品已存为草稿，确认无误后点「上架」'}</Text>
        </Notice>
      )}
      {done && (
        <Notice tone="ok" className="seller-product__done">
          <Text>{done}</Text>
        </Notice>
      )}
      {error && (
        <Notice tone="danger" className="seller-product__error">
          <Text>{error}</Text>
        </Notice>
      )}
      {product?.hidden && (
        <Notice tone="danger" title="商品被服务站隐藏" className="seller-product__hidden-notice">
          <Text>
            {when(product.hidden.at)}：{product.hidden.reason}。居民看不到它；请按原因修改后联系社区服务站恢复。
          </Text>
        </Notice>
      )}

      {product && product.status !== 'hidden_by_operator' && (
        <Card title="上架状态" className="seller-status">
          <Text className="biz-muted">
            {product.status === 'on_sale'
              ? '在售：服务社区的居民可以搜索和购买。'
              : canSell
                ? '未上架：居民看不到。'
                : '店铺实名认证通过后才能上架。'}
          </Text>
          <View className="biz-actions biz-actions--row">
            {product.status === 'on_sale' ? (
              <>
                <Button
                  fill="outline"
                  className="seller-status__off"
                  loading={busy === 'off_sale'}
                  disabled={!!busy}
                  onClick={() => void setStatus(product, 'off_sale')}
                >
                  下架
                </Button>
                <Button
                  type="primary"
                  className="seller-status__offer"
                  onClick={() => void Taro.navigateTo({ url: `${SELLER_PAGES.offers}?product=${product.id}` })}
                >
                  做限时活动
                </Button>
              </>
            ) : (
              <Button
                type="primary"
                className="seller-status__on"
                loading={busy === 'on_sale'}
                disabled={!!busy || !canSell}
                onClick={() => void setStatus(product, 'on_sale')}
              >
                上架销售
              </Button>
            )}
          </View>
        </Card>
      )}
      {product && <StockBox product={product} onChanged={changed} />}

      <View className="biz-form">
        {product && <Text className="biz-card__title">商品信息</Text>}
        <Field label="图片" required={false} boxed={false} className="seller-images-field">
          <ImagePicker value={f.images} max={PRODUCT_IMAGES_MAX} onChange={(images) => set({ images })} />
        </Field>
        <Field label="商品名称" required error={errors.name} className="product-name">
          <Input placeholder="如：高山小青菜" maxLength={60} value={f.name} onChange={(name) => set({ name })} />
        </Field>
        <Field label="分类" required boxed={false} error={errors.category_id} className="product-category">
          <Chips
            small
            className="product-category__top"
            options={tops.map((c) => ({ value: c.id, label: c.name }))}
            value={f.top}
            onChange={(top) => set({ top, category_id: null })}
          />
          {f.top && (
            <View className="product-category__subs">
              <Chips
                small
                options={subs.map((c) => ({ value: c.id, label: c.name }))}
                value={f.category_id}
                onChange={(category_id) => set({ category_id })}
              />
            </View>
          )}
        </Field>
        <Field label="单位" required boxed={false} error={errors.unit} className="product-unit">
          <Chips small options={PRODUCT_UNITS.map((u) => ({ value: u, label: u }))} value={f.unit} onChange={(unit) => set({ unit })} />
        </Field>
        <Field
          label={`价格（元/${f.unit ?? '单位'}）`}
          required
          error={errors.price_fen}
          hint="如 3.50，最多两位小数"
          className="product-price"
        >
          <Text className="biz-field__suffix">¥</Text>
          <Input type="digit" placeholder="0.00" value={f.price} onChange={(price) => set({ price })} />
        </Field>
        {!product && (
          <Field label="库存" required error={errors.stock} className="product-stock">
            <Input type="number" placeholder="现在能卖多少" value={f.stock} onChange={(stock) => set({ stock })} />
            <Text className="biz-field__suffix">{f.unit ?? ''}</Text>
          </Field>
        )}
        <Field label="规格" required={false} error={errors.spec} className="product-spec">
          <Input placeholder="如：约 500 克/份、5 公斤/袋" maxLength={40} value={f.spec} onChange={(spec) => set({ spec })} />
        </Field>
        <Field label="产地" required={false} error={errors.origin_village} className="product-village">
          <Input placeholder="如：径山村" maxLength={40} value={f.origin_village} onChange={(origin_village) => set({ origin_village })} />
        </Field>
        <Field label="采收日期" required={false} error={errors.harvest_date} className="product-harvest">
          <View
            className={`biz-picker-trigger ${f.harvest_date ? '' : 'biz-picker-trigger--empty'}`}
            role="button"
            onClick={() => setDateOpen(true)}
          >
            <Text>{f.harvest_date || '选择日期（蔬菜水果建议填写）'}</Text>
          </View>
          {f.harvest_date && (
            <View className="biz-field__suffix biz-link" role="button" onClick={() => set({ harvest_date: '' })}>
              <Text>清除</Text>
            </View>
          )}
        </Field>
        <Field
          label="关键词"
          required={false}
          error={errors.keywords}
          hint="用空格分开，方便居民搜到，如：青菜 上海青"
          className="product-keywords"
        >
          <Input placeholder="最多 10 个" value={f.keywords} onChange={(keywords) => set({ keywords })} />
        </Field>
        <Field label="商品描述" required={false} error={errors.description} className="product-description">
          <TextArea
            placeholder="怎么种的、什么口感、怎么保存"
            maxLength={1000}
            rows={3}
            autoSize
            value={f.description}
            onChange={(description) => set({ description })}
          />
        </Field>
      </View>
      <DatePicker
        title="采收日期"
        type="date"
        visible={dateOpen}
        showChinese
        startDate={fromShanghai('2020-01-01', '12:00')}
        endDate={fromShanghai(today, '12:00')}
        defaultValue={fromShanghai(f.harvest_date || today, '12:00')}
        onClose={() => setDateOpen(false)}
        onConfirm={(_o, values) => {
          const [y, m, d] = values.map((v) => String(v).padStart(2, '0'));
          set({ harvest_date: `${y}-${m}-${d}` });
        }}
      />

      {product ? (
        <Button
          type="primary"
          size="large"
          block
          className="product-save"
          loading={busy === 'save'}
          disabled={!!busy}
          onClick={() => void save(product)}
        >
          保存修改
        </Button>
      ) : (
        <View className="biz-actions">
          <Button
            type="primary"
            size="large"
            block
            className="product-create-sell"
            loading={busy === 'on_sale'}
            disabled={!!busy || !canSell}
            onClick={() => void create('on_sale')}
          >
            发布并上架
          </Button>
          <Button
            fill="outline"
            size="large"
            block
            className="product-create-draft"
            loading={busy === 'draft'}
            disabled={!!busy}
            onClick={() => void create('draft')}
          >
            存为草稿
          </Button>
          {!canSell && <Text className="biz-muted seller-center">店铺实名认证通过后才能上架，现在先存为草稿。</Text>}
        </View>
      )}
    </View>
  );
}
