import { useCallback, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { View, Text, Image } from '@tarojs/components';
import { Badge, Button, Swiper, SwiperItem } from '@nutui/nutui-react-taro';
import { Stepper } from '../../ui/Stepper';
import { Cart as CartIcon } from '@nutui/icons-react-taro';
import { QUANTITY_MAX, formatFen, routes, type Cart, type MerchantPublic, type Product } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { OfferBadge, ProductThumb, StockTag } from '../components';
import { tappable } from '../../ui/tappable';
import { MERCHANT_KIND_NAMES, OFFER_KIND_NAMES, SHOP_PAGES, dayLabel, isApiError, pageParam, when } from '../lib';
import { useOffers } from '../offers';
import '../shop.css';
import { ErrorView, Fact, LoadingView, Money, Notice, photoUrl } from '../../ui';

type State =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; product: Product; merchant: MerchantPublic | null; cart: Cart; community_id: string | null };

/** 商品详情: pictures, price per unit, spec, origin, harvest date, producer, stock; add to the cart within the stock. */
export default function ProductPage() {
  const id = pageParam('id') ?? '';
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [quantity, setQuantity] = useState(1);
  const [adding, setAdding] = useState(false);
  const [result, setResult] = useState<{ tone: 'ok' | 'danger'; text: string } | null>(null);
  const offers = useOffers(state.kind === 'ready' ? state.community_id : null);

  const load = useCallback(async () => {
    setState((s) => (s.kind === 'ready' ? s : { kind: 'loading' }));
    try {
      const [product, me, cart] = await Promise.all([
        call(routes.getProduct, { params: { product_id: id } }),
        call(routes.getMe, {}),
        call(routes.getCart, {}),
      ]);
      // The seller page is public only for verified sellers; without it the product is still shown.
      const merchant = await call(routes.getMerchant, { params: { merchant_id: product.merchant_id } }).catch(() => null);
      setState({ kind: 'ready', product, merchant, cart, community_id: me.community_id });
    } catch (e) {
      setState({
        kind: 'error',
        message: isApiError(e, 'product_not_found') || isApiError(e, 'validation_failed') ? '这件商品不存在或已被下架' : errorMessage(e),
      });
    } finally {
      Taro.stopPullDownRefresh();
    }
  }, [id]);
  useDidShow(() => void load());
  usePullDownRefresh(() => void load());

  if (state.kind === 'loading') return <LoadingView />;
  if (state.kind === 'error')
    return (
      <View className="page">
        <ErrorView message={state.message} onRetry={() => void load()} />
      </View>
    );

  const { product: p, merchant, cart, community_id } = state;
  const line = cart.lines.find((l) => l.product_id === p.id);
  const inCart = line?.quantity ?? 0;
  const cartCount = cart.lines.reduce((n, l) => n + l.quantity, 0);
  // A running offer: bought at its price, within the per-person limit and the units it has left.
  const offer = offers.get(p.id) ?? null;
  const running = offer?.state === 'running' ? offer : null;
  const limit = running
    ? Math.min(running.per_user_limit, running.quantity_left + (line?.offer_id === running.id ? inCart : 0))
    : QUANTITY_MAX;
  const room = Math.max(0, Math.min(p.stock, QUANTITY_MAX, limit) - inCart);
  const notServed = merchant !== null && community_id !== null && !merchant.serves_community_ids.includes(community_id);
  const blocked =
    p.status !== 'on_sale'
      ? '商品已下架，暂时买不到了'
      : p.stock <= 0
        ? '已售罄，等商家补货后再来'
        : notServed
          ? `「${p.merchant.name}」不配送到您所在的社区`
          : room === 0
            ? running
              ? `购物车里已有 ${inCart}${p.unit}，活动每人限购 ${running.per_user_limit}${p.unit}`
              : `购物车里已有 ${inCart}${p.unit}，已达库存上限`
            : null;
  const qty = Math.min(Math.max(1, quantity), Math.max(1, room));

  async function add() {
    setAdding(true);
    setResult(null);
    try {
      const next = await call(routes.setCartLine, {
        params: { product_id: p.id },
        body: { quantity: inCart + qty, ...(running ? { offer_id: running.id } : line?.offer_id ? { offer_id: line.offer_id } : {}) },
      });
      const added = next.lines.find((l) => l.product_id === p.id);
      setState((s) => (s.kind === 'ready' ? { ...s, cart: next } : s));
      setQuantity(1);
      setResult({ tone: 'ok', text: `已加入购物车，购物车里共 ${added?.quantity ?? inCart + qty}${p.unit}` });
    } catch (e) {
      setResult({ tone: 'danger', text: errorMessage(e) });
      void load();
    } finally {
      setAdding(false);
    }
  }

  const images = p.image_urls.map(photoUrl);
  return (
    <View className="page shop-product">
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

      <View className="shop-card shop-product__head">
        <Text className="shop-product__name">{p.name}</Text>
        <View className="shop-product__price-row">
          <View>
            <Money fen={running ? running.price_fen : p.price_fen} unit={p.unit} size="lg" />
            {running && <Text className="shop-price-was">原价 {formatFen(p.price_fen)}</Text>}
          </View>
          <StockTag product={p} />
        </View>
        {offer && (
          <View className={`shop-offer shop-offer--${offer.state}`}>
            <View className="shop-offer__head">
              <OfferBadge offer={offer} />
              <Text className="shop-offer__title">{offer.title}</Text>
            </View>
            <Text className="shop-offer__facts">
              {offer.state === 'running'
                ? `活动价 ${formatFen(offer.price_fen)}/${p.unit}（原价 ${formatFen(offer.regular_price_fen)}）· 还剩 ${offer.quantity_left}${p.unit} · 每人限购 ${offer.per_user_limit}${p.unit} · ${when(offer.ends_at)} 结束`
                : `${when(offer.starts_at)} 开始，${OFFER_KIND_NAMES[offer.kind]} ${formatFen(offer.price_fen)}/${p.unit}，共 ${offer.quantity_total}${p.unit}，每人限购 ${offer.per_user_limit}${p.unit}`}
            </Text>
          </View>
        )}
        {p.spec && <Text className="shop-product__spec">规格：{p.spec}</Text>}
        <Text className="muted">
          已售 {p.sold_count}
          {p.unit}
        </Text>
      </View>

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

      <View className="shop-bar">
        <View className="shop-bar__cart" {...tappable(() => void Taro.navigateTo({ url: SHOP_PAGES.cart }))}>
          <Badge value={cartCount > 0 ? cartCount : undefined} max={99}>
            <CartIcon size={24} color="#0b6e4f" />
          </Badge>
          <Text className="shop-bar__cart-text">购物车</Text>
        </View>
        <Stepper
          className="shop-bar__stepper"
          max={Math.max(1, room)}
          value={qty}
          disabled={blocked !== null || adding}
          onChange={setQuantity}
        />
        <Button type="primary" className="shop-bar__add" disabled={blocked !== null || adding} loading={adding} onClick={() => void add()}>
          {running ? '按活动价加入' : '加入购物车'}
        </Button>
      </View>
    </View>
  );
}
