import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { formatFen, routes, type Order } from '@cc/shared';
import { call, errorMessage } from '../api';
import { ConfirmButton } from './components';
import { Notice, ReasonBox } from '../ui';

type Step = { route: (typeof routes)['prepareOrder']; label: string; done: string; className: string };

/** The next step of the fulfilment, for the seller (and, from 已备好 on, the service station). */
function nextStep(o: Order, as: 'seller' | 'operator'): Step | null {
  const pickup = o.delivery.kind === 'pickup';
  switch (o.status) {
    case 'paid':
      return as === 'seller'
        ? { route: routes.prepareOrder, label: '开始备货', done: '已开始备货', className: 'order-act--prepare' }
        : null;
    case 'preparing':
      return as === 'seller' ? { route: routes.readyOrder, label: '备货完成', done: '备货完成', className: 'order-act--ready' } : null;
    case 'ready':
      return pickup
        ? { route: routes.pickUpOrder, label: '自提交付（顾客已取货）', done: '已交给顾客', className: 'order-act--pickup' }
        : { route: routes.dispatchOrder, label: '开始配送', done: '已出发配送', className: 'order-act--dispatch' };
    case 'out_for_delivery':
      return { route: routes.deliverOrder, label: '确认送达', done: '已送达，等待买家确认收货', className: 'order-act--deliver' };
    default:
      return null;
  }
}

type Message = string | ((next: Order) => string);
type Act = (work: () => Promise<Order>, message: Message) => Promise<boolean>;

/** One change at a time: busy while it runs, its failure in words, `onChanged` with the order the API returned. */
function useOrderAct(onChanged: (o: Order, message: string) => void, onDone: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** `message` may depend on the answer (a wallet refund is back at once, a WeChat Pay one is on its way). */
  const act: Act = async (work, message) => {
    setBusy(true);
    setError(null);
    try {
      const next = await work();
      onDone();
      onChanged(next, typeof message === 'string' ? message : message(next));
      return true;
    } catch (e) {
      setError(errorMessage(e));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, act };
}

function ErrorBox({ error }: { error: string | null }) {
  return error ? (
    <Notice tone="danger" className="order-act__error">
      <Text>{error}</Text>
    </Notice>
  ) : null;
}

function RefundWaiting({ underway, as }: { underway: boolean; as: 'seller' | 'operator' }) {
  return (
    <Notice tone="info" className="order-act__waiting">
      <Text>
        {underway
          ? '已同意退款，钱款正在原路退回买家，到账后订单显示「已退款」。'
          : as === 'seller'
            ? '买家已申请服务站介入，由服务站决定是否退款。'
            : '买家已申请退款，正在等商家处理；商家拒绝后买家可申请服务站介入。'}
      </Text>
    </Notice>
  );
}

/** Accept (after a confirmation) or refuse with a reason: the seller before an appeal, the station after one. */
function RefundDecision(props: { order: Order; as: 'seller' | 'operator'; act: Act; refusing: boolean; setRefusing(v: boolean): void }) {
  const { order: o, as, act, refusing, setRefusing } = props;
  const params = { order_id: o.id };
  const seller = as === 'seller';
  const who = seller ? '' : '（服务站裁决）';
  const accepted = (next: Order) =>
    next.status === 'refunded'
      ? `已退款${who}：${formatFen(o.total_fen)} 原路退回买家，已到账`
      : `已同意退款${who}，${formatFen(o.total_fen)} 正在原路退回买家`;
  return (
    <>
      {!refusing && (
        <ConfirmButton
          className="order-act order-act--refund"
          question={`确认把 ${formatFen(o.total_fen)} 原路退回买家？同意后不能撤回，钱款到账后订单结束。`}
          confirmText="确认退款"
          onConfirm={() => act(() => call(routes.acceptOrderRefund, { params, body: {} }), accepted)}
        >
          {seller ? '同意退款' : '退款给买家'}
        </ConfirmButton>
      )}
      {refusing ? (
        <ReasonBox
          className="order-act__refuse-reason"
          label={seller ? '拒绝退款的原因' : '驳回退款的原因'}
          placeholder={seller ? '如：商品已按约送达，当面验过货，买家会看到这条原因' : '如：经核实商品无质量问题，买家和商家都会看到'}
          submitText={seller ? '确定拒绝' : '确定驳回'}
          danger
          onCancel={() => setRefusing(false)}
          onSubmit={(reason) =>
            act(
              () => call(routes.refuseOrderRefund, { params, body: { reason } }),
              seller ? '已拒绝退款，买家可申请服务站介入' : '已驳回退款申请，订单恢复原状态',
            )
          }
        />
      ) : (
        <Button size="large" block fill="outline" type="danger" className="order-act order-act--refuse" onClick={() => setRefusing(true)}>
          {seller ? '拒绝退款' : '驳回退款'}
        </Button>
      )}
    </>
  );
}

/**
 * What can be done with an order now: the next fulfilment step, or the refund decision (the seller's before an
 * appeal, the service station's after). Every change goes through the API; `onChanged` gets the order it returned.
 */
export function OrderActions({
  order: o,
  as,
  onChanged,
}: {
  order: Order;
  as: 'seller' | 'operator';
  onChanged(o: Order, message: string): void;
}) {
  const [refusing, setRefusing] = useState(false);
  const { busy, error, act } = useOrderAct(onChanged, () => setRefusing(false));
  const step = nextStep(o, as);
  // Accepted and on its way back: nothing to decide any more (a failed refund may be accepted again).
  const underway = !!o.refund?.accepted_at && o.refund.money !== 'failed';
  const decides = o.status === 'refunding' && !underway && (as === 'seller' ? !o.refund?.disputed : !!o.refund?.disputed);

  if (step)
    return (
      <View className="biz-actions order-actions">
        <ErrorBox error={error} />
        <Button
          type="primary"
          size="large"
          block
          className={`order-act ${step.className}`}
          loading={busy}
          disabled={busy}
          onClick={() => void act(() => call(step.route, { params: { order_id: o.id }, body: {} }), step.done)}
        >
          {step.label}
        </Button>
      </View>
    );
  if (o.status === 'refunding' && !decides) return <RefundWaiting underway={underway} as={as} />;
  if (decides)
    return (
      <View className="biz-actions order-actions">
        <ErrorBox error={error} />
        <RefundDecision order={o} as={as} act={act} refusing={refusing} setRefusing={setRefusing} />
      </View>
    );
  return <ErrorBox error={error} />;
}
