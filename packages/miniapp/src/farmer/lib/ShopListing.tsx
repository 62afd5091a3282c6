import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { formatFen, PRODUCT_UNITS, type SupplyPost } from '@cc/shared';
import { Card, Chips, ErrorView, Field, LoadingView, Notice, TextField } from '../../ui';
import { useShopListing, type ShopListingState } from './useShopListing';

/** What was listed: the product's price beside the farmer's origin price, and the farmer's share. */
function Listed({ s }: { s: ShopListingState }) {
  const p = s.listed!;
  const origin = p.agri_origin;
  return (
    <Notice tone="ok" testid="listing-done">
      <Text>
        已上架「{p.name}」{formatFen(p.price_fen)}/{p.unit}
        {origin ? `，产地价 ${formatFen(origin.origin_price_fen)}，农户所得约占 ${origin.producer_share_pct}%` : ''}
      </Text>
    </Notice>
  );
}

/** The listing form: shop (when more than one), category, retail unit and what one holds, price and stock. */
function ListingFields({ s, post }: { s: ShopListingState; post: SupplyPost }) {
  if (s.state.kind !== 'ready') return null;
  const { shops, categories } = s.state.data;
  const e = s.errors;
  return (
    <View data-testid="listing-form">
      {shops.length > 1 && (
        <Field label="店铺" boxed={false} error={e.merchant_id}>
          <Chips
            options={shops.map((m) => ({ value: m.id, label: m.name }))}
            value={s.form.merchant_id}
            onChange={(v) => s.set({ merchant_id: v })}
            small
          />
        </Field>
      )}
      <Field label="商品分类" boxed={false} error={e.category_id} errorTestid="listing-category-error">
        <View data-testid="listing-category">
          <Chips
            options={categories.map((c) => ({ value: c.id, label: c.name }))}
            value={s.form.category_id}
            onChange={(v) => s.set({ category_id: v })}
            small
          />
        </View>
      </Field>
      <Field label="零售单位" boxed={false} error={e.unit}>
        <View data-testid="listing-unit">
          <Chips
            options={PRODUCT_UNITS.map((u) => ({ value: u, label: u }))}
            value={s.form.unit}
            onChange={(v) => s.set({ unit: v })}
            small
          />
        </View>
      </Field>
      <TextField
        testid="listing-per"
        label={`每${s.form.unit ?? '份'}含多少${post.base_unit}`}
        keypad="decimal"
        value={s.form.per}
        error={e.per}
        onChange={(v) => s.set({ per: v })}
      />
      <TextField
        testid="listing-price"
        label={`零售价（元/${s.form.unit ?? '份'}）`}
        keypad="decimal"
        value={s.form.price}
        error={e.price}
        onChange={(v) => s.set({ price: v })}
      />
      <TextField
        testid="listing-stock"
        label="库存"
        keypad="numeric"
        value={s.form.stock}
        error={e.stock}
        onChange={(v) => s.set({ stock: v })}
      />
      <Button type="primary" block loading={s.busy} onClick={() => void s.submit()} data-testid="listing-submit">
        上架到我的店铺
      </Button>
    </View>
  );
}

/** 一键上架 on an open supply post with a price: the post becomes a product of the farmer's verified shop. */
export function ShopListing({ post }: { post: SupplyPost }) {
  const s = useShopListing(post);
  return (
    <Card title="一键上架到社区商城" testid="shop-listing">
      {s.state.kind === 'loading' && <LoadingView />}
      {s.state.kind === 'error' && <ErrorView message={s.state.message} onRetry={() => void s.reload()} />}
      {s.state.kind === 'ready' && s.state.data.shops.length === 0 && (
        <Text className="agri-muted">先在「我的店铺」开店并通过实名认证，才能把供应上架到社区商城。</Text>
      )}
      {s.listed ? <Listed s={s} /> : s.state.kind === 'ready' && s.state.data.shops.length > 0 && <ListingFields s={s} post={post} />}
    </Card>
  );
}
