import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { Success } from '@nutui/icons-react-taro';
import type { Card } from '@cc/shared';
import { pageTextClass } from '../../settings/largeText';
import { isPending, PendingPage, PinInput } from '../../ui';
import { PinPad } from '../components/PinPad';
import { SubmitButton } from '../components/FormParts';
import { WALLET_PAGES, backToWallet } from '../lib';
import { usePinPage, type PinField } from './usePinPage';
import '../wallet.css';
import './index.css';
import { EmptyView } from '../../ui';

const LABELS: Record<PinField, (changing: boolean) => string> = {
  current: () => '原支付密码',
  new: (changing) => (changing ? '新支付密码' : '支付密码'),
  confirm: () => '再次输入确认',
};

function NoCard({ card }: { card: Card | null }) {
  return (
    <View className={`page ${pageTextClass()}`}>
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

function PinDone({ changing }: { changing: boolean }) {
  return (
    <View className={`page ${pageTextClass()}`}>
      <View className="state-view" role="status">
        <Success size={56} color="var(--cc-color-brand)" />
        <Text className="state-view__title">{changing ? '支付密码已修改' : '支付密码已设置'}</Text>
        <Text className="state-view__text">付款超过免密额度、在社区终端刷卡登录时，请输入这个密码。</Text>
      </View>
      <Button block size="large" type="primary" className="pin-done" data-testid="pin-done" onClick={backToWallet}>
        返回钱包
      </Button>
    </View>
  );
}

/** 设置 / 修改支付密码: six digits, twice; changing it needs the current one. Typed on the pad or the system keyboard. */
export default function PinPage() {
  const fromBind = Taro.getCurrentInstance().router?.params?.from === 'bind';
  const s = usePinPage();
  if (s.done) return <PinDone changing={s.changing} />;
  if (isPending(s.load)) return <PendingPage state={s.load} onRetry={() => void s.reload()} />;
  if (!s.card || s.card.status !== 'active') return <NoCard card={s.card} />;
  const message = s.error ?? (s.card.locked_until ? '密码错误次数过多，卡片已锁定，请稍后再修改。' : null);
  return (
    <View className={`page pin ${pageTextClass()}`} data-testid="pin-page">
      <Text className="page-title">{s.changing ? '修改支付密码' : '设置支付密码'}</Text>
      <View className="page-subtitle">
        <Text>
          {fromBind ? '市民卡已绑定。' : ''}
          支付密码是 6 位数字，用于超过免密额度的付款和社区终端登录。请不要使用相同或连续的数字（如 111111、123456）。
        </Text>
      </View>
      {message && (
        <View className="wallet-error" role="alert" data-testid="wallet-error">
          <Text>{message}</Text>
        </View>
      )}
      {s.fields.map((f) => (
        <PinInput
          key={f}
          name={f}
          label={LABELS[f](s.changing)}
          value={s.values[f]}
          onChange={(v) => s.set(f, v)}
          active={f === s.active}
          onFocus={() => s.choose(f)}
          disabled={s.busy}
        />
      ))}
      <PinPad label={`数字键盘，输入${LABELS[s.active](s.changing)}`} onDigit={s.typeDigit} onDelete={s.deleteDigit} disabled={s.busy} />
      <SubmitButton testid="pin-submit" busy={s.busy} onSubmit={() => void s.submit()}>
        {s.changing ? '确认修改' : '确认设置'}
      </SubmitButton>
    </View>
  );
}
