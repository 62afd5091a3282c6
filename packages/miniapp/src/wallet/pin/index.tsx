import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { Success } from '@nutui/icons-react-taro';
import { ApiError, Pin, routes, type Card } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { EmptyView, ErrorView, LoadingView } from '../../components/StateView';
import { PinInput } from '../components/PinInput';
import { WALLET_PAGES, backToWallet } from '../lib';
import '../wallet.css';

type Load = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; card: Card | null };

/** 设置 / 修改支付密码: six digits, twice; changing it needs the current one. */
export default function PinPage() {
  const fromBind = Taro.getCurrentInstance().router?.params?.from === 'bind';
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [current, setCurrent] = useState('');
  const [pin, setPin] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  async function loadCard() {
    setLoad({ kind: 'loading' });
    try {
      const wallet = await call(routes.getWallet, {});
      setLoad({ kind: 'ready', card: wallet.card });
    } catch (e) {
      setLoad({ kind: 'error', message: errorMessage(e) });
    }
  }
  useDidShow(() => {
    if (!done) void loadCard();
  });

  if (load.kind === 'loading') return <LoadingView />;
  if (load.kind === 'error') {
    return (
      <View className="page">
        <ErrorView message={load.message} onRetry={() => void loadCard()} />
      </View>
    );
  }
  const { card } = load;
  if (!card || card.status !== 'active') {
    return (
      <View className="page">
        <EmptyView
          title={card ? '这张卡已挂失冻结' : '请先绑定市民卡'}
          description={card ? '补办新卡后再设置支付密码' : '支付密码属于您绑定的市民卡'}
        />
        <Button block type="primary" onClick={() => void Taro.redirectTo({ url: card ? WALLET_PAGES.card : WALLET_PAGES.bind })}>
          {card ? '去补卡' : '绑定市民卡'}
        </Button>
      </View>
    );
  }

  const changing = card.pin_set;

  if (done) {
    return (
      <View className="page">
        <View className="state-view" role="status">
          <Success size={56} color="#0b6e4f" />
          <Text className="state-view__title">{changing ? '支付密码已修改' : '支付密码已设置'}</Text>
          <Text className="state-view__text">付款超过免密额度、在社区终端刷卡登录时，请输入这个密码。</Text>
        </View>
        <Button block size="large" type="primary" className="pin-done" onClick={backToWallet}>
          返回钱包
        </Button>
      </View>
    );
  }

  async function submit() {
    if (changing && !Pin.safeParse(current).success) {
      setError('请输入 6 位原支付密码');
      return;
    }
    if (!Pin.safeParse(pin).success) {
      setError('请输入 6 位数字的新密码');
      return;
    }
    if (pin !== confirm) {
      setError('两次输入的新密码不一致，请重新输入');
      setConfirm('');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await call(routes.setPin, { body: changing ? { pin, current_pin: current } : { pin } });
      setDone(true);
    } catch (e) {
      setError(errorMessage(e));
      const code = e instanceof ApiError ? e.code : '';
      if (code === 'pin_incorrect' || code === 'card_locked') setCurrent('');
      if (code === 'pin_too_simple') {
        setPin('');
        setConfirm('');
      }
      if (code === 'card_locked') void loadCard();
    } finally {
      setBusy(false);
    }
  }

  const locked = card.locked_until !== null;

  return (
    <View className="page pin">
      <Text className="page-title">{changing ? '修改支付密码' : '设置支付密码'}</Text>
      <View className="page-subtitle">
        <Text>
          {fromBind ? '市民卡已绑定。' : ''}
          支付密码是 6 位数字，用于超过免密额度的付款和社区终端登录。请不要使用相同或连续的数字（如 111111、123456）。
        </Text>
      </View>

      {error && (
        <View className="wallet-error" role="alert">
          <Text>{error}</Text>
        </View>
      )}
      {locked && !error && (
        <View className="wallet-error" role="alert">
          <Text>密码错误次数过多，卡片已锁定，请稍后再修改。</Text>
        </View>
      )}

      {changing && <PinInput name="current" label="原支付密码" value={current} onChange={setCurrent} disabled={busy} />}
      <PinInput name="new" label={changing ? '新支付密码' : '支付密码'} value={pin} onChange={setPin} disabled={busy} />
      <PinInput name="confirm" label="再次输入确认" value={confirm} onChange={setConfirm} disabled={busy} />

      <View className="wallet-submit">
        <Button
          block
          size="large"
          type="primary"
          className="pin-submit"
          loading={busy}
          disabled={busy || (changing && current.length < 6) || pin.length < 6 || confirm.length < 6}
          onClick={() => void submit()}
        >
          {changing ? '确认修改' : '确认设置'}
        </Button>
      </View>
    </View>
  );
}
