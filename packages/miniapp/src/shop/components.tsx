import type { ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { View, Text, Image } from '@tarojs/components';
import { formatFen, type Offer, type Product } from '@cc/shared';
import { photoUrl } from '../calls-common/components';
import { MERCHANT_KIND_NAMES, SHOP_PAGES, offerBadgeText, stockWords } from './lib';
import './shop.css';

/** Soft tints for pictureless products, picked by their top category so a category looks the same everywhere. */
const TINTS = ['#e3f1e8', '#fdf0dc', '#f6e9d7', '#fbe4e1', '#dfeef8', '#efe6f5', '#ececec'];
function tintOf(key: string): string {
  let h = 0;
  for (const ch of key) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return TINTS[h % TINTS.length] ?? TINTS[0]!;
}

/** The product's first photo, or a tile with its category's name when the seller has not uploaded one. */
export function ProductThumb({
  product,
  size = 'md',
}: {
  product: { name: string; image_url?: string | null; image_urls?: string[]; category_name?: string; category_path?: string[] };
  size?: 'sm' | 'md' | 'lg';
}) {
  const url = product.image_url ?? product.image_urls?.[0] ?? null;
  if (url)
    return (
      <Image
        className={`shop-thumb shop-thumb--${size}`}
        src={photoUrl(url)}
        mode="aspectFill"
        nativeProps={{ alt: product.name, loading: 'lazy' }}
      />
    );
  const label = product.category_name ?? product.name.slice(0, 2);
  return (
    <View
      className={`shop-thumb shop-thumb--${size} shop-thumb--none`}
      style={{ background: tintOf(product.category_path?.[0] ?? label) }}
      aria-label={`${product.name}（暂无图片）`}
    >
      <Text className="shop-thumb__char">{product.name.slice(0, 1)}</Text>
      {size !== 'sm' && <Text className="shop-thumb__label">{label}</Text>}
    </View>
  );
}

/** ¥ with two decimals, then the unit: ¥3.50/斤. */
export function Price({ fen, unit, size = 'md' }: { fen: number; unit?: string; size?: 'md' | 'lg' }) {
  return (
    <Text className={`shop-price shop-price--${size}`}>
      <Text className="shop-price__amount">{formatFen(fen)}</Text>
      {unit && <Text className="shop-price__unit">/{unit}</Text>}
    </Text>
  );
}

export function StockTag({ product }: { product: Pick<Product, 'stock' | 'unit'> }) {
  const s = stockWords(product);
  return <Text className={`shop-stock shop-stock--${s.tone}`}>{s.text}</Text>;
}

/** A limited offer on a product, in words: 限时特价 ¥2.80 (running) or when it starts. */
export function OfferBadge({ offer }: { offer: Offer }) {
  return <Text className={`shop-offer-badge shop-offer-badge--${offer.state}`}>{offerBadgeText(offer)}</Text>;
}

/** One product in a list: picture, name, spec, price per unit, origin village, seller, stock, its offer. */
export function ProductCard({ product: p, offer }: { product: Product; offer?: Offer | undefined }) {
  return (
    <View
      className="shop-card product-card"
      data-product={p.id}
      onClick={() => void Taro.navigateTo({ url: `${SHOP_PAGES.product}?id=${p.id}` })}
    >
      <ProductThumb product={p} />
      <View className="product-card__body">
        <Text className="product-card__name">{p.name}</Text>
        {offer && <OfferBadge offer={offer} />}
        {p.spec && <Text className="product-card__spec">{p.spec}</Text>}
        <View className="product-card__origin">
          {p.origin_village && <Text className="shop-origin">产地 {p.origin_village}</Text>}
          <Text className="product-card__merchant">
            {p.merchant.name} · {MERCHANT_KIND_NAMES[p.merchant.kind]}
          </Text>
        </View>
        <View className="product-card__foot">
          <Price fen={p.price_fen} unit={p.unit} />
          <StockTag product={p} />
        </View>
      </View>
    </View>
  );
}

/** A narrow card for the "本地好物" strip: who grew it and where. */
export function LocalTile({ product: p, offer }: { product: Product; offer?: Offer | undefined }) {
  return (
    <View className="local-tile" data-product={p.id} onClick={() => void Taro.navigateTo({ url: `${SHOP_PAGES.product}?id=${p.id}` })}>
      <ProductThumb product={p} size="lg" />
      <Text className="local-tile__name">{p.name}</Text>
      {offer && <OfferBadge offer={offer} />}
      <Price fen={p.price_fen} unit={p.unit} />
      <Text className="local-tile__origin">{p.origin_village ?? '本地'}</Text>
      <Text className="local-tile__producer">{p.merchant.name}</Text>
    </View>
  );
}

/** An inline notice: warning, danger (errors, role=alert) or ok. */
export function Notice({
  tone = 'warning',
  title,
  children,
  className = '',
}: {
  tone?: 'warning' | 'danger' | 'ok' | 'info';
  title?: string;
  children?: ReactNode;
  className?: string;
}) {
  return (
    <View className={`shop-notice shop-notice--${tone} ${className}`} role={tone === 'danger' ? 'alert' : undefined}>
      {title && <Text className="shop-notice__title">{title}</Text>}
      {children}
    </View>
  );
}

/** One line of a fact table: label on the left, value (wrapping) on the right. */
export function Fact({ label, children, className = '' }: { label: string; children: ReactNode; className?: string }) {
  return (
    <View className={`shop-fact ${className}`}>
      <Text className="shop-fact__label">{label}</Text>
      <View className="shop-fact__value">{children}</View>
    </View>
  );
}

/** The line under a list that loads more on reaching the bottom. */
export function MoreLine({ more, next }: { more: 'idle' | 'loading' | 'error'; next: string | null }) {
  return (
    <View className="shop-more">
      <Text>{more === 'loading' ? '正在加载…' : more === 'error' ? '加载失败，请上拉重试' : next ? '上拉加载更多' : '没有更多了'}</Text>
    </View>
  );
}
