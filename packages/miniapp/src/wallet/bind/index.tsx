import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { pageTextClass } from '../../settings/largeText';
import { WALLET_PAGES } from '../lib';
import { useBind } from './useBind';
import { CardNumberField, SubmitButton } from '../components/FormParts';
import '../wallet.css';
import { EmptyView, isPending, PendingPage, TextField } from '../../ui';

/** 绑定市民卡: card number + holder name; the citizen-card centre checks that they belong together. */
export default function BindCardPage() {
  const b = useBind();
  if (isPending(b.load)) return <PendingPage state={b.load} onRetry={() => void b.reload()} />;
  const bound = b.load.wallet.card;
  if (bound) {
    return (
      <View className={`page ${pageTextClass()}`}>
        <EmptyView title={`您已绑定市民卡（尾号 ${bound.last4}）`} description="一个账号只能绑定一张市民卡；换卡请先挂失再补卡" />
        <Button block type="primary" onClick={() => void Taro.redirectTo({ url: WALLET_PAGES.home })}>
          返回钱包
        </Button>
      </View>
    );
  }
  return (
    <View className={`page bind ${pageTextClass()}`} data-testid="bind-page">
      <Text className="page-title">绑定市民卡</Text>
      <View className="page-subtitle">
        <Text>请填写市民卡正面的卡号和持卡人姓名，市民卡服务中心会核对是否一致。</Text>
      </View>
      {b.error && (
        <View className="wallet-error" role="alert" data-testid="wallet-error">
          <Text>{b.error}</Text>
        </View>
      )}
      <View className="wallet-form">
        <CardNumberField testid="bind-card-number" label="市民卡卡号" value={b.cardNumber} disabled={b.busy} onChange={b.setCardNumber} />
        <TextField
          testid="bind-holder-name"
          label="持卡人姓名"
          placeholder="与市民卡上的姓名一致"
          maxLength={20}
          value={b.holder}
          disabled={b.busy}
          onChange={b.setHolder}
          hint="页面上只显示姓名的首尾字（如 王*英）。"
        />
        <SubmitButton testid="bind-submit" busy={b.busy} onSubmit={() => void b.submit()}>
          绑定
        </SubmitButton>
      </View>
    </View>
  );
}
