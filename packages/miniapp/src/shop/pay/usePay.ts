import { useCallback, useRef, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { routes, type ApiError, type Order, type Wallet } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { appConfig } from '../../config';
import { isApiError, newIdempotencyKey, pageParam } from '../lib';
import { explain, type Problem } from './problems';

export type PayState =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'gone'; orders: Order[] }
  | { kind: 'ready'; orders: Order[]; wallet: Wallet }
  | { kind: 'paid'; orders: Order[]; total_fen: number; balance_fen: number | null };
type Ready = Extract<PayState, { kind: 'ready' }>;
type Setter<T> = (v: T | ((p: T) => T)) => void;

/** The PIN pad: open, its keyboard shown, the digits typed, the server's words on a wrong PIN. */
export type Pad = { open: boolean; keyboard: boolean; pin: string; error: string | null };
export const CLOSED_PAD: Pad = { open: false, keyboard: false, pin: '', error: null };
export const OPEN_PAD: Pad = { open: true, keyboard: true, pin: '', error: null };

export const totalOf = (orders: Order[]) => orders.reduce((n, o) => n + o.total_fen, 0);

/** The checkout as it is now: what is left to pay, or that it was paid (say so), or that it was cancelled. */
function usePayState(checkoutId: string) {
  const [state, setState] = useState<PayState>({ kind: 'loading' });
  const load = useCallback(async () => {
    setState((s) => (s.kind === 'ready' || s.kind === 'paid' ? s : { kind: 'loading' }));
    try {
      const [checkout, wallet] = await Promise.all([
        call(routes.getCheckout, { params: { checkout_id: checkoutId } }),
        call(routes.getWallet, {}),
      ]);
      const unpaid = checkout.orders.filter((o) => o.status === 'pending_payment');
      const paid = checkout.orders.filter((o) => o.payment);
      setState((s) => {
        if (s.kind === 'paid') return s;
        if (unpaid.length > 0) return { kind: 'ready', orders: unpaid, wallet };
        // Nothing left to pay: it was paid (say so), or it was cancelled.
        if (paid.length > 0) return { kind: 'paid', orders: paid, total_fen: totalOf(paid), balance_fen: wallet.balance_fen };
        return { kind: 'gone', orders: checkout.orders };
      });
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    }
  }, [checkoutId]);
  useDidShow(() => void load());
  return { state, setState, load };
}

/** Asks the API (which asks WeChat Pay when the notify is late) until the orders are paid; null after 30 tries. */
async function paidByWechat(checkoutId: string): Promise<Order[] | null> {
  for (let i = 0; i < 30; i++) {
    const checkout = await call(routes.getCheckout, { params: { checkout_id: checkoutId } }).catch(() => null);
    const paid = checkout?.orders.filter((o) => o.payment?.method === 'wechatpay') ?? [];
    if (checkout && paid.length > 0 && checkout.orders.every((o) => o.status !== 'pending_payment')) return paid;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return null;
}

/** H5 demo: the person "pays" in the WeChat Pay simulator, which notifies the API as WeChat Pay would. */
async function simulatorPay(simUrl: string, prepay_id: string): Promise<void> {
  const res = await Taro.request({
    url: `${simUrl.replace(/\/$/, '')}/sim/pay`,
    method: 'POST',
    header: { 'content-type': 'application/json' },
    data: JSON.stringify({ prepay_id }),
  });
  if (res.statusCode !== 200) throw new Error('simulator refused');
}

type Shared = { checkoutId: string; setState: Setter<PayState>; setBusy: (b: boolean) => void; setProblem: (p: Problem | null) => void };

/** The citizen-card wallet: one Idempotency-Key per attempt; a wrong PIN stays on the pad, a refusal is explained. */
function useWalletPay({ checkoutId, setState, setBusy, setProblem }: Shared, load: () => Promise<void>) {
  const [pad, setPad] = useState<Pad>(CLOSED_PAD);
  const payKey = useRef(newIdempotencyKey('pay'));
  async function pay(ready: Ready, pin?: string) {
    const total = totalOf(ready.orders);
    setBusy(true);
    setProblem(null);
    try {
      const result = await call(routes.payCheckout, {
        params: { checkout_id: checkoutId },
        body: { method: 'wallet', ...(pin ? { pin } : {}) },
        idempotencyKey: payKey.current,
      });
      setPad(CLOSED_PAD);
      const wallet = await call(routes.getWallet, {}).catch(() => null);
      setState({ kind: 'paid', orders: result.orders, total_fen: total, balance_fen: wallet?.balance_fen ?? null });
    } catch (e) {
      payKey.current = newIdempotencyKey('pay');
      if (isApiError(e, 'pin_incorrect')) {
        // Stay on the pad: the server says how many tries are left.
        setPad((p) => ({ ...p, pin: '', error: (e as ApiError).problem.title, keyboard: true }));
      } else if (isApiError(e, 'pin_required')) setPad(OPEN_PAD);
      else {
        setPad(CLOSED_PAD);
        setProblem(explain(e, total, ready.wallet));
        // The balance, the card and the orders may have changed: show them as they are now.
        void load();
      }
    } finally {
      setBusy(false);
    }
  }
  return { pad, setPad, pay };
}

/** WeChat Pay: the API places the order; wx.requestPayment in the mini-program, the local simulator on H5. */
function useWechatPay({ checkoutId, setState, setBusy, setProblem }: Shared) {
  /** H5 demo only: the prepay id waiting for the person to confirm in the local WeChat Pay simulator. */
  const [simPrepay, setSimPrepay] = useState<string | null>(null);
  const { wechatPaySimUrl } = appConfig();

  async function waitForWechat(total: number) {
    const paid = await paidByWechat(checkoutId);
    if (paid) setState({ kind: 'paid', orders: paid, total_fen: total, balance_fen: null });
    else setProblem({ title: '还没有收到微信支付结果', text: '如果已经付款，稍后在“我的订单”里会显示已付款；没有付款不会扣钱。' });
  }

  async function payWechat(ready: Ready) {
    const total = totalOf(ready.orders);
    setBusy(true);
    setProblem(null);
    try {
      const body = { method: 'wechatpay' as const };
      const result = await call(routes.payCheckout, {
        params: { checkout_id: checkoutId },
        body,
        idempotencyKey: newIdempotencyKey('wxpay'),
      });
      if (!result.wechat_pay) return void (await waitForWechat(total));
      const { timeStamp, nonceStr, package: pkg, signType, paySign } = result.wechat_pay.pay_params;
      if (process.env.TARO_ENV === 'weapp') {
        await Taro.requestPayment({ timeStamp, nonceStr, package: pkg, signType, paySign });
        await waitForWechat(total);
      } else if (wechatPaySimUrl) setSimPrepay(pkg.replace(/^prepay_id=/, ''));
      else setProblem({ title: '网页版不能使用微信支付', text: '请在微信小程序中付款，或使用市民卡钱包。' });
    } catch (e) {
      const msg = (e as { errMsg?: string } | null)?.errMsg ?? '';
      const cancelled = msg.includes('cancel') ? '已取消支付，没有扣款。' : '请稍后再试。';
      setProblem(msg ? { title: '微信支付没有完成', text: cancelled } : explain(e, total, ready.wallet));
    } finally {
      setBusy(false);
    }
  }

  async function confirmSimulated(total: number) {
    if (!simPrepay || !wechatPaySimUrl) return;
    setBusy(true);
    try {
      await simulatorPay(wechatPaySimUrl, simPrepay);
      setSimPrepay(null);
      await waitForWechat(total);
    } catch {
      setProblem({ title: '模拟支付没有成功', text: '请再试一次。' });
    } finally {
      setBusy(false);
    }
  }
  return { simPrepay, payWechat, confirmSimulated };
}

/** 付款's state: the checkout, the refusal shown, the PIN pad, and paying by wallet or by WeChat Pay. */
export function usePay() {
  const checkoutId = pageParam('checkout_id') ?? '';
  const { state, setState, load } = usePayState(checkoutId);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const shared: Shared = { checkoutId, setState, setBusy, setProblem };
  const wallet = useWalletPay(shared, load);
  const wechat = useWechatPay(shared);
  return { state, load, busy, problem, ...wallet, ...wechat };
}
export type PayModel = ReturnType<typeof usePay>;
