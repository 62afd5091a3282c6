import { useCallback, useRef, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button, NumberKeyboard, ShortPassword } from '@nutui/nutui-react-taro';
import { SuccessF } from '@nutui/icons-react-taro';
import { ApiError, formatFen, routes, type Order, type Wallet } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { appConfig } from '../../config';
import { SHOP_PAGES, WALLET_BIND, WALLET_HOME, WALLET_PIN, WALLET_TOPUP, isApiError, newIdempotencyKey, pageParam, when } from '../lib';
import { tappable } from '../../ui/tappable';
import '../shop.css';
import { EmptyView, ErrorView, LoadingView, Notice } from '../../ui';
import './pay.css';

type State =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'gone'; orders: Order[] }
  | { kind: 'ready'; orders: Order[]; wallet: Wallet }
  | { kind: 'paid'; orders: Order[]; total_fen: number; balance_fen: number | null };

/** A refusal of the wallet in plain words, with the one thing the person can do about it. */
type Problem = { title: string; text: string; action?: { label: string; url: string } };

function explain(e: unknown, total: number, wallet: Wallet): Problem {
  const code = e instanceof ApiError ? e.code : '';
  switch (code) {
    case 'insufficient_funds':
      return {
        title: '钱包余额不足',
        text: `这次要付 ${formatFen(total)}，钱包里只有 ${formatFen(wallet.balance_fen)}。请先充值，订单会为您保留到付款截止时间。`,
        action: { label: '去充值', url: WALLET_TOPUP },
      };
    case 'card_locked':
      return {
        title: '支付密码已锁定',
        text: '密码连续输错 5 次，市民卡已锁定 30 分钟。请稍后再付款；忘记密码请带身份证到社区服务站重置。',
      };
    case 'daily_cap_exceeded':
      return {
        title: '超过今日支付限额',
        text: `每天最多付 ${formatFen(wallet.limits.daily_cap_fen)}，今天已经付了 ${formatFen(wallet.limits.spent_today_fen)}。请明天再付，或减少商品后重新下单。`,
      };
    case 'card_not_bound':
      return { title: '还没有绑定市民卡', text: '用钱包付款要先绑定市民卡。', action: { label: '去绑卡', url: WALLET_BIND } };
    case 'pin_not_set':
      return { title: '还没有设置支付密码', text: '超过免密额度的付款需要 6 位支付密码。', action: { label: '去设置', url: WALLET_PIN } };
    case 'card_frozen':
      return {
        title: '市民卡已挂失冻结',
        text: '冻结期间不能付款。补办新卡后余额会转到新卡上。',
        action: { label: '查看钱包', url: WALLET_HOME },
      };
    case 'card_replaced':
      return { title: '这张卡已补办新卡', text: '请在钱包里确认新卡后再付款。', action: { label: '查看钱包', url: WALLET_HOME } };
    case 'payment_expired':
    case 'not_payable':
      return { title: '订单已超时取消', text: '超过付款时间，订单已自动取消，库存已释放。可以重新下单。' };
    default:
      return { title: '付款没有成功', text: errorMessage(e) };
  }
}

/**
 * 付款: everything unpaid of one checkout, paid once from the citizen-card wallet. Above the PIN-free limit the
 * 6-digit PIN is typed on NutUI's on-screen pad (ShortPassword + NumberKeyboard), never the system keyboard.
 */
export default function PayPage() {
  const checkoutId = pageParam('checkout_id') ?? '';
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [pad, setPad] = useState<{ open: boolean; keyboard: boolean; pin: string; error: string | null }>({
    open: false,
    keyboard: false,
    pin: '',
    error: null,
  });
  const payKey = useRef(newIdempotencyKey('pay'));
  /** H5 demo only: the prepay id waiting for the person to confirm in the local WeChat Pay simulator. */
  const [simPrepay, setSimPrepay] = useState<string | null>(null);
  const { wechatPaySimUrl } = appConfig();

  const load = useCallback(async () => {
    setState((s) => (s.kind === 'ready' || s.kind === 'paid' ? s : { kind: 'loading' }));
    try {
      const [checkout, wallet] = await Promise.all([
        call(routes.getCheckout, { params: { checkout_id: checkoutId } }),
        call(routes.getWallet, {}),
      ]);
      const unpaid = checkout.orders.filter((o) => o.status === 'pending_payment');
      const paid = checkout.orders.filter((o) => o.payment);
      setState((s) =>
        s.kind === 'paid'
          ? s
          : unpaid.length > 0
            ? { kind: 'ready', orders: unpaid, wallet }
            : paid.length > 0
              ? // Nothing left to pay: it was paid (say so), or it was cancelled.
                { kind: 'paid', orders: paid, total_fen: paid.reduce((n, o) => n + o.total_fen, 0), balance_fen: wallet.balance_fen }
              : { kind: 'gone', orders: checkout.orders },
      );
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    }
  }, [checkoutId]);
  useDidShow(() => void load());

  async function pay(pin?: string) {
    if (state.kind !== 'ready') return;
    const total = state.orders.reduce((n, o) => n + o.total_fen, 0);
    setBusy(true);
    setProblem(null);
    try {
      const result = await call(routes.payCheckout, {
        params: { checkout_id: checkoutId },
        body: { method: 'wallet', ...(pin ? { pin } : {}) },
        idempotencyKey: payKey.current,
      });
      setPad({ open: false, keyboard: false, pin: '', error: null });
      const wallet = await call(routes.getWallet, {}).catch(() => null);
      setState({ kind: 'paid', orders: result.orders, total_fen: total, balance_fen: wallet?.balance_fen ?? null });
    } catch (e) {
      payKey.current = newIdempotencyKey('pay');
      if (isApiError(e, 'pin_incorrect')) {
        // Stay on the pad: the server says how many tries are left.
        setPad((p) => ({ ...p, pin: '', error: (e as ApiError).problem.title, keyboard: true }));
      } else if (isApiError(e, 'pin_required')) {
        setPad({ open: true, keyboard: true, pin: '', error: null });
      } else {
        setPad({ open: false, keyboard: false, pin: '', error: null });
        setProblem(explain(e, total, state.wallet));
        // The balance, the card and the orders may have changed: show them as they are now.
        void load();
      }
    } finally {
      setBusy(false);
    }
  }

  /** Asks the API (which asks WeChat Pay when the notify is late) until the orders are paid. */
  async function waitForWechat(total: number): Promise<void> {
    for (let i = 0; i < 30; i++) {
      const checkout = await call(routes.getCheckout, { params: { checkout_id: checkoutId } }).catch(() => null);
      const paid = checkout?.orders.filter((o) => o.payment?.method === 'wechatpay') ?? [];
      if (checkout && paid.length > 0 && checkout.orders.every((o) => o.status !== 'pending_payment')) {
        setState({ kind: 'paid', orders: paid, total_fen: total, balance_fen: null });
        return;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
    setProblem({ title: '还没有收到微信支付结果', text: '如果已经付款，稍后在“我的订单”里会显示已付款；没有付款不会扣钱。' });
  }

  /** WeChat Pay: the API places the order; wx.requestPayment in the mini-program, the local simulator on H5. */
  async function payWechat() {
    if (state.kind !== 'ready') return;
    const total = state.orders.reduce((n, o) => n + o.total_fen, 0);
    setBusy(true);
    setProblem(null);
    try {
      const result = await call(routes.payCheckout, {
        params: { checkout_id: checkoutId },
        body: { method: 'wechatpay' },
        idempotencyKey: newIdempotencyKey('wxpay'),
      });
      if (!result.wechat_pay) return void (await waitForWechat(total));
      const params = result.wechat_pay.pay_params;
      if (process.env.TARO_ENV === 'weapp') {
        await Taro.requestPayment({
          timeStamp: params.timeStamp,
          nonceStr: params.nonceStr,
          package: params.package,
          signType: params.signType,
          paySign: params.paySign,
        });
        await waitForWechat(total);
      } else if (wechatPaySimUrl) {
        setSimPrepay(params.package.replace(/^prepay_id=/, ''));
      } else {
        setProblem({ title: '网页版不能使用微信支付', text: '请在微信小程序中付款，或使用市民卡钱包。' });
      }
    } catch (e) {
      const msg = (e as { errMsg?: string } | null)?.errMsg ?? '';
      setProblem(
        msg
          ? { title: '微信支付没有完成', text: msg.includes('cancel') ? '已取消支付，没有扣款。' : '请稍后再试。' }
          : explain(e, total, state.wallet),
      );
    } finally {
      setBusy(false);
    }
  }

  /** H5 demo: the person "pays" in the WeChat Pay simulator, which notifies the API as WeChat Pay would. */
  async function confirmSimulated(total: number) {
    if (!simPrepay || !wechatPaySimUrl) return;
    setBusy(true);
    try {
      const res = await Taro.request({
        url: `${wechatPaySimUrl.replace(/\/$/, '')}/sim/pay`,
        method: 'POST',
        header: { 'content-type': 'application/json' },
        data: JSON.stringify({ prepay_id: simPrepay }),
      });
      if (res.statusCode !== 200) throw new Error('simulator refused');
      setSimPrepay(null);
      await waitForWechat(total);
    } catch {
      setProblem({ title: '模拟支付没有成功', text: '请再试一次。' });
    } finally {
      setBusy(false);
    }
  }

  if (state.kind === 'loading') return <LoadingView />;
  if (state.kind === 'error')
    return (
      <View className="page">
        <ErrorView message={state.message} onRetry={() => void load()} />
      </View>
    );
  if (state.kind === 'gone')
    return (
      <View className="page">
        <EmptyView title="没有需要付款的订单" description="这笔订单可能已超时取消。可以回到商城重新下单。" />
        <Button block type="primary" onClick={() => void Taro.redirectTo({ url: SHOP_PAGES.orders })}>
          查看我的订单
        </Button>
      </View>
    );
  if (state.kind === 'paid') {
    const only = state.orders.length === 1 ? state.orders[0] : null;
    return (
      <View className="page shop-paid">
        <View className="shop-result">
          <SuccessF size={56} color="#0b6e4f" />
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

  const { orders, wallet } = state;
  const total = orders.reduce((n, o) => n + o.total_fen, 0);
  const payBy = orders[0]!.pay_by;
  const needsPin = total > wallet.limits.pin_free_limit_fen;
  const card = wallet.card;
  const shortOfMoney = wallet.balance_fen < total;
  const precheck: Problem | null = !card
    ? explain(new ApiError({ type: 'about:blank', title: '', status: 404, code: 'card_not_bound' }), total, wallet)
    : card.status === 'frozen'
      ? explain(new ApiError({ type: 'about:blank', title: '', status: 403, code: 'card_frozen' }), total, wallet)
      : card.locked_until && Date.parse(card.locked_until) > Date.now()
        ? { title: '支付密码已锁定', text: `密码连续输错 5 次，${when(card.locked_until)} 以后才能再付款。` }
        : needsPin && !card.pin_set
          ? explain(new ApiError({ type: 'about:blank', title: '', status: 409, code: 'pin_not_set' }), total, wallet)
          : shortOfMoney
            ? explain(new ApiError({ type: 'about:blank', title: '', status: 409, code: 'insufficient_funds' }), total, wallet)
            : null;
  const shown = problem ?? precheck;

  return (
    <View className="page shop-pay">
      <View className="shop-pay__amount-card">
        <Text className="shop-pay__label">应付金额</Text>
        <Text className="shop-pay__amount pay-total">{formatFen(total)}</Text>
        <Text className="shop-pay__deadline">请在 {when(payBy)} 前付款，超时订单自动取消</Text>
      </View>

      <View className="shop-card">
        <Text className="shop-card__title">订单</Text>
        {orders.map((o) => (
          <View key={o.id} className="checkout-line">
            <Text className="checkout-line__name">
              <Text className="pay-order-number" data-testid="pay-order-number">
                订单号 {o.number}
              </Text>{' '}
              {o.merchant_name} · {o.lines.map((l) => `${l.name}×${l.quantity}`).join('、')}
            </Text>
            <Text className="checkout-line__amount">{formatFen(o.total_fen)}</Text>
          </View>
        ))}
      </View>

      <View className="shop-card pay-method">
        <Text className="shop-card__title">付款方式</Text>
        <View className="pay-method__row">
          <Text className="pay-method__name">市民卡钱包</Text>
          <Text className="pay-method__balance">
            余额 {formatFen(wallet.balance_fen)}
            {card ? ` · 卡尾号 ${card.last4}` : ''}
          </Text>
        </View>
        <Text className="shop-hint pay-pin-hint">
          {needsPin
            ? `超过免密额度 ${formatFen(wallet.limits.pin_free_limit_fen)}，需要输入 6 位支付密码`
            : `不超过免密额度 ${formatFen(wallet.limits.pin_free_limit_fen)}，无需输入密码`}
        </Text>
      </View>

      {shown && (
        <Notice tone="danger" title={shown.title} className="pay-problem">
          <Text>{shown.text}</Text>
          {shown.action && (
            <View className="shop-notice__actions">
              <Button size="small" type="primary" onClick={() => void Taro.navigateTo({ url: shown.action!.url })}>
                {shown.action.label}
              </Button>
            </View>
          )}
        </Notice>
      )}

      <Button
        block
        type="primary"
        size="large"
        className="pay-submit"
        loading={busy && !pad.open}
        disabled={busy || precheck !== null}
        onClick={() => (needsPin ? setPad({ open: true, keyboard: true, pin: '', error: null }) : void pay())}
      >
        确认付款 {formatFen(total)}
      </Button>
      {simPrepay ? (
        <View className="shop-card pay-wechat-sim">
          <Text className="shop-card__title">模拟微信支付（网页演示）</Text>
          <Text className="shop-hint">在微信里这里会弹出微信支付；演示环境由本地模拟器代替，确认后它会像微信支付一样通知平台。</Text>
          <Button block type="success" className="pay-wechat-confirm" loading={busy} onClick={() => void confirmSimulated(total)}>
            确认支付 {formatFen(total)}
          </Button>
        </View>
      ) : (
        <Button block type="success" className="pay-wechat shop-gap" disabled={busy} onClick={() => void payWechat()}>
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

      <ShortPassword
        className="pay-pad"
        visible={pad.open}
        title="请输入支付密码"
        description={`市民卡钱包付款 ${formatFen(total)}`}
        tips={busy ? '正在付款…' : '忘记密码请带身份证到社区服务站重置'}
        value={pad.pin}
        error={pad.error}
        length={6}
        autoFocus
        onFocus={() => setPad((p) => ({ ...p, keyboard: true }))}
        onClose={() => setPad({ open: false, keyboard: false, pin: '', error: null })}
        onComplete={(pin) => {
          if (!busy && pin.length === 6) void pay(pin);
        }}
      />
      <NumberKeyboard
        className="pay-keyboard"
        visible={pad.open && pad.keyboard}
        onChange={(digit) => setPad((p) => (busy || p.pin.length >= 6 ? p : { ...p, pin: p.pin + digit, error: null }))}
        onDelete={() => setPad((p) => ({ ...p, pin: p.pin.slice(0, -1) }))}
        onClose={() => setPad((p) => ({ ...p, keyboard: false }))}
      />
    </View>
  );
}
