import { useCallback, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button, Cell, CellGroup, Loading } from '@nutui/nutui-react-taro';
import { formatFen, routes, type StatementEntry } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { EmptyView, ErrorView, LoadingView } from '../../components/StateView';
import { kindName, shanghaiDateTime } from '../lib';
import '../wallet.css';
import './index.css';

const PAGE_SIZE = 20;

type State =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | {
      kind: 'ready';
      items: StatementEntry[];
      /** null: nothing more to load. */
      cursor: string | null;
      more: 'idle' | 'loading' | { error: string };
    };

/** 账单: newest first, the next page loads when the list is scrolled to its end (cursor pagination). */
export default function StatementPage() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const busy = useRef(false);

  const reload = useCallback(async () => {
    busy.current = true;
    setState((s) => (s.kind === 'ready' ? s : { kind: 'loading' }));
    try {
      const page = await call(routes.walletStatement, { query: { limit: PAGE_SIZE } });
      setState({ kind: 'ready', items: page.items, cursor: page.next_cursor, more: 'idle' });
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    } finally {
      busy.current = false;
    }
  }, []);

  const loadMore = useCallback(async () => {
    if (busy.current || state.kind !== 'ready' || !state.cursor) return;
    busy.current = true;
    const { cursor } = state;
    setState({ ...state, more: 'loading' });
    try {
      const page = await call(routes.walletStatement, { query: { limit: PAGE_SIZE, cursor } });
      setState((s) =>
        s.kind === 'ready' ? { kind: 'ready', items: [...s.items, ...page.items], cursor: page.next_cursor, more: 'idle' } : s,
      );
    } catch (e) {
      setState((s) => (s.kind === 'ready' ? { ...s, more: { error: errorMessage(e) } } : s));
    } finally {
      busy.current = false;
    }
  }, [state]);

  useDidShow(() => {
    void reload();
  });
  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => {
    void loadMore();
  });

  if (state.kind === 'loading') return <LoadingView />;
  if (state.kind === 'error') {
    return (
      <View className="page">
        <ErrorView message={state.message} onRetry={() => void reload()} />
      </View>
    );
  }
  if (state.items.length === 0) {
    return (
      <View className="page">
        <EmptyView title="还没有账单" description="充值和付款后会在这里看到每一笔收支" />
      </View>
    );
  }

  return (
    <View className="page statement">
      <CellGroup>
        {state.items.map((entry) => (
          <Cell
            key={entry.transfer_id}
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
        ))}
      </CellGroup>
      <View className="statement-more">
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
