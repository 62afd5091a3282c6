import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { Product } from '@cc/shared';
import { pageParam } from '../../calls-common/lib';
import { ProductFields } from './ProductFields';
import { ProductHead, ProductNotices, StatusCard } from './ProductHead';
import { StockBox } from './StockBox';
import { useProductPage, type ProductPage } from './useProductPage';
import '../lib/seller.css';
import { ErrorView, LoadingView } from '../../ui';

/** 保存修改 on a product's page; 发布并上架 / 存为草稿 on 发布商品. */
function SaveButtons({ page, product, canSell }: { page: ProductPage; product: Product | null; canSell: boolean }) {
  const busy = page.busy;
  if (product)
    return (
      <Button
        type="primary"
        size="large"
        block
        className="product-save"
        data-testid="product-save"
        loading={busy === 'save'}
        disabled={!!busy}
        onClick={() => page.save(product)}
      >
        保存修改
      </Button>
    );
  return (
    <View className="biz-actions">
      <Button
        type="primary"
        size="large"
        block
        className="product-create-sell"
        data-testid="product-create-sell"
        loading={busy === 'on_sale'}
        disabled={!!busy || !canSell}
        onClick={() => page.create('on_sale')}
      >
        发布并上架
      </Button>
      <Button
        fill="outline"
        size="large"
        block
        className="product-create-draft"
        data-testid="product-create-draft"
        loading={busy === 'draft'}
        disabled={!!busy}
        onClick={() => page.create('draft')}
      >
        存为草稿
      </Button>
      {!canSell && <Text className="biz-muted seller-center">店铺实名认证通过后才能上架，现在先存为草稿。</Text>}
    </View>
  );
}

/** 发布商品 (no id) or a product's page (?id=): the details, photos, stock, 上架 / 下架, a limited offer. */
export default function SellerProduct() {
  const page = useProductPage(pageParam('id') ?? null);
  const { shopHook, load, form } = page;
  const shopState = shopHook.state;
  if (shopState.kind === 'loading') return <LoadingView />;
  if (shopState.kind !== 'ready')
    return (
      <View className="page">
        <ErrorView
          message={shopState.kind === 'none' ? '您还没有店铺，请先登记开店' : shopState.message}
          onRetry={() => void shopHook.reload()}
        />
      </View>
    );
  if (load.kind === 'error')
    return (
      <View className="page">
        <ErrorView message={load.message} onRetry={() => void page.fetchAll(shopState.shop)} />
      </View>
    );
  if (load.kind !== 'ready' || !form) return <LoadingView />;
  const { product, categories } = load;
  const canSell = shopState.shop.verification.status === 'verified';
  return (
    <View className="page seller-product-page" data-testid="seller-product-page">
      {!product && <Text className="page-title">发布商品</Text>}
      {product && <ProductHead product={product} />}
      <ProductNotices page={page} product={product} />
      {product && <StatusCard page={page} product={product} canSell={canSell} />}
      {product && <StockBox product={product} onChanged={page.changed} />}
      <ProductFields f={form} errors={page.errors} set={page.set} categories={categories} editing={!!product} />
      <SaveButtons page={page} product={product} canSell={canSell} />
    </View>
  );
}
