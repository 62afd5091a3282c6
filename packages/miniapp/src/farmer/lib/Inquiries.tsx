import { Text } from '@tarojs/components';
import { agriMatchRoutes, type AgriInquiry } from '@cc/shared';
import { call } from '../../api';
import { Card, EmptyView, ErrorView, LoadingView, toastProblem } from '../../ui';
import { useLoaded } from './hooks';
import { Thread } from './Thread';

/** My inquiry threads on one side (the farmer's: on my supply posts; the buyer's: the ones I started), newest first. */
export function useInquiries(side: 'buyer' | 'farmer', post_id?: string) {
  const loaded = useLoaded(
    async () => (await call(agriMatchRoutes.listMyAgriInquiries, { query: { side, limit: 50, ...(post_id ? { post_id } : {}) } })).items,
    [side, post_id],
  );
  const replace = (next: AgriInquiry) =>
    loaded.setState((s) => (s.kind === 'ready' ? { kind: 'ready', data: s.data.map((q) => (q.id === next.id ? next : q)) } : s));
  /** Sends one message in a thread; true when sent (the box empties). */
  const reply = async (q: AgriInquiry, text: string): Promise<boolean> => {
    try {
      replace(await call(agriMatchRoutes.replyAgriInquiry, { params: { inquiry_id: q.id }, body: { text } }));
      return true;
    } catch (e) {
      toastProblem(e);
      return false;
    }
  };
  return { ...loaded, reply, replace };
}

/** The threads, each with its answer box. */
export function Inquiries({ side, post_id, title }: { side: 'buyer' | 'farmer'; post_id?: string; title: string }) {
  const { state, reload, reply, replace } = useInquiries(side, post_id);
  return (
    <Card title={title} className="agri-inquiries" testid="agri-inquiries">
      {state.kind === 'loading' && <LoadingView />}
      {state.kind === 'error' && <ErrorView message={state.message} onRetry={() => void reload()} />}
      {state.kind === 'ready' && state.data.length === 0 && <EmptyView title="还没有询价" />}
      {state.kind === 'ready' && state.data.some((q) => q.awaiting === side) && (
        <Text className="agri-post__warn" data-testid="agri-inquiries-waiting">
          {state.data.filter((q) => q.awaiting === side).length} 个询价等您回复
        </Text>
      )}
      {state.kind === 'ready' && state.data.map((q) => <Thread key={q.id} q={q} onSend={(text) => reply(q, text)} onChange={replace} />)}
    </Card>
  );
}
