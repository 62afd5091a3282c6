import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button, Input } from '@nutui/nutui-react-taro';
import { CardNumber, routes, type Wallet } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { EmptyView, ErrorView, LoadingView } from '../../components/StateView';
import { WALLET_PAGES } from '../lib';
import '../wallet.css';

type Load = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; wallet: Wallet };

/** 绑定市民卡: card number + holder name; the citizen-card centre checks that they belong together. */
export default function BindCardPage() {
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [cardNumber, setCardNumber] = useState('');
  const [holder, setHolder] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function loadWallet() {
    setLoad({ kind: 'loading' });
    try {
      setLoad({ kind: 'ready', wallet: await call(routes.getWallet, {}) });
    } catch (e) {
      setLoad({ kind: 'error', message: errorMessage(e) });
    }
  }
  useDidShow(() => {
    void loadWallet();
  });

  async function submit() {
    const card_number = cardNumber.replace(/\s+/g, '');
    const holder_name = holder.trim();
    const number = CardNumber.safeParse(card_number);
    if (!number.success) {
      setError(number.error.issues[0]?.message ?? '卡号应为 16–19 位数字');
      return;
    }
    if ([...holder_name].length < 2 || [...holder_name].length > 20) {
      setError('请填写持卡人姓名（2–20 个字）');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const card = await call(routes.bindCard, { body: { card_number, holder_name } });
      // Next: the payment PIN, which paying over the PIN-free limit and kiosk login need.
      await Taro.redirectTo({ url: card.pin_set ? WALLET_PAGES.home : `${WALLET_PAGES.pin}?from=bind` });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  if (load.kind === 'loading') return <LoadingView />;
  if (load.kind === 'error') {
    return (
      <View className="page">
        <ErrorView message={load.message} onRetry={() => void loadWallet()} />
      </View>
    );
  }
  if (load.wallet.card) {
    return (
      <View className="page">
        <EmptyView
          title={`您已绑定市民卡（尾号 ${load.wallet.card.last4}）`}
          description="一个账号只能绑定一张市民卡；换卡请先挂失再补卡"
        />
        <Button block type="primary" onClick={() => void Taro.redirectTo({ url: WALLET_PAGES.home })}>
          返回钱包
        </Button>
      </View>
    );
  }

  return (
    <View className="page bind">
      <Text className="page-title">绑定市民卡</Text>
      <View className="page-subtitle">
        <Text>请填写市民卡正面的卡号和持卡人姓名，市民卡服务中心会核对是否一致。</Text>
      </View>

      {error && (
        <View className="wallet-error" role="alert">
          <Text>{error}</Text>
        </View>
      )}

      <View className="wallet-form">
        <View className="wallet-field">
          <Text className="wallet-field__label">市民卡卡号</Text>
          <View className="wallet-field__input">
            <Input
              className="bind-card-number"
              type="number"
              placeholder="16–19 位数字"
              maxLength={19}
              value={cardNumber}
              disabled={busy}
              onChange={(v) => {
                setCardNumber(v);
                setError(null);
              }}
            />
          </View>
        </View>
        <View className="wallet-field">
          <Text className="wallet-field__label">持卡人姓名</Text>
          <View className="wallet-field__input">
            <Input
              className="bind-holder-name"
              type="text"
              placeholder="与市民卡上的姓名一致"
              maxLength={20}
              value={holder}
              disabled={busy}
              onChange={(v) => {
                setHolder(v);
                setError(null);
              }}
            />
          </View>
          <Text className="wallet-field__hint">页面上只显示姓名的首尾字（如 王*英）。</Text>
        </View>
        <View className="wallet-submit">
          <Button block size="large" type="primary" className="bind-submit" loading={busy} disabled={busy} onClick={() => void submit()}>
            绑定
          </Button>
        </View>
      </View>
    </View>
  );
}
