import { View, Text } from '@tarojs/components';
import { EmptyView, ErrorView, LoadingView, MoreLine, Notice, Tabs } from '../../ui';
import { QueueItem, Varieties } from './sections';
import { TABS, useModeration } from './useModeration';
import '../../commerce/commerce.css';
import '../../farmer/lib/agri.css';

/** 供求审核: posts held by the plausibility checks (with why), reported posts, certifications to check, new varieties. */
export default function AgriModeration() {
  const page = useModeration();
  const { scope, state: s } = page;
  if (scope.kind !== 'ready')
    return (
      <View className="page">
        {scope.kind === 'loading' ? (
          <LoadingView />
        ) : (
          <ErrorView
            message={scope.kind === 'error' ? scope.message : '请先在首页选择要管理的社区'}
            onRetry={() => void page.reloadScope()}
          />
        )}
      </View>
    );
  return (
    <View className="page agri-moderation" data-testid="agri-moderation">
      <View className="page-title" role="heading" aria-level={1}>
        <Text>供求审核</Text>
      </View>
      <Tabs label="审核类别" tabs={TABS} value={page.tab} onChange={page.chooseTab} />
      {page.done && (
        <Notice tone="ok" testid="mod-done">
          <Text>{page.done}</Text>
        </Notice>
      )}
      {page.error && (
        <Notice tone="danger" testid="mod-error">
          <Text>{page.error}</Text>
        </Notice>
      )}
      {page.tab === 'varieties' ? (
        page.varieties ? (
          <Varieties list={page.varieties} page={page} />
        ) : (
          <LoadingView />
        )
      ) : (
        <>
          {s.kind === 'loading' && <LoadingView />}
          {s.kind === 'error' && <ErrorView message={s.message} onRetry={() => void page.reload()} />}
          {s.kind === 'ready' && s.items.length === 0 && <EmptyView title="这里没有要处理的信息" />}
          {s.kind === 'ready' && s.items.map((item) => <QueueItem key={item.post.id} item={item} page={page} />)}
          {s.kind === 'ready' && s.items.length > 0 && <MoreLine more={s.more} next={s.next} />}
        </>
      )}
    </View>
  );
}
