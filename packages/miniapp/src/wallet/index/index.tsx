import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { pageTextClass } from '../../settings/largeText';
import { useWallet } from '../useWallet';
import { Actions, BalanceCard, Limits, Notices } from './sections';
import '../wallet.css';
import './index.css';
import './actions.css';
import { isPending, PendingPage } from '../../ui';

/** 市民卡钱包: balance, card, today's limits, and the way to every wallet action. */
export default function WalletHome() {
  const { load, reload } = useWallet();
  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh());
  });
  if (isPending(load)) return <PendingPage state={load} onRetry={() => void reload()} />;
  return (
    <View className={`page wallet ${pageTextClass()}`} data-testid="wallet-page">
      <BalanceCard wallet={load.wallet} />
      <Notices wallet={load.wallet} />
      <Actions wallet={load.wallet} />
      <Limits wallet={load.wallet} />
    </View>
  );
}
