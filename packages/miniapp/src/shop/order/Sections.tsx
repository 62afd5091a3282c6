import Taro from '@tarojs/taro';
import { View, Text, Image } from '@tarojs/components';
import { Rate } from '@nutui/nutui-react-taro';
import { formatFen, statusWord, type Order, type OrderReview } from '@cc/shared';
import { tappable } from '../../ui/tappable';
import { SHOP_PAGES, STAR_WORDS, dayLabel, when } from '../lib';
import { StatusTag } from '../../ui';
import { Fact, Thumb, photoUrl } from '../../ui';
import './order.css';

/** A detail of the next step that the shared words leave general: by when to pay, when receipt confirms itself. */
function nextDetail(o: Order): string | null {
  if (o.status === 'pending_payment') return `请在 ${when(o.pay_by)} 前付款，超时订单自动取消`;
  if (o.status === 'delivered' && o.auto_confirm_at) return `${when(o.auto_confirm_at)} 自动确认收货`;
  if (o.status === 'refunding' && o.refund?.money === 'failed') return '退款暂未成功，服务站正在处理，钱款不会丢失';
  return null;
}

/** The head of the order: its readable number (never the id), its one status word and what comes next. */
export function OrderHead({ order: o }: { order: Order }) {
  const s = statusWord('order', o.status, 'resident');
  const detail = nextDetail(o);
  return (
    <View className={`shop-card order-head order-head--${o.status}`} data-testid="order-head">
      <View className="order-head__row cc-spread">
        <Text className="order-number" data-testid="order-number">
          订单号 {o.number}
        </Text>
        <StatusTag lifecycle="order" status={o.status} />
      </View>
      {s.next && (
        <Text className="order-next" data-testid="order-next">
          {s.next}
        </Text>
      )}
      {detail && <Text className="order-next">{detail}</Text>}
    </View>
  );
}

/** The delivery of an order in words: the slot and where to, or the station and its hours. */
export function DeliveryFacts({ order: o }: { order: Order }) {
  const d = o.delivery;
  if (d.kind === 'pickup')
    return (
      <>
        <Fact label="方式">
          <Text>到站自提</Text>
        </Fact>
        <Fact label="自提点">
          <Text>
            {d.station_name}（{d.station_address}）
          </Text>
        </Fact>
        <Fact label="取货时间">
          <Text>
            {dayLabel(d.date)} {d.open}–{d.close}
          </Text>
        </Fact>
      </>
    );
  return (
    <>
      <Fact label="方式">
        <Text>配送上门</Text>
      </Fact>
      <Fact label="配送时段" className="order-slot">
        <Text>
          {dayLabel(d.slot_key.slice(0, 10))} {when(d.starts_at).slice(-5)}–{when(d.ends_at).slice(-5)}
        </Text>
      </Fact>
      <Fact label="收货人">
        <Text>
          {d.recipient} {d.phone_masked}
        </Text>
      </Fact>
      <Fact label="地址">
        <Text>{d.address}</Text>
      </Fact>
    </>
  );
}

/** The buyer's own review, as the order carries it. */
export function MyReview({ review }: { review: OrderReview }) {
  return (
    <View className="shop-card order-my-review" data-testid="order-my-review">
      <Text className="shop-card__title">我的评价</Text>
      <View className="review-stars">
        <Rate count={5} value={review.rating} readOnly />
        <Text className="review-stars__words">
          {review.rating} 星：{STAR_WORDS[review.rating]}
        </Text>
      </View>
      {review.text && <Text className="order-my-review__text">{review.text}</Text>}
      {review.photos.length > 0 && (
        <View className="review-photos">
          {review.photos.map((p) => (
            <Image
              key={p.id}
              className="review-photo"
              src={photoUrl(p.url)}
              mode="aspectFill"
              lazyLoad
              nativeProps={{ alt: '评价照片', loading: 'lazy' }}
            />
          ))}
        </View>
      )}
    </View>
  );
}

/** The seller, the lines with their photo boxes, the total and the payment. */
export function OrderLines({ order: o }: { order: Order }) {
  return (
    <View className="shop-card">
      <Text
        className="shop-card__title shop-link"
        {...tappable(() => void Taro.navigateTo({ url: `${SHOP_PAGES.seller}?id=${o.merchant_id}` }))}
      >
        {o.merchant_name} ›
      </Text>
      {o.lines.map((l) => (
        <View key={l.product_id} className="order-line-row">
          <Thumb alt={l.name} url={l.image_url} size="sm" className="order-line__photo" />
          <View className="checkout-line order-line">
            <Text className="checkout-line__name cc-grow">
              {l.name}
              {l.spec ? `（${l.spec}）` : ''} × {l.quantity}
              {l.unit}
              <Text className="muted">
                {'  '}
                {formatFen(l.price_fen)}/{l.unit}
                {l.origin_village ? ` · ${l.origin_village}` : ''}
              </Text>
            </Text>
            <Text className="checkout-line__amount">{formatFen(l.subtotal_fen)}</Text>
          </View>
        </View>
      ))}
      <View className="checkout-line checkout-line--sum">
        <Text>合计</Text>
        <Text className="order-total">{formatFen(o.total_fen)}</Text>
      </View>
      {o.note && (
        <Fact label="备注">
          <Text>{o.note}</Text>
        </Fact>
      )}
      <Fact label="付款">
        <Text>{o.payment ? `${o.payment.method === 'wallet' ? '市民卡钱包' : '微信支付'} · ${when(o.payment.paid_at)}` : '未付款'}</Text>
      </Fact>
      <Fact label="下单时间">
        <Text>{when(o.created_at)}</Text>
      </Fact>
    </View>
  );
}
