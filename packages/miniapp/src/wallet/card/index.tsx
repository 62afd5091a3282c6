import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { pageTextClass } from '../../settings/largeText';
import { WALLET_PAGES } from '../lib';
import { CardFacts, ReportLost, Reissue, Reissued } from './sections';
import { useCard } from './useCard';
import '../wallet.css';
import { EmptyView, isPending, PendingPage } from '../../ui';

/**
 * 挂失 (confirmed here on the page, frozen at once) and 补卡 (a new card number; the balance moves to it).
 * Which one shows depends on the card: an active card can be reported lost, a frozen one reissued.
 */
export default function CardPage() {
  const c = useCard();
  if (c.reissued) return <Reissued last4={c.reissued.last4} />;
  if (isPending(c.load)) return <PendingPage state={c.load} onRetry={() => void c.reload()} />;
  const { card, balance_fen } = c.load.wallet;
  if (!card) {
    return (
      <View className={`page ${pageTextClass()}`}>
        <EmptyView title="还没有绑定市民卡" description="绑定后可以在这里挂失和补卡" />
        <Button block type="primary" onClick={() => void Taro.redirectTo({ url: WALLET_PAGES.bind })}>
          绑定市民卡
        </Button>
      </View>
    );
  }
  return (
    <View className={`page card-manage ${pageTextClass()}`} data-testid="card-page">
      <CardFacts card={card} balance_fen={balance_fen} />
      {c.notice && (
        <View className="wallet-notice wallet-notice--ok" role="status" data-testid="card-notice">
          <Text>{c.notice}</Text>
        </View>
      )}
      {c.error && (
        <View className="wallet-error" role="alert" data-testid="wallet-error">
          <Text>{c.error}</Text>
        </View>
      )}
      {card.status === 'active' && <ReportLost card={card} c={c} />}
      {card.status === 'frozen' && <Reissue c={c} />}
    </View>
  );
}
