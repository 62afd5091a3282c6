import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button, TextArea } from '@nutui/nutui-react-taro';
import { ORDER_TRANSITIONS, formatFen, type Order } from '@cc/shared';
import { tappable } from '../../ui/tappable';
import { SHOP_PAGES } from '../lib';
import type { OrderModel } from './useOrder';
import { Fact, Notice } from '../../ui';

const REFUNDABLE: readonly string[] = ORDER_TRANSITIONS.request_refund.from;
const DISPUTABLE: readonly string[] = ORDER_TRANSITIONS.dispute.from;

type Props = { order: Order; m: OrderModel };

/** A question before an action that cannot be undone, with the action and a way back. */
function AskNotice(props: {
  title: string;
  text: string;
  go: string;
  back: string;
  cls: string;
  danger?: boolean;
  m: OrderModel;
  what: 'cancel' | 'confirm';
}) {
  const { m } = props;
  return (
    <Notice tone="warning" title={props.title} className="order-ask">
      <Text>{props.text}</Text>
      <View className="shop-notice__actions">
        <Button
          size="small"
          type={props.danger ? 'danger' : 'primary'}
          className={props.cls}
          loading={m.busy}
          disabled={m.busy}
          onClick={() => void m.act(props.what)}
        >
          {props.go}
        </Button>
        <Button size="small" onClick={() => m.setAsk(null)}>
          {props.back}
        </Button>
      </View>
    </Notice>
  );
}

/** 去付款 / 取消订单 while unpaid, 确认收货 once delivered, each asked once more. */
export function OrderActions({ order: o, m }: Props) {
  return (
    <>
      {o.status === 'pending_payment' && m.ask !== 'cancel' && (
        <View className="shop-actions">
          <Button
            type="primary"
            className="order-pay"
            onClick={() => void Taro.navigateTo({ url: `${SHOP_PAGES.pay}?checkout_id=${o.checkout_id}` })}
          >
            去付款 {formatFen(o.total_fen)}
          </Button>
          <Button className="order-cancel" onClick={() => m.setAsk('cancel')}>
            取消订单
          </Button>
        </View>
      )}
      {m.ask === 'cancel' && (
        <AskNotice
          m={m}
          what="cancel"
          danger
          title="确定取消这个订单吗？"
          text="取消后商品回到库存，配送名额也会释放。"
          go="取消订单"
          back="再想想"
          cls="order-cancel-confirm"
        />
      )}
      {o.status === 'delivered' && m.ask !== 'confirm' && (
        <View className="shop-actions">
          <Button type="primary" className="order-confirm" onClick={() => m.setAsk('confirm')}>
            确认收货
          </Button>
        </View>
      )}
      {m.ask === 'confirm' && (
        <AskNotice
          m={m}
          what="confirm"
          title="确认已经收到商品了吗？"
          text="确认后货款付给商家。如有问题请先申请退款。"
          go="确认收货"
          back="还没收到"
          cls="order-confirm-yes"
        />
      )}
      {o.status === 'completed' && o.review === null && (
        <View className="shop-actions">
          <Button type="primary" className="order-review" onClick={() => void Taro.navigateTo({ url: `${SHOP_PAGES.review}?id=${o.id}` })}>
            评价这一单
          </Button>
        </View>
      )}
    </>
  );
}

/** A reason written for a refund or a dispute, then 提交. */
function ReasonForm({
  m,
  what,
  placeholder,
  submit,
  back,
  cls,
}: {
  m: OrderModel;
  what: 'refund' | 'dispute';
  placeholder: string;
  submit: string;
  back: string;
  cls: string;
}) {
  return (
    <>
      <View className="shop-field">
        <TextArea maxLength={200} rows={3} placeholder={placeholder} value={m.reason} onChange={m.setReason} />
      </View>
      {m.error && <Notice tone="danger">{m.error}</Notice>}
      <View className="shop-notice__actions">
        <Button type="primary" size="small" className={cls} loading={m.busy} disabled={m.busy} onClick={() => void m.act(what)}>
          {submit}
        </Button>
        <Button size="small" onClick={() => m.setAsk(null)}>
          {back}
        </Button>
      </View>
    </>
  );
}

function refundResult(o: Order): string {
  if (o.refund?.money === 'succeeded') return `已原路退回 ${formatFen(o.total_fen)}`;
  if (o.refund?.money === 'failed') return '退款暂未成功，服务站正在处理';
  return `商家已同意，${formatFen(o.total_fen)} 正在原路退回`;
}

/** The refund story so far, and the way to the service station after a refusal. */
export function RefundStory({ order: o, m }: Props) {
  const refund = o.refund;
  if (!refund) return null;
  const canDispute = DISPUTABLE.includes(o.status) && refund.refused_reason !== null && !refund.disputed;
  return (
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
          <Text>{refundResult(o)}</Text>
        </Fact>
      )}
      {canDispute && m.ask !== 'dispute' && (
        <View className="shop-notice__actions">
          <Button size="small" type="primary" fill="outline" className="order-dispute" onClick={() => m.setAsk('dispute')}>
            不同意，申请服务站介入
          </Button>
        </View>
      )}
      {m.ask === 'dispute' && (
        <View className="order-dispute-form">
          <ReasonForm
            m={m}
            what="dispute"
            placeholder="说明情况，服务站工作人员会核实后决定"
            submit="提交"
            back="取消"
            cls="order-dispute-submit"
          />
        </View>
      )}
    </View>
  );
}

/** 申请退款: a quiet link, then the reason. */
export function RefundRequest({ order: o, m }: Props) {
  const canRefund = REFUNDABLE.includes(o.status) && !o.refund;
  if (canRefund && m.ask !== 'refund')
    return (
      <Text className="shop-link shop-link--muted shop-center order-refund" {...tappable(() => m.setAsk('refund'))}>
        申请退款
      </Text>
    );
  if (m.ask !== 'refund') return null;
  return (
    <View className="shop-card order-refund-form">
      <Text className="shop-card__title">申请退款</Text>
      <Text className="shop-hint">商家同意后，钱按原路退回{o.payment?.method === 'wallet' ? '市民卡钱包' : ''}。</Text>
      <ReasonForm
        m={m}
        what="refund"
        placeholder="请写明原因，比如：菜叶发黄、少送了一袋"
        submit="提交申请"
        back="不退了"
        cls="order-refund-submit"
      />
    </View>
  );
}
