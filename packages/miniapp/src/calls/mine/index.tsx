import { useCallback, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { routes, type Call } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { CallRow } from '../../calls-common/components';
import { CALL_PAGES, stamp } from '../../calls-common/lib';
import '../calls.css';
import { EmptyView, isPending, MoreLine, PendingPage } from '../../ui';

type State =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; items: Call[]; next: string | null; more: 'idle' | 'loading' | 'error' };

/** 我的呼叫: newest first, older pages loaded on reaching the bottom. */
export default function MyCallsPage() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const loadingMore = useRef(false);

  const load = useCallback(async () => {
    setState((s) => (s.kind === 'ready' ? s : { kind: 'loading' }));
    try {
      const page = await call(routes.listMyCalls, { query: { view: 'mine', limit: 20 } });
      setState({ kind: 'ready', items: stamp(page.items), next: page.next_cursor, more: 'idle' });
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    } finally {
      Taro.stopPullDownRefresh();
    }
  }, []);
  useDidShow(() => void load());
  usePullDownRefresh(() => void load());

  useReachBottom(() => {
    if (state.kind !== 'ready' || !state.next || loadingMore.current) return;
    loadingMore.current = true;
    const cursor = state.next;
    setState({ ...state, more: 'loading' });
    call(routes.listMyCalls, { query: { view: 'mine', limit: 20, cursor } })
      .then(
        (page) =>
          setState((s) =>
            s.kind === 'ready' ? { kind: 'ready', items: [...s.items, ...stamp(page.items)], next: page.next_cursor, more: 'idle' } : s,
          ),
        () => setState((s) => (s.kind === 'ready' ? { ...s, more: 'error' } : s)),
      )
      .finally(() => {
        loadingMore.current = false;
      });
  });

  if (isPending(state)) return <PendingPage state={state} onRetry={() => void load()} />;
  const now = Date.now();
  return (
    <View className="page calls-mine">
      <Text className="page-title">我的呼叫</Text>
      {state.items.length === 0 ? (
        <>
          <EmptyView title="您还没有发起过呼叫" description="需要维修、保洁、助老等服务时，在服务列表里选一项即可" />
          <Button block type="primary" onClick={() => void Taro.redirectTo({ url: CALL_PAGES.services })}>
            去呼叫服务
          </Button>
        </>
      ) : (
        <>
          {state.items.map((c) => (
            <CallRow
              key={c.id}
              className="calls-mine__row"
              call={c}
              now={now}
              onClick={() => void Taro.navigateTo({ url: `${CALL_PAGES.detail}?id=${c.id}` })}
            />
          ))}
          <MoreLine more={state.more} next={state.next} />
        </>
      )}
    </View>
  );
}
