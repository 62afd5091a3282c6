import { View } from '@tarojs/components';
import { EmptyView } from '../StateView';
import { MoreLine, PagedList } from './index';

/** The line under a list: more to load, loading, failed, complete; then a paged list with its rows, and an empty one. */
export function Demo() {
  return (
    <>
      <MoreLine more="idle" next="c2" />
      <MoreLine more="loading" next="c2" />
      <MoreLine more="error" next="c2" />
      <MoreLine more="idle" next={null} />
      <PagedList
        state={{ kind: 'ready', items: ['订单 2412-0387', '订单 2412-0388'], more: 'idle', next: 'c2' }}
        onRetry={() => undefined}
        empty={<EmptyView title="还没有订单" />}
        className="demo-paged-list"
      >
        {(items) => items.map((i) => <View key={i}>{i}</View>)}
      </PagedList>
      <PagedList
        state={{ kind: 'ready', items: [], more: 'idle', next: null }}
        onRetry={() => undefined}
        empty={<EmptyView title="没有待裁决的退款争议" />}
      >
        {(items) => items.map((i: string) => <View key={i}>{i}</View>)}
      </PagedList>
    </>
  );
}
