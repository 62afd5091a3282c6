import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { formatFen, type Product } from '@cc/shared';
import { pageParam } from '../../calls-common/lib';
import { SELLER_PAGES, when } from '../../commerce/lib';
import type { ProductPage } from './useProductPage';
import { Card, Notice, ProductStatusTag } from '../../ui';

/** The product at a glance: name, status, price, stock, sold, SKU. */
export function ProductHead({ product }: { product: Product }) {
  return (
    <Card className="seller-product-head">
      <View className="seller-product-head__row cc-spread" data-testid="product-head">
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
  );
}

/** What just happened, what failed, and why the station hid it. */
export function ProductNotices({ page, product }: { page: ProductPage; product: Product | null }) {
  const created = pageParam('created');
  return (
    <>
      {created && !page.done && (
        <Notice tone="ok" className="seller-product__created">
          <Text data-testid="product-created">{created === 'on_sale' ? '商品已发布并上架' : '商品已存为草稿，确认无误后点「上架」'}</Text>
        </Notice>
      )}
      {page.done && (
        <Notice tone="ok" className="seller-product__done">
          <Text data-testid="product-done">{page.done}</Text>
        </Notice>
      )}
      {page.error && (
        <Notice tone="danger" className="seller-product__error">
          <Text data-testid="product-error">{page.error}</Text>
        </Notice>
      )}
      {product?.hidden && (
        <Notice tone="danger" title="商品被服务站隐藏" className="seller-product__hidden-notice">
          <Text>
            {when(product.hidden.at)}：{product.hidden.reason}。居民看不到它；请按原因修改后联系社区服务站恢复。
          </Text>
        </Notice>
      )}
    </>
  );
}

/** 上架 / 下架, and the way to a limited offer for a product on sale. */
export function StatusCard({ page, product, canSell }: { page: ProductPage; product: Product; canSell: boolean }) {
  if (product.status === 'hidden_by_operator') return null;
  const busy = page.busy;
  const onSale = product.status === 'on_sale';
  return (
    <Card title="上架状态" className="seller-status">
      <Text className="biz-muted">
        {onSale ? '在售：服务社区的居民可以搜索和购买。' : canSell ? '未上架：居民看不到。' : '店铺实名认证通过后才能上架。'}
      </Text>
      <View className="biz-actions biz-actions--row">
        {onSale ? (
          <>
            <Button
              fill="outline"
              className="seller-status__off"
              data-testid="product-off"
              loading={busy === 'off_sale'}
              disabled={!!busy}
              onClick={() => page.setStatus(product, 'off_sale')}
            >
              下架
            </Button>
            <Button
              type="primary"
              className="seller-status__offer"
              data-testid="product-offer"
              onClick={() => void Taro.navigateTo({ url: `${SELLER_PAGES.offers}?product=${product.id}` })}
            >
              做限时活动
            </Button>
          </>
        ) : (
          <Button
            type="primary"
            className="seller-status__on"
            data-testid="product-on"
            loading={busy === 'on_sale'}
            disabled={!!busy || !canSell}
            onClick={() => page.setStatus(product, 'on_sale')}
          >
            上架销售
          </Button>
        )}
      </View>
    </Card>
  );
}
