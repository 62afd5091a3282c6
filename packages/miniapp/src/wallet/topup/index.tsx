import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { formatFen } from '@cc/shared';
import { pageTextClass } from '../../settings/largeText';
import { WALLET_PAGES } from '../lib';
import { SimConfirm, TopupPaid, TopupPending } from './sections';
import { TopupForm } from './TopupForm';
import { useTopup } from './useTopup';
import '../wallet.css';
import './index.css';
import './topup-a11y.css';
import { EmptyView, isPending, PendingPage } from '../../ui';

/** 充值: pick or type an amount, pay with WeChat Pay (the simulator on H5), see it arrive. */
export default function TopupPage() {
  const t = useTopup();
  const root = `page topup ${pageTextClass()}`;
  if (isPending(t.load)) return <PendingPage state={t.load} onRetry={() => void t.reload()} />;
  const { wallet } = t.load;
  if (!wallet.card || wallet.card.status !== 'active') {
    return (
      <View className={root}>
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
  const { stage } = t;
  if (stage.kind === 'paid' || stage.kind === 'pending') {
    return (
      <View className={root}>
        {stage.kind === 'paid' ? (
          <TopupPaid topup={stage.topup} balance_fen={stage.balance_fen} />
        ) : (
          <TopupPending topup={stage.topup} onRefresh={() => void t.waitUntilPaid(stage.topup)} />
        )}
      </View>
    );
  }
  return (
    <View className={root} data-testid="topup-page">
      <View className="topup-current">
        <Text>
          充值到市民卡 尾号 {wallet.card.last4}，当前余额 {formatFen(wallet.balance_fen)}
        </Text>
      </View>
      {t.error && (
        <View className="wallet-error" role="alert" data-testid="wallet-error">
          <Text>{t.error}</Text>
        </View>
      )}
      {stage.kind === 'sim-confirm' ? (
        <SimConfirm topup={stage.topup} onPay={() => void t.confirmSimulated(stage.topup, stage.prepayId)} onCancel={t.cancel} />
      ) : (
        <TopupForm
          working={stage.kind === 'working' ? stage.text : null}
          onStart={(fen) => void t.start(fen)}
          onEdit={() => t.setError(null)}
        />
      )}
    </View>
  );
}
