import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { formatFen, type Product, type ProductStatus } from '@cc/shared';
import { SELLER_PAGES, when } from '../../commerce/lib';
import { EmptyView, ErrorView, LoadingView, MoreLine, Notice, PRODUCT_STATUS_NAMES, Remark, ProductStatusTag, Thumb } from '../../ui';
import { useToggle, type ProductsPage } from './useProducts';

const edit = (p: Product) => void Taro.navigateTo({ url: `${SELLER_PAGES.product}?id=${p.id}` });

/** Picture, name, category and spec, price per unit, stock and sales; opens the product. */
function ProductMain({ product: p }: { product: Product }) {
  return (
    <View className="seller-product__main" onClick={() => edit(p)}>
      <Thumb alt={p.name} url={p.image_urls[0]} size="sm" />
      <View className="seller-product__body cc-grow">
        <View className="seller-product__head cc-spread cc-spread--top">
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
  );
}

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
  const { busy, error, toggle } = useToggle(p, onChanged);
  const onSale = p.status === 'on_sale';
  return (
    <View className="biz-card seller-product" data-product={p.id} data-sku={p.sku}>
      <ProductMain product={p} />
      {p.hidden && (
        <Remark tone="danger" className="seller-product__hidden">
          服务站 {when(p.hidden.at)} 隐藏：{p.hidden.reason}
        </Remark>
      )}
      {error && (
        <Notice tone="danger" className="seller-product__error">
          <Text>{error}</Text>
        </Notice>
      )}
      <View className="biz-actions biz-actions--row seller-product__actions">
        <Button fill="outline" className="seller-product__edit" onClick={() => edit(p)}>
          编辑 / 库存
        </Button>
        {p.status !== 'hidden_by_operator' && (
          <Button
            type={onSale ? 'default' : 'primary'}
            fill={onSale ? 'outline' : 'solid'}
            className={onSale ? 'seller-product__off' : 'seller-product__on'}
            loading={busy}
            disabled={busy || (!onSale && !canSell)}
            onClick={() => void toggle()}
          >
            {onSale ? '下架' : '上架'}
          </Button>
        )}
      </View>
    </View>
  );
}

/** The tab's products: loading, failure, empty, or the list with its more-line. */
export function ProductList({ s, canSell }: { s: ProductsPage; canSell: boolean }) {
  const { state, tab } = s;
  if (state.kind === 'loading') return <LoadingView />;
  if (state.kind === 'error') return <ErrorView message={state.message} onRetry={() => void s.reload()} />;
  if (state.items.length === 0)
    return (
      <EmptyView
        title={tab === 'all' ? '还没有商品' : `没有${PRODUCT_STATUS_NAMES[tab as ProductStatus]}的商品`}
        description={tab === 'all' || tab === 'on_sale' ? '点上面的「发布商品」，或用表格批量导入' : undefined}
      />
    );
  return (
    <View className="seller-products__list">
      {state.items.map((p) => (
        <ProductRow key={p.id} product={p} canSell={canSell} onChanged={(next, message) => s.changed(p, next, message)} />
      ))}
      <MoreLine more={state.more} next={state.next} />
    </View>
  );
}

/** 发布商品 and 批量导入. */
export function TopActions() {
  return (
    <View className="biz-actions biz-actions--row seller-products__top">
      <Button type="primary" className="seller-products__new" onClick={() => void Taro.navigateTo({ url: SELLER_PAGES.product })}>
        发布商品
      </Button>
      <Button fill="outline" className="seller-products__import" onClick={() => void Taro.navigateTo({ url: SELLER_PAGES.import })}>
        批量导入
      </Button>
    </View>
  );
}
