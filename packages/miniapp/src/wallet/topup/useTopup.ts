import { useEffect, useRef, useState } from 'react';
import { routes, type Topup } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { appConfig } from '../../config';
import { newIdempotencyKey } from '../lib';
import { useWallet } from '../useWallet';
import { payInSimulator, payInWechat } from './pay';

/** getTopup is polled once a second this many times (the API also asks WeChat Pay) before we say "still checking". */
const POLL_TRIES = 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type Stage =
  | { kind: 'choose' }
  | { kind: 'working'; text: string }
  /** H5 demo only: confirm the payment in the WeChat Pay simulator. */
  | { kind: 'sim-confirm'; topup: Topup; prepayId: string }
  | { kind: 'pending'; topup: Topup }
  | { kind: 'paid'; topup: Topup; balance_fen: number | null };

/** The top-up once it is no longer pending, or after POLL_TRIES looks; stops early when the page is gone. */
async function latestOf(topup: Topup, alive: { current: boolean }): Promise<Topup> {
  let latest = topup;
  for (let i = 0; i < POLL_TRIES && alive.current; i++) {
    try {
      latest = await call(routes.getTopup, { params: { topup_id: topup.id } });
    } catch {
      // A failed look-up is retried on the next round.
    }
    if (latest.status !== 'pending') break;
    await sleep(1000);
  }
  return latest;
}

/** One top-up from choosing the amount to the paid result: create (idempotent), pay, then poll until WeChat Pay agrees. */
export function useTopup() {
  const { wechatPaySimUrl } = appConfig();
  const { load, setLoad, reload } = useWallet();
  const [stage, setStage] = useState<Stage>({ kind: 'choose' });
  const [error, setError] = useState<string | null>(null);
  // One Idempotency-Key per top-up the person asks for; a retry of the same amount sends it again.
  const attempt = useRef<{ key: string; amount_fen: number } | null>(null);
  const alive = useRef(true);
  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );

  const fail = (message: string) => {
    setStage({ kind: 'choose' });
    setError(message);
  };

  /** Asks the API (which also asks WeChat Pay) until the top-up is paid; refreshes the balance then. */
  async function waitUntilPaid(topup: Topup) {
    setStage({ kind: 'working', text: '正在确认支付结果…' });
    const latest = await latestOf(topup, alive);
    if (!alive.current) return;
    if (latest.status === 'pending') {
      setStage({ kind: 'pending', topup: latest });
      return;
    }
    attempt.current = null;
    if (latest.status === 'closed') return fail('这笔充值已关闭，没有扣款。请重新充值。');
    let balance: number | null = null;
    try {
      const wallet = await call(routes.getWallet, {});
      balance = wallet.balance_fen;
      setLoad({ kind: 'ready', wallet });
    } catch {
      // The top-up went through; the balance shows on the wallet page.
    }
    setStage({ kind: 'paid', topup: latest, balance_fen: balance });
  }

  async function start(amount_fen: number) {
    setError(null);
    if (attempt.current?.amount_fen !== amount_fen) attempt.current = { key: newIdempotencyKey('topup'), amount_fen };
    setStage({ kind: 'working', text: '正在创建充值订单…' });
    let created;
    try {
      created = await call(routes.createTopup, { body: { amount_fen }, idempotencyKey: attempt.current.key });
    } catch (e) {
      return fail(errorMessage(e));
    }
    const { topup, pay_params } = created;
    if (topup.status !== 'pending') return waitUntilPaid(topup);
    if (process.env.TARO_ENV === 'weapp') {
      setStage({ kind: 'working', text: '请在微信支付中完成付款…' });
      const refused = await payInWechat(pay_params);
      return refused ? fail(refused) : waitUntilPaid(topup);
    }
    if (wechatPaySimUrl) return setStage({ kind: 'sim-confirm', topup, prepayId: pay_params.package.replace(/^prepay_id=/, '') });
    fail('网页版不能使用微信支付，请在微信小程序中充值。');
  }

  async function confirmSimulated(topup: Topup, prepayId: string) {
    setStage({ kind: 'working', text: '正在支付…' });
    try {
      await payInSimulator(wechatPaySimUrl as string, prepayId);
    } catch {
      setStage({ kind: 'sim-confirm', topup, prepayId });
      setError('模拟支付没有成功，请再试一次。');
      return;
    }
    await waitUntilPaid(topup);
  }

  return { load, reload, stage, error, setError, start, confirmSimulated, waitUntilPaid, cancel: () => fail('已取消支付，没有扣款。') };
}
