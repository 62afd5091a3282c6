import { useEffect, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { formatFen, routes, type Product, type ProductStatus } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { pageParam } from '../../calls-common/lib';
import { StatusTabs } from '../../commerce/components';
import { SELLER_PAGES, usePaged, when } from '../../commerce/lib';
import { useShop } from '../lib/shop';
import '../lib/seller.css';
import { EmptyView, ErrorView, LoadingView, MoreLine, Notice, PRODUCT_STATUS_NAMES, ProductStatusTag, Thumb } from '../../ui';

type Tab = ProductStatus | 'all';
const TABS: { value: Tab; label: string }[] = [
  { value: 'on_sale', label: '在售' },
  { value: 'draft', label: '草稿' },
  { value: 'off_sale', label: '已下架' },
  { value: 'hidden_by_operator', label: '被隐藏' },
  { value: 'all', label: '全部' },
];

/** One product: picture, name, price per unit, stock, sales, status; 编辑 and 上架 / 下架 right here. */
function ProductRow({
  product: p,
  canSell,
  onChanged,
}: {
  product: Product;
  canSell: boolean;
  onChanged(p: Product, message: string): void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function toggle() {
    const status = p.status === 'on_sale' ? 'off_sale' : 'on_sale';
    setBusy(true);
    setError(null);
    try {
      const next = await call(routes.setProductStatus, { params: { product_id: p.id }, body: { status } });
      onChanged(next, status === 'on_sale' ? `「${p.name}」已上架` : `「${p.name}」已下架`);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <View className="biz-card seller-product" data-product={p.id} data-sku={p.sku}>
      <View className="seller-product__main" onClick={() => void Taro.navigateTo({ url: `${SELLER_PAGES.product}?id=${p.id}` })}>
        <Thumb alt={p.name} url={p.image_urls[0]} size="sm" />
        <View className="seller-product__body">
          <View className="seller-product__head">
            <Text className="seller-product__name">{p.name}</Text>
            <ProductStatusTag status={p.status} />
          </View>
          <Text className="biz-muted">
            {p.category_name}
            {p.spec ? ` · ${p.spec}` : ''}
          </Text>
          <Text className="seller-product__price">
            {formatFen(p.price_fen)}
            <Text className="seller-product__unit">/{p.unit}</Text>
          </Text>
          <Text className={`seller-product__stock ${p.stock === 0 ? 'seller-product__stock--out' : ''}`}>
            库存 {p.stock}
            {p.unit}
            {p.stock === 0 ? '（已售罄）' : ''} · 已售 {p.sold_count}
          </Text>
        </View>
      </View>
      {p.hidden && (
        <Text className="seller-product__hidden">
          服务站 {when(p.hidden.at)} 隐藏：{p.hidden.reason}
        </Text>
      )}
      {error && (
        <Notice tone="danger" className="seller-product__error">
          <Text>{error}</Text>
        </Notice>
      )}
      <View className="biz-actions biz-actions--row seller-product__actions">
        <Button
          fill="outline"
          className="seller-product__edit"
          onClick={() => void Taro.navigateTo({ url: `${SELLER_PAGES.product}?id=${p.id}` })}
        >
          编辑 / 库存
        </Button>
        {p.status !== 'hidden_by_operator' && (
          <Button
            type={p.status === 'on_sale' ? 'default' : 'primary'}
            fill={p.status === 'on_sale' ? 'outline' : 'solid'}
            className={p.status === 'on_sale' ? 'seller-product__off' : 'seller-product__on'}
            loading={busy}
            disabled={busy || (p.status !== 'on_sale' && !canSell)}
            onClick={() => void toggle()}
          >
            {p.status === 'on_sale' ? '下架' : '上架'}
          </Button>
        )}
      </View>
    </View>
  );
}

/** 商品: the shop's products by status, 发布商品 and 批量导入. */
export default function SellerProducts() {
  const { state: shopState, reload: reloadShop } = useShop();
  const [tab, setTab] = useState<Tab>(() => TABS.find((t) => t.value === pageParam('status'))?.value ?? 'on_sale');
  const [done, setDone] = useState<string | null>(null);
  const { state, reload, more, patch } = usePaged<Product>();
  const shop = shopState.kind === 'ready' ? shopState.shop : null;

  useEffect(() => {
    if (!shop) return;
    setDone(null);
    void reload((cursor) =>
      call(routes.listMerchantProducts, {
        params: { merchant_id: shop.id },
        query: { limit: 20, ...(tab === 'all' ? {} : { status: tab }), ...(cursor ? { cursor } : {}) },
      }),
    );
  }, [shop?.id, tab, reload]);
  const [shown, setShown] = useState(false);
  useDidShow(() => {
    if (shown) void reload(undefined, { quiet: true });
    setShown(true);
  });
  usePullDownRefresh(() => void reload(undefined, { quiet: true }).finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => more());

  if (shopState.kind === 'loading') return <LoadingView />;
  if (shopState.kind !== 'ready')
    return (
      <View className="page">
        <ErrorView
          message={shopState.kind === 'none' ? '您还没有店铺，请先登记开店' : shopState.message}
          onRetry={() => void reloadShop()}
        />
      </View>
    );
  const canSell = shopState.shop.verification.status === 'verified';

  let body;
  if (state.kind === 'loading') body = <LoadingView />;
  else if (state.kind === 'error') body = <ErrorView message={state.message} onRetry={() => void reload()} />;
  else if (state.items.length === 0)
    body = (
      <EmptyView
        title={tab === 'all' ? '还没有商品' : `没有${PRODUCT_STATUS_NAMES[tab as ProductStatus]}的商品`}
        description={tab === 'all' || tab === 'on_sale' ? '点上面的「发布商品」，或用表格批量导入' : undefined}
      />
    );
  else
    body = (
      <View className="seller-products__list">
        {state.items.map((p) => (
          <ProductRow
            key={p.id}
            product={p}
            canSell={canSell}
            onChanged={(next, message) => {
              // Stays in 全部; leaves a status tab it no longer belongs to.
              patch(p.id, tab === 'all' || next.status === tab ? next : null, (x) => x.id);
              setDone(message);
            }}
          />
        ))}
        <MoreLine more={state.more} next={state.next} />
      </View>
    );

  return (
    <View className="page seller-products">
      <View className="biz-actions biz-actions--row seller-products__top">
        <Button type="primary" className="seller-products__new" onClick={() => void Taro.navigateTo({ url: SELLER_PAGES.product })}>
          发布商品
        </Button>
        <Button fill="outline" className="seller-products__import" onClick={() => void Taro.navigateTo({ url: SELLER_PAGES.import })}>
          批量导入
        </Button>
      </View>
      {!canSell && (
        <Notice tone="warning" className="seller-products__unverified">
          <Text>店铺实名认证通过后才能上架；现在发布的商品先存为草稿。</Text>
        </Notice>
      )}
      {done && (
        <Notice tone="ok" className="seller-products__done">
          <Text>{done}</Text>
        </Notice>
      )}
      <StatusTabs<Tab> tabs={TABS} value={tab} onChange={setTab} />
      {body}
    </View>
  );
}
