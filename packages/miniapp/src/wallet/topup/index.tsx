import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button, Input } from '@nutui/nutui-react-taro';
import { Check, Success, Tips } from '@nutui/icons-react-taro';
import { TOPUP_MAX_FEN, formatFen, routes, yuanStringToFen, type Topup, type Wallet } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { appConfig } from '../../config';
import { EmptyView, ErrorView, LoadingView } from '../../components/StateView';
import { WALLET_PAGES, newIdempotencyKey } from '../lib';
import '../wallet.css';
import './index.css';

const PRESETS = [
  { fen: 2000, label: '¥20' },
  { fen: 5000, label: '¥50' },
  { fen: 10000, label: '¥100' },
  { fen: 20000, label: '¥200' },
] as const;
const MIN_FEN = 100;
/** getTopup is polled once a second this many times (the API also asks WeChat Pay) before we say "still checking". */
const POLL_TRIES = 10;

type Load = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; wallet: Wallet };
type Stage =
  | { kind: 'choose' }
  | { kind: 'working'; text: string }
  /** H5 demo only: confirm the payment in the WeChat Pay simulator. */
  | { kind: 'sim-confirm'; topup: Topup; prepayId: string }
  | { kind: 'pending'; topup: Topup }
  | { kind: 'paid'; topup: Topup; balance_fen: number | null };

/** The amount the person chose, in fen, or why it is not acceptable. Never goes through floating point. */
function chosenAmount(preset: number | null, custom: string): { fen: number } | { error: string } | null {
  const text = custom.trim();
  if (!text) return preset === null ? null : { fen: preset };
  let fen: number;
  try {
    fen = yuanStringToFen(text);
  } catch {
    return { error: '请输入正确的金额（元），最多两位小数' };
  }
  if (fen < MIN_FEN) return { error: `单次至少充值 ${formatFen(MIN_FEN)}` };
  if (fen > TOPUP_MAX_FEN) return { error: `单次最多充值 ${formatFen(TOPUP_MAX_FEN)}` };
  return { fen };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** H5 demo: the person "pays" in the local WeChat Pay simulator, which then notifies the API like WeChat Pay would. */
async function payInSimulator(simUrl: string, prepayId: string): Promise<void> {
  const res = await Taro.request<{ code?: string; message?: string }>({
    url: `${simUrl.replace(/\/$/, '')}/sim/pay`,
    method: 'POST',
    header: { 'content-type': 'application/json' },
    data: JSON.stringify({ prepay_id: prepayId }),
    dataType: 'json',
  });
  if (res.statusCode !== 200) throw new Error(res.data?.message ?? 'simulator refused');
}

export default function TopupPage() {
  const { wechatPaySimUrl } = appConfig();
  const isWeapp = process.env.TARO_ENV === 'weapp';
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [preset, setPreset] = useState<number | null>(5000);
  const [custom, setCustom] = useState('');
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

  const loadWallet = useCallback(async () => {
    setLoad((s) => (s.kind === 'ready' ? s : { kind: 'loading' }));
    try {
      setLoad({ kind: 'ready', wallet: await call(routes.getWallet, {}) });
    } catch (e) {
      setLoad({ kind: 'error', message: errorMessage(e) });
    }
  }, []);
  useDidShow(() => {
    void loadWallet();
  });

  /** Asks the API (which also asks WeChat Pay) until the top-up is paid; refreshes the balance then. */
  async function waitUntilPaid(topup: Topup) {
    setStage({ kind: 'working', text: '正在确认支付结果…' });
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
    if (!alive.current) return;
    if (latest.status === 'paid') {
      attempt.current = null;
      let balance: number | null = null;
      try {
        const wallet = await call(routes.getWallet, {});
        balance = wallet.balance_fen;
        setLoad({ kind: 'ready', wallet });
      } catch {
        // The top-up went through; the balance shows on the wallet page.
      }
      setStage({ kind: 'paid', topup: latest, balance_fen: balance });
    } else if (latest.status === 'closed') {
      attempt.current = null;
      setStage({ kind: 'choose' });
      setError('这笔充值已关闭，没有扣款。请重新充值。');
    } else {
      setStage({ kind: 'pending', topup: latest });
    }
  }

  async function start(amount_fen: number) {
    setError(null);
    if (!attempt.current || attempt.current.amount_fen !== amount_fen) {
      attempt.current = { key: newIdempotencyKey('topup'), amount_fen };
    }
    setStage({ kind: 'working', text: '正在创建充值订单…' });
    let created;
    try {
      created = await call(routes.createTopup, { body: { amount_fen }, idempotencyKey: attempt.current.key });
    } catch (e) {
      setStage({ kind: 'choose' });
      setError(errorMessage(e));
      return;
    }
    const { topup, pay_params } = created;
    if (topup.status !== 'pending') {
      await waitUntilPaid(topup);
      return;
    }
    if (isWeapp) {
      setStage({ kind: 'working', text: '请在微信支付中完成付款…' });
      try {
        await Taro.requestPayment({
          timeStamp: pay_params.timeStamp,
          nonceStr: pay_params.nonceStr,
          package: pay_params.package,
          signType: pay_params.signType,
          paySign: pay_params.paySign,
        });
      } catch (e) {
        const msg = (e as { errMsg?: string } | null)?.errMsg ?? '';
        setStage({ kind: 'choose' });
        setError(msg.includes('cancel') ? '已取消支付，没有扣款。' : '微信支付没有完成，请稍后再试。');
        return;
      }
      await waitUntilPaid(topup);
      return;
    }
    if (wechatPaySimUrl) {
      setStage({ kind: 'sim-confirm', topup, prepayId: pay_params.package.replace(/^prepay_id=/, '') });
      return;
    }
    setStage({ kind: 'choose' });
    setError('网页版不能使用微信支付，请在微信小程序中充值。');
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

  if (load.kind === 'loading') return <LoadingView />;
  if (load.kind === 'error') {
    return (
      <View className="page">
        <ErrorView message={load.message} onRetry={() => void loadWallet()} />
      </View>
    );
  }

  const { wallet } = load;
  if (!wallet.card || wallet.card.status !== 'active') {
    return (
      <View className="page">
        <EmptyView
          title={wallet.card ? '这张卡已挂失冻结，暂时不能充值' : '请先绑定市民卡'}
          description={wallet.card ? '补办新卡后即可充值' : '充值的钱存入您市民卡的钱包'}
        />
        <Button block type="primary" onClick={() => void Taro.redirectTo({ url: wallet.card ? WALLET_PAGES.card : WALLET_PAGES.bind })}>
          {wallet.card ? '去补卡' : '绑定市民卡'}
        </Button>
      </View>
    );
  }

  if (stage.kind === 'paid') {
    return (
      <View className="page">
        <View className="topup-result" role="status">
          <Success size={56} color="#0b6e4f" />
          <Text className="topup-result__title">充值成功 {formatFen(stage.topup.amount_fen)}</Text>
          {stage.balance_fen !== null && <Text className="topup-result__text">当前余额 {formatFen(stage.balance_fen)}</Text>}
          <View className="wallet-buttons">
            <Button block type="primary" onClick={() => void Taro.navigateBack()}>
              返回钱包
            </Button>
            <Button block fill="outline" type="primary" onClick={() => void Taro.redirectTo({ url: WALLET_PAGES.statement })}>
              查看账单
            </Button>
          </View>
        </View>
      </View>
    );
  }

  if (stage.kind === 'pending') {
    return (
      <View className="page">
        <View className="topup-result" role="status">
          <Tips size={48} color="#8a4b00" />
          <Text className="topup-result__title">正在确认支付结果</Text>
          <Text className="topup-result__text">
            {formatFen(stage.topup.amount_fen)} 的充值还没有收到微信支付的结果。如果已经付款，到账后余额会自动更新。
          </Text>
          <View className="wallet-buttons">
            <Button block type="primary" onClick={() => void waitUntilPaid(stage.topup)}>
              刷新结果
            </Button>
            <Button block fill="outline" type="primary" onClick={() => void Taro.navigateBack()}>
              返回钱包
            </Button>
          </View>
        </View>
      </View>
    );
  }

  const amount = chosenAmount(preset, custom);
  const working = stage.kind === 'working';

  return (
    <View className="page topup">
      <View className="topup-current">
        <Text>
          充值到市民卡 尾号 {wallet.card.last4}，当前余额 {formatFen(wallet.balance_fen)}
        </Text>
      </View>

      {error && (
        <View className="wallet-error" role="alert">
          <Text>{error}</Text>
        </View>
      )}

      {stage.kind === 'sim-confirm' ? (
        <View className="topup-sim">
          <Text className="topup-sim__title">模拟支付</Text>
          <Text className="muted">演示环境没有微信支付，由本地微信支付模拟器代为付款。</Text>
          <Text className="topup-sim__amount">{formatFen(stage.topup.amount_fen)}</Text>
          <Text className="topup-result__text">收款方：社区服务平台（市民卡充值）</Text>
          <View className="topup-sim__actions">
            <Button
              block
              size="large"
              type="primary"
              className="topup-sim__pay"
              onClick={() => void confirmSimulated(stage.topup, stage.prepayId)}
            >
              确认支付
            </Button>
            <Button
              block
              size="large"
              fill="outline"
              type="default"
              onClick={() => {
                setStage({ kind: 'choose' });
                setError('已取消支付，没有扣款。');
              }}
            >
              取消
            </Button>
          </View>
        </View>
      ) : (
        <>
          <View className="section-title">
            <Text>选择金额</Text>
          </View>
          <View className="topup-presets">
            {PRESETS.map((p) => {
              const selected = !custom.trim() && preset === p.fen;
              return (
                <View
                  key={p.fen}
                  className={`topup-preset ${selected ? 'topup-preset--selected' : ''}`}
                  aria-selected={selected}
                  onClick={() => {
                    if (working) return;
                    setPreset(p.fen);
                    setCustom('');
                  }}
                >
                  <Text>{p.label}</Text>
                  {selected && <Check size={20} color="#0b6e4f" className="topup-preset__check" />}
                </View>
              );
            })}
          </View>

          <View className="wallet-field">
            <Text className="wallet-field__label">其他金额（元）</Text>
            <View className="wallet-field__input">
              <Input
                className="topup-custom"
                type="digit"
                placeholder="例如 88.50"
                value={custom}
                maxLength={8}
                disabled={working}
                onChange={(v) => {
                  setCustom(v);
                  setError(null);
                }}
              />
            </View>
            {amount && 'error' in amount ? (
              <Text className="wallet-field__hint wallet-field__hint--error">{amount.error}</Text>
            ) : (
              <Text className="wallet-field__hint">单次 ¥1.00 至 {formatFen(TOPUP_MAX_FEN)}</Text>
            )}
          </View>

          <View className="wallet-submit">
            <Button
              block
              size="large"
              type="primary"
              className="topup-submit"
              loading={working}
              disabled={working || !amount || 'error' in amount}
              onClick={() => {
                if (amount && 'fen' in amount) void start(amount.fen);
              }}
            >
              {working ? stage.text : amount && 'fen' in amount ? `充值 ${formatFen(amount.fen)}` : '充值'}
            </Button>
          </View>
        </>
      )}
    </View>
  );
}
