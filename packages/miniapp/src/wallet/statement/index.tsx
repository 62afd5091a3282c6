import { View, Text } from '@tarojs/components';
import { Button, Cell, CellGroup, Loading } from '@nutui/nutui-react-taro';
import { formatFen } from '@cc/shared';
import { pageTextClass } from '../../settings/largeText';
import { useStatement } from './useStatement';
import { kindName, shanghaiDateTime } from '../lib';
import '../wallet.css';
import './index.css';
import { EmptyView, isPending, PendingPage } from '../../ui';

/** 账单: newest first, the next page loads when the list is scrolled to its end (cursor pagination). */
export default function StatementPage() {
  const { state, reload, loadMore } = useStatement();
  if (isPending(state)) return <PendingPage state={state} onRetry={() => void reload()} />;
  if (state.items.length === 0) {
    return (
      <View className="page">
        <EmptyView title="还没有账单" description="充值和付款后会在这里看到每一笔收支" />
      </View>
    );
  }

  return (
    <View className={`page statement ${pageTextClass()}`} data-testid="statement-page">
      <CellGroup>
        {state.items.map((entry) => (
          // NutUI's Cell drops unknown props: the test id sits on a box around it.
          <View key={entry.transfer_id} data-testid="statement-row">
            <Cell
              className="statement-row"
              title={entry.memo || kindName(entry)}
              description={`${kindName(entry)} · ${shanghaiDateTime(entry.created_at)}`}
              extra={
                // The sign is written out: colour is not the only signal.
                <Text className={`wallet-amount statement-row__amount wallet-amount--${entry.direction}`}>
                  {entry.direction === 'in' ? '+' : '-'}
                  {formatFen(entry.amount_fen)}
                </Text>
              }
            />
          </View>
        ))}
      </CellGroup>
      <View className="statement-more" data-testid="statement-more">
        {state.more === 'loading' ? (
          <Loading type="circular">正在加载更多…</Loading>
        ) : typeof state.more === 'object' ? (
          <View className="state-view--error">
            <Text>{state.more.error}</Text>
            <Button size="small" fill="outline" type="primary" onClick={() => void loadMore()}>
              重试
            </Button>
          </View>
        ) : state.cursor ? (
          <Button size="small" fill="none" type="default" onClick={() => void loadMore()}>
            加载更多
          </Button>
        ) : (
          <Text>没有更多了</Text>
        )}
      </View>
    </View>
  );
}
