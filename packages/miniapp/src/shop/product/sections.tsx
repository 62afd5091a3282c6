import Taro from '@tarojs/taro';
import { View, Text, Image } from '@tarojs/components';
import { Badge, Button, Swiper, SwiperItem } from '@nutui/nutui-react-taro';
import { Cart as CartIcon } from '@nutui/icons-react-taro';
import { formatFen, type Offer, type Product } from '@cc/shared';
import { Fact, Money, Notice, Stepper, photoUrl, tappable } from '../../ui';
import { OfferBadge, ProductThumb, StockTag } from '../components';
import { MERCHANT_KIND_NAMES, OFFER_KIND_NAMES, SHOP_PAGES, dayLabel, when } from '../lib';
import type { ProductModel, Purchase } from './useProduct';

/** The photos (a swiper when there are several, tap for full screen), or the category tile without one. */
export function Gallery({ product: p }: { product: Product }) {
  const images = p.image_urls.map(photoUrl);
  return (
    <View className="shop-product__gallery">
      {images.length > 1 ? (
        <Swiper className="shop-product__swiper" height={300} indicator autoPlay={false} loop={false}>
          {images.map((u) => (
            <SwiperItem key={u}>
              <Image
                className="shop-product__image"
                src={u}
                mode="aspectFill"
                nativeProps={{ alt: p.name }}
                onClick={() => void Taro.previewImage({ urls: images, current: u }).catch(() => undefined)}
              />
            </SwiperItem>
          ))}
        </Swiper>
      ) : images.length === 1 ? (
        // The product's own photo is what the page is for: loaded at once, not lazily.
        <Image className="shop-product__image" src={images[0]!} mode="aspectFill" nativeProps={{ alt: p.name }} />
      ) : (
        <ProductThumb product={p} size="lg" />
      )}
    </View>
  );
}

/** The product's offer in full: its price, what is left, the per-person limit, when it ends or starts. */
function OfferBox({ offer, unit }: { offer: Offer; unit: string }) {
  return (
    <View className={`shop-offer shop-offer--${offer.state}`}>
      <View className="shop-offer__head">
        <OfferBadge offer={offer} />
        <Text className="shop-offer__title">{offer.title}</Text>
      </View>
      <Text className="shop-offer__facts">
        {offer.state === 'running'
          ? `活动价 ${formatFen(offer.price_fen)}/${unit}（原价 ${formatFen(offer.regular_price_fen)}）· 还剩 ${offer.quantity_left}${unit} · 每人限购 ${offer.per_user_limit}${unit} · ${when(offer.ends_at)} 结束`
          : `${when(offer.starts_at)} 开始，${OFFER_KIND_NAMES[offer.kind]} ${formatFen(offer.price_fen)}/${unit}，共 ${offer.quantity_total}${unit}，每人限购 ${offer.per_user_limit}${unit}`}
      </Text>
    </View>
  );
}

/** Name, price (the offer's while it runs, with the regular one), stock, the offer, spec and how many sold. */
export function ProductHead({ product: p, buy }: { product: Product; buy: Purchase }) {
  const { running, offer } = buy;
  return (
    <View className="shop-card shop-product__head">
      <Text className="shop-product__name">{p.name}</Text>
      <View className="shop-product__price-row cc-spread cc-spread--baseline">
        <View>
          <Money fen={running ? running.price_fen : p.price_fen} unit={p.unit} size="lg" />
          {running && <Text className="shop-price-was">原价 {formatFen(p.price_fen)}</Text>}
        </View>
        <StockTag product={p} />
      </View>
      {offer && <OfferBox offer={offer} unit={p.unit} />}
      {p.spec && <Text className="shop-product__spec">规格：{p.spec}</Text>}
      <Text className="muted">
        已售 {p.sold_count}
        {p.unit}
      </Text>
    </View>
  );
}

/** Origin, harvest date, producer (to the seller's page), category, stock; then the description. */
export function ProductFacts({ product: p }: { product: Product }) {
  return (
    <>
      <View className="shop-card shop-product__facts">
        {p.origin_village && (
          <Fact label="产地" className="shop-product__origin">
            <Text>{p.origin_village}</Text>
          </Fact>
        )}
        {p.harvest_date && (
          <Fact label="采收日期" className="shop-product__harvest">
            <Text>{dayLabel(p.harvest_date)}</Text>
          </Fact>
        )}
        <Fact label="生产者" className="shop-product__producer">
          <Text className="shop-link" {...tappable(() => void Taro.navigateTo({ url: `${SHOP_PAGES.seller}?id=${p.merchant_id}` }))}>
            {p.merchant.name}（{MERCHANT_KIND_NAMES[p.merchant.kind]}）›
          </Text>
        </Fact>
        <Fact label="分类">
          <Text>{p.category_name}</Text>
        </Fact>
        <Fact label="库存">
          <Text>{p.stock > 0 ? `${p.stock}${p.unit}` : '已售罄'}</Text>
        </Fact>
      </View>
      {p.description && (
        <View className="shop-card">
          <Text className="shop-card__title">商品介绍</Text>
          <Text className="shop-product__desc">{p.description}</Text>
        </View>
      )}
    </>
  );
}

/** What adding did (with the way to the cart), and why it cannot be added now. */
export function AddResult({ m, blocked }: { m: ProductModel; blocked: string | null }) {
  const { result } = m;
  return (
    <>
      {result && (
        <Notice tone={result.tone} className="shop-product__result">
          <Text>{result.text}</Text>
          {result.tone === 'ok' && (
            <Text className="shop-link shop-product__to-cart" {...tappable(() => void Taro.navigateTo({ url: SHOP_PAGES.cart }))}>
              {' '}
              去购物车结算 ›
            </Text>
          )}
        </Notice>
      )}
      {blocked && <Notice tone="warning">{blocked}</Notice>}
    </>
  );
}

/** The bar at the bottom: the cart with its count, the quantity, and 加入购物车. */
export function BuyBar({ product, buy, m }: { product: Product; buy: Purchase; m: ProductModel }) {
  const { cartCount, room, qty, blocked, running } = buy;
  return (
    <View className="shop-bar">
      <View className="shop-bar__cart" {...tappable(() => void Taro.navigateTo({ url: SHOP_PAGES.cart }))}>
        <Badge value={cartCount > 0 ? cartCount : undefined} max={99}>
          <CartIcon size={24} color="var(--cc-color-brand)" />
        </Badge>
        <Text className="shop-bar__cart-text">购物车</Text>
      </View>
      <Stepper
        className="shop-bar__stepper"
        max={Math.max(1, room)}
        value={qty}
        disabled={blocked !== null || m.adding}
        onChange={m.setQuantity}
      />
      <Button
        type="primary"
        className="shop-bar__add"
        disabled={blocked !== null || m.adding}
        loading={m.adding}
        onClick={() => void m.add(product, buy)}
      >
        {running ? '按活动价加入' : '加入购物车'}
      </Button>
    </View>
  );
}
