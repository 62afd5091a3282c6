import { useCallback, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { View, Text, Image } from '@tarojs/components';
import { Button, Rate, Step, Steps, TextArea } from '@nutui/nutui-react-taro';
import { ORDER_TRANSITIONS, formatFen, routes, type Order, type Review, ORDER_STATUS_WORDS } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { ACTOR_NAMES, SHOP_PAGES, STAR_WORDS, dayLabel, orderActionName, orderStatusHint, pageParam, when } from '../lib';
import { StatusTag } from '../../ui/StatusTag';
import '../shop.css';
import { ErrorView, Fact, LoadingView, Notice, photoUrl } from '../../ui';

/** review: undefined while unknown (or not completed), null when there is none yet. */
type State = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; order: Order; review?: Review | null };
type Ask = null | 'cancel' | 'confirm' | 'refund' | 'dispute';

const REFUNDABLE: readonly string[] = ORDER_TRANSITIONS.request_refund.from;
const DISPUTABLE: readonly string[] = ORDER_TRANSITIONS.dispute.from;

/** This order's review, if it has one: among the seller's newest reviews (one per order). */
async function reviewOf(o: Order): Promise<Review | null | undefined> {
  if (o.status !== 'completed') return undefined;
  const page = await call(routes.listMerchantReviews, { params: { merchant_id: o.merchant_id }, query: { limit: 100 } }).catch(() => null);
  return page ? (page.items.find((r) => r.order_id === o.id) ?? null) : undefined;
}

/** The delivery of an order in words: the slot and where to, or the station and its hours. */
function DeliveryFacts({ order: o }: { order: Order }) {
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

/** 订单详情: status and what comes next, delivery, items, payment, the status history; cancel, confirm, refund. */
export default function OrderPage() {
  const id = pageParam('id') ?? '';
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [ask, setAsk] = useState<Ask>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const load = useCallback(async () => {
    setState((s) => (s.kind === 'ready' ? s : { kind: 'loading' }));
    try {
      const order = await call(routes.getOrder, { params: { order_id: id } });
      setState({ kind: 'ready', order, review: await reviewOf(order) });
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
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
  const o = state.order;

  async function act(what: Exclude<Ask, null>) {
    if ((what === 'refund' || what === 'dispute') && reason.trim().length < 2) {
      setError(what === 'refund' ? '请写明退款原因（至少 2 个字）' : '请写明为什么需要服务站介入（至少 2 个字）');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const params = { order_id: o.id };
      const order =
        what === 'cancel'
          ? await call(routes.cancelOrder, { params, body: { reason: '买家取消订单' } })
          : what === 'confirm'
            ? await call(routes.confirmOrder, { params, body: {} })
            : what === 'refund'
              ? await call(routes.requestOrderRefund, { params, body: { reason: reason.trim() } })
              : await call(routes.disputeOrderRefund, { params, body: { reason: reason.trim() } });
      setState({ kind: 'ready', order, review: await reviewOf(order) });
      setAsk(null);
      setReason('');
      setDone(
        what === 'cancel'
          ? '订单已取消'
          : what === 'confirm'
            ? '已确认收货，交易完成'
            : what === 'refund'
              ? '退款申请已提交，等待商家处理'
              : '已申请服务站介入，工作人员会联系您',
      );
    } catch (e) {
      setError(errorMessage(e));
      void load();
    } finally {
      setBusy(false);
    }
  }

  const refund = o.refund;
  const canRefund = REFUNDABLE.includes(o.status) && !refund;
  const canDispute = DISPUTABLE.includes(o.status) && refund !== null && refund.refused_reason !== null && !refund.disputed;
  const review = state.review;
  const history = o.history;
  return (
    <View className="page shop-order">
      <View className={`shop-card order-head order-head--${o.status}`}>
        <View className="order-head__row">
          <Text className="order-head__status">{ORDER_STATUS_WORDS[o.status].word}</Text>
          <StatusTag lifecycle="order" status={o.status} />
        </View>
        <Text className="order-head__hint">{orderStatusHint(o)}</Text>
      </View>

      {done && <Notice tone="ok">{done}</Notice>}
      {error && ask !== 'refund' && ask !== 'dispute' && <Notice tone="danger">{error}</Notice>}

      {o.status === 'pending_payment' && ask !== 'cancel' && (
        <View className="shop-actions">
          <Button
            type="primary"
            className="order-pay"
            onClick={() => void Taro.navigateTo({ url: `${SHOP_PAGES.pay}?checkout_id=${o.checkout_id}` })}
          >
            去付款 {formatFen(o.total_fen)}
          </Button>
          <Button className="order-cancel" onClick={() => setAsk('cancel')}>
            取消订单
          </Button>
        </View>
      )}
      {ask === 'cancel' && (
        <Notice tone="warning" title="确定取消这个订单吗？" className="order-ask">
          <Text>取消后商品回到库存，配送名额也会释放。</Text>
          <View className="shop-notice__actions">
            <Button
              size="small"
              type="danger"
              className="order-cancel-confirm"
              loading={busy}
              disabled={busy}
              onClick={() => void act('cancel')}
            >
              取消订单
            </Button>
            <Button size="small" onClick={() => setAsk(null)}>
              再想想
            </Button>
          </View>
        </Notice>
      )}
      {o.status === 'delivered' && ask !== 'confirm' && (
        <View className="shop-actions">
          <Button type="primary" className="order-confirm" onClick={() => setAsk('confirm')}>
            确认收货
          </Button>
        </View>
      )}
      {ask === 'confirm' && (
        <Notice tone="warning" title="确认已经收到商品了吗？" className="order-ask">
          <Text>确认后货款付给商家。如有问题请先申请退款。</Text>
          <View className="shop-notice__actions">
            <Button
              size="small"
              type="primary"
              className="order-confirm-yes"
              loading={busy}
              disabled={busy}
              onClick={() => void act('confirm')}
            >
              确认收货
            </Button>
            <Button size="small" onClick={() => setAsk(null)}>
              还没收到
            </Button>
          </View>
        </Notice>
      )}

      {refund && (
        <View className="shop-card order-refund-story">
          <Text className="shop-card__title">退款</Text>
          <Fact label="退款原因">
            <Text>{refund.reason}</Text>
          </Fact>
          {refund.refused_reason && (
            <Fact label="商家拒绝">
              <Text>{refund.refused_reason}</Text>
            </Fact>
          )}
          {refund.disputed && (
            <Fact label="服务站介入">
              <Text>{refund.dispute_reason ?? '已申请'}</Text>
            </Fact>
          )}
          {refund.accepted_at && (
            <Fact label="结果">
              <Text>
                {refund.money === 'succeeded'
                  ? `已原路退回 ${formatFen(o.total_fen)}`
                  : refund.money === 'failed'
                    ? '退款暂未成功，服务站正在处理'
                    : `商家已同意，${formatFen(o.total_fen)} 正在原路退回`}
              </Text>
            </Fact>
          )}
          {canDispute && ask !== 'dispute' && (
            <View className="shop-notice__actions">
              <Button size="small" type="primary" fill="outline" className="order-dispute" onClick={() => setAsk('dispute')}>
                不同意，申请服务站介入
              </Button>
            </View>
          )}
          {ask === 'dispute' && (
            <View className="order-dispute-form">
              <View className="shop-field">
                <TextArea maxLength={200} rows={3} placeholder="说明情况，服务站工作人员会核实后决定" value={reason} onChange={setReason} />
              </View>
              {error && <Notice tone="danger">{error}</Notice>}
              <View className="shop-notice__actions">
                <Button
                  type="primary"
                  size="small"
                  className="order-dispute-submit"
                  loading={busy}
                  disabled={busy}
                  onClick={() => void act('dispute')}
                >
                  提交
                </Button>
                <Button size="small" onClick={() => setAsk(null)}>
                  取消
                </Button>
              </View>
            </View>
          )}
        </View>
      )}

      {o.status === 'completed' && review === null && (
        <View className="shop-actions">
          <Button type="primary" className="order-review" onClick={() => void Taro.navigateTo({ url: `${SHOP_PAGES.review}?id=${o.id}` })}>
            评价这一单
          </Button>
        </View>
      )}
      {review && (
        <View className="shop-card order-my-review">
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
                <Image key={p.id} className="review-photo" src={photoUrl(p.url)} mode="aspectFill" nativeProps={{ alt: '评价照片' }} />
              ))}
            </View>
          )}
        </View>
      )}

      <View className="shop-card">
        <Text className="shop-card__title">{o.delivery.kind === 'pickup' ? '自提信息' : '配送信息'}</Text>
        <DeliveryFacts order={o} />
      </View>

      <View className="shop-card">
        <Text
          className="shop-card__title shop-link"
          onClick={() => void Taro.navigateTo({ url: `${SHOP_PAGES.seller}?id=${o.merchant_id}` })}
        >
          {o.merchant_name} ›
        </Text>
        {o.lines.map((l) => (
          <View key={l.product_id} className="checkout-line order-line">
            <Text className="checkout-line__name">
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
        <Fact label="订单号">
          <Text className="order-id" data-testid="order-number">
            {o.number}
          </Text>
        </Fact>
      </View>

      <View className="shop-card order-timeline">
        <Text className="shop-card__title">订单进度</Text>
        <Steps direction="vertical" type="dot" value={history.length} className="order-steps">
          {[...history].reverse().map((h, i) => (
            <Step
              key={`${h.at}-${i}`}
              value={history.length - i}
              className={`order-step order-step--${h.action}`}
              title={`${orderActionName(h.action)}${h.to && h.to !== h.from ? ` · ${ORDER_STATUS_WORDS[h.to].word}` : ''}`}
              description={`${when(h.at)} · ${ACTOR_NAMES[h.actor_role]}${h.reason ? `：${h.reason}` : ''}`}
            />
          ))}
        </Steps>
      </View>

      {canRefund && ask !== 'refund' && (
        <Text className="shop-link shop-link--muted shop-center order-refund" onClick={() => setAsk('refund')}>
          申请退款
        </Text>
      )}
      {ask === 'refund' && (
        <View className="shop-card order-refund-form">
          <Text className="shop-card__title">申请退款</Text>
          <Text className="shop-hint">商家同意后，钱按原路退回{o.payment?.method === 'wallet' ? '市民卡钱包' : ''}。</Text>
          <View className="shop-field">
            <TextArea maxLength={200} rows={3} placeholder="请写明原因，比如：菜叶发黄、少送了一袋" value={reason} onChange={setReason} />
          </View>
          {error && <Notice tone="danger">{error}</Notice>}
          <View className="shop-notice__actions">
            <Button
              type="primary"
              size="small"
              className="order-refund-submit"
              loading={busy}
              disabled={busy}
              onClick={() => void act('refund')}
            >
              提交申请
            </Button>
            <Button size="small" onClick={() => setAsk(null)}>
              不退了
            </Button>
          </View>
        </View>
      )}
    </View>
  );
}
