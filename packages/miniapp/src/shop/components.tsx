import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import type { Offer, Product } from '@cc/shared';
import { MERCHANT_KIND_NAMES, SHOP_PAGES, offerBadgeText, stockWords } from './lib';
import './shop.css';
import { Money, Thumb, type ThumbSize } from '../ui';

/** A product's first photo, or a tile with its category's name when the seller has not uploaded one. */
export function ProductThumb({
  product,
  size = 'md',
}: {
  product: { name: string; image_url?: string | null; image_urls?: string[]; category_name?: string; category_path?: string[] };
  size?: ThumbSize;
}) {
  const label = product.category_name ?? product.name.slice(0, 2);
  return (
    <Thumb
      alt={product.name}
      url={product.image_url ?? product.image_urls?.[0]}
      size={size}
      label={label}
      tintKey={product.category_path?.[0] ?? label}
    />
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
      <View className="product-card__body cc-grow">
        <Text className="product-card__name">{p.name}</Text>
        {offer && <OfferBadge offer={offer} />}
        {p.spec && <Text className="product-card__spec">{p.spec}</Text>}
        <View className="product-card__origin">
          {p.origin_village && <Text className="shop-origin">产地 {p.origin_village}</Text>}
          <Text className="product-card__merchant">
            {p.merchant.name} · {MERCHANT_KIND_NAMES[p.merchant.kind]}
          </Text>
        </View>
        <View className="product-card__foot cc-spread cc-spread--baseline">
          <Money fen={p.price_fen} unit={p.unit} />
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
      <Money fen={p.price_fen} unit={p.unit} />
      <Text className="local-tile__origin">{p.origin_village ?? '本地'}</Text>
      <Text className="local-tile__producer">{p.merchant.name}</Text>
    </View>
  );
}
