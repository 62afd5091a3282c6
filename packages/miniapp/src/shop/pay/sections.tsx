import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button, NumberKeyboard, ShortPassword } from '@nutui/nutui-react-taro';
import { SuccessF } from '@nutui/icons-react-taro';
import { formatFen, type Order, type Wallet } from '@cc/shared';
import { Notice, tappable } from '../../ui';
import { WechatPaySimSheet } from '../../wallet/wechat-sim';
import { SHOP_PAGES, when } from '../lib';
import { needsPinFor, type Problem } from './problems';
import { CLOSED_PAD, OPEN_PAD, totalOf, type PayModel, type PayState } from './usePay';

type Ready = Extract<PayState, { kind: 'ready' }>;

/** 支付成功: the amount, the balance left, and the way to the order (or orders). */
export function PaidView({ state }: { state: Extract<PayState, { kind: 'paid' }> }) {
  const only = state.orders.length === 1 ? state.orders[0] : null;
  return (
    <View className="page shop-paid">
      <View className="shop-result">
        <SuccessF size={56} color="var(--cc-color-brand)" />
        <Text className="shop-result__title pay-success">支付成功</Text>
        <Text className="shop-result__amount">{formatFen(state.total_fen)}</Text>
        {state.balance_fen !== null && <Text className="shop-result__sub">钱包余额 {formatFen(state.balance_fen)}</Text>}
        <Text className="shop-result__sub">
          {state.orders.length > 1 ? `共 ${state.orders.length} 个订单，商家会分别备货配送` : '商家会尽快备货'}
        </Text>
      </View>
      <Button
        block
        type="primary"
        className="pay-view-order"
        onClick={() => void Taro.redirectTo({ url: only ? `${SHOP_PAGES.order}?id=${only.id}` : SHOP_PAGES.orders })}
      >
        {only ? '查看订单' : '查看我的订单'}
      </Button>
      <Button block fill="outline" type="primary" className="shop-gap" onClick={() => void Taro.redirectTo({ url: SHOP_PAGES.home })}>
        继续购物
      </Button>
    </View>
  );
}

/** 应付金额 and by when, then each order by its number. */
export function PayOrders({ orders }: { orders: Order[] }) {
  return (
    <>
      <View className="shop-pay__amount-card">
        <Text className="shop-pay__label">应付金额</Text>
        <Text className="shop-pay__amount pay-total">{formatFen(totalOf(orders))}</Text>
        <Text className="shop-pay__deadline">请在 {when(orders[0]!.pay_by)} 前付款，超时订单自动取消</Text>
      </View>
      <View className="shop-card">
        <Text className="shop-card__title">订单</Text>
        {orders.map((o) => (
          <View key={o.id} className="checkout-line">
            <Text className="checkout-line__name cc-grow">
              <Text className="pay-order-number" data-testid="pay-order-number">
                订单号 {o.number}
              </Text>{' '}
              {o.merchant_name} · {o.lines.map((l) => `${l.name}×${l.quantity}`).join('、')}
            </Text>
            <Text className="checkout-line__amount">{formatFen(o.total_fen)}</Text>
          </View>
        ))}
      </View>
    </>
  );
}

/** 付款方式: the wallet's balance and card, and whether this amount needs the PIN. */
export function PayMethod({ wallet, total }: { wallet: Wallet; total: number }) {
  return (
    <View className="shop-card pay-method">
      <Text className="shop-card__title">付款方式</Text>
      <View className="pay-method__row cc-spread cc-spread--baseline cc-spread--wrap">
        <Text className="pay-method__name">市民卡钱包</Text>
        <Text className="pay-method__balance">
          余额 {formatFen(wallet.balance_fen)}
          {wallet.card ? ` · 卡尾号 ${wallet.card.last4}` : ''}
        </Text>
      </View>
      <Text className="shop-hint pay-pin-hint">
        {!needsPinFor(wallet, total)
          ? `不超过免密额度 ${formatFen(wallet.limits.pin_free_limit_fen)}，无需输入密码`
          : total > wallet.limits.pin_free_limit_fen
            ? `超过免密额度 ${formatFen(wallet.limits.pin_free_limit_fen)}，需要输入 6 位支付密码`
            : '今日免密额度已用完，需要输入 6 位支付密码'}
      </Text>
    </View>
  );
}

/** Why paying did not or cannot work, and the one thing to do about it. */
export function PayProblem({ problem }: { problem: Problem }) {
  const { action } = problem;
  return (
    <Notice tone="danger" title={problem.title} className="pay-problem">
      <Text>{problem.text}</Text>
      {action && (
        <View className="shop-notice__actions">
          <Button size="small" type="primary" onClick={() => void Taro.navigateTo({ url: action.url })}>
            {action.label}
          </Button>
        </View>
      )}
    </Notice>
  );
}

/** 确认付款 (the wallet), 微信支付 (or the H5 simulator's confirm), and 稍后再付. */
export function PayButtons({ ready, blocked, m }: { ready: Ready; blocked: boolean; m: PayModel }) {
  const { orders } = ready;
  const total = totalOf(orders);
  const { busy, pad } = m;
  return (
    <>
      <Button
        block
        type="primary"
        size="large"
        className="pay-submit"
        loading={busy && !pad.open}
        disabled={busy || blocked}
        onClick={() => (needsPinFor(ready.wallet, total) ? m.setPad(OPEN_PAD) : void m.pay(ready))}
      >
        确认付款 {formatFen(total)}
      </Button>
      {m.simPrepay ? (
        <WechatPaySimSheet amount_fen={total} busy={busy} onConfirm={() => void m.confirmSimulated(total)} />
      ) : (
        <Button block type="success" className="pay-wechat shop-gap" disabled={busy} onClick={() => void m.payWechat(ready)}>
          微信支付 {formatFen(total)}
        </Button>
      )}
      <Text
        className="shop-link shop-link--muted shop-center"
        {...tappable(
          () => void Taro.redirectTo({ url: orders.length === 1 ? `${SHOP_PAGES.order}?id=${orders[0]!.id}` : SHOP_PAGES.orders }),
        )}
      >
        稍后再付（在“我的订单”里付款）
      </Text>
    </>
  );
}

/** The 6-digit PIN on NutUI's on-screen pad (ShortPassword + NumberKeyboard), never the system keyboard. */
export function PinPad({ ready, m }: { ready: Ready; m: PayModel }) {
  const { busy, pad, setPad } = m;
  return (
    <>
      <ShortPassword
        className="pay-pad"
        visible={pad.open}
        title="请输入支付密码"
        description={`市民卡钱包付款 ${formatFen(totalOf(ready.orders))}`}
        tips={busy ? '正在付款…' : '忘记密码请带身份证到社区服务站重置'}
        value={pad.pin}
        error={pad.error}
        length={6}
        autoFocus
        onFocus={() => setPad((p) => ({ ...p, keyboard: true }))}
        onClose={() => setPad(CLOSED_PAD)}
        onComplete={(pin) => {
          if (!busy && pin.length === 6) void m.pay(ready, pin);
        }}
      />
      <NumberKeyboard
        className="pay-keyboard"
        visible={pad.open && pad.keyboard}
        onChange={(digit) => setPad((p) => (busy || p.pin.length >= 6 ? p : { ...p, pin: p.pin + digit, error: null }))}
        onDelete={() => setPad((p) => ({ ...p, pin: p.pin.slice(0, -1) }))}
        onClose={() => setPad((p) => ({ ...p, keyboard: false }))}
      />
    </>
  );
}
