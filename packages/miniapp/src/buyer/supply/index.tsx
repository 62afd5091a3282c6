import { View, Text } from '@tarojs/components';
import { pageParam } from '../../calls-common/lib';
import { pageTextClass } from '../../settings/largeText';
import { Card, ErrorView, isPending, NoteBox, PendingPage } from '../../ui';
import { Thread } from '../../farmer/lib/Thread';
import { PostHead } from '../../agri-form/sections';
import { ReportBox, SupplyFacts } from './sections';
import { useSupplyView } from './useSupplyView';
import '../../farmer/lib/agri.css';

/** One supply post for a buyer: what, where, when, who; 询价 and the farmer's answers; 举报. */
export default function SupplyView() {
  const page = useSupplyView(pageParam('id') ?? '');
  const s = page.state;
  if (isPending(s)) return <PendingPage state={s} onRetry={() => void page.reload()} />;
  const { post, thread } = s.data;
  if (post.kind !== 'supply') return <ErrorView message="这不是供应信息" />;
  return (
    <View className={`page agri-supply-view ${pageTextClass()}`} data-testid="agri-supply-view">
      <View className="page-title" role="heading" aria-level={1}>
        <Text>{post.variety}</Text>
      </View>
      <PostHead post={post} />
      <SupplyFacts post={post} />
      {thread ? (
        <Thread q={thread} onSend={page.send} onChange={page.setThread} />
      ) : (
        !post.mine && (
          <Card title="询价" testid="supply-inquire">
            <NoteBox
              label="问问农户"
              placeholder="如：200 斤青菜，每斤多少钱，能送到吗？"
              submitText="发送询价"
              min={1}
              max={300}
              onSubmit={page.send}
            />
          </Card>
        )
      )}
      {!post.mine && <ReportBox onReport={page.report} reported={page.reported} />}
    </View>
  );
}
