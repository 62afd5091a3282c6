import { View, Text } from '@tarojs/components';
import { agriMatchRoutes, type AgriMatch, type AgriPost } from '@cc/shared';
import { call } from '../../api';
import { Card, EmptyView, ErrorView, LoadingView, Tag } from '../../ui';
import { tappable } from '../../ui/tappable';
import { postLine } from './agri';
import { placeAndWindow, Reasons } from './components';
import { useLoaded } from './hooks';

/** A purchase post's notes (what the buyer needs), shown to the farmer under the match. */
function notesOf(p: AgriPost): string | null {
  return p.kind === 'purchase' ? p.notes : p.description;
}

/** One ranked counterpart: what, place and window, who, the score and the reasons in words. */
function MatchRow({ m, rank, onOpen }: { m: AgriMatch; rank: number; onOpen?: (m: AgriMatch) => void }) {
  const p = m.post;
  return (
    <View
      className="cc-card agri-post"
      data-testid="agri-match"
      data-variety={p.variety}
      data-rank={rank}
      {...(onOpen ? tappable(() => onOpen(m)) : {})}
    >
      <View className="agri-post__head cc-spread cc-spread--top">
        <Text className="agri-post__title">
          {rank}. {postLine(p)}
        </Text>
        <Text className="agri-count__label">匹配度 {Math.round(m.score)}</Text>
      </View>
      {p.kind === 'purchase' && p.community_demand && (
        // A community's weekly demand from its residents' shop orders (agri/demand), not one buyer's request.
        <View data-testid="agri-community-demand">
          <Tag tone="info">{p.community_demand.words}</Tag>
        </View>
      )}
      <Text className="agri-muted">{placeAndWindow(p)}</Text>
      <Text className="agri-muted">
        {p.poster.display_name} · {p.poster.credit.level_words}
      </Text>
      <Reasons reasons={m.reasons} />
      {notesOf(p) && <Text className="agri-muted">{notesOf(p)}</Text>}
    </View>
  );
}

/** The post's matches, best first (recomputed by the API whenever either post changes). */
export function Matches({ post, title, onOpen }: { post: AgriPost; title: string; onOpen?: (m: AgriMatch) => void }) {
  const { state, reload } = useLoaded(
    () => call(agriMatchRoutes.listAgriMatches, { params: { post_id: post.id }, query: {} }),
    [post.id, post.updated_at],
  );
  return (
    <Card title={title} className="agri-matches" testid="agri-matches">
      {post.status !== 'open' && <Text className="agri-muted">信息公开后才会匹配。</Text>}
      {state.kind === 'loading' && <LoadingView />}
      {state.kind === 'error' && <ErrorView message={state.message} onRetry={() => void reload()} />}
      {state.kind === 'ready' && state.data.items.length === 0 && post.status === 'open' && (
        <EmptyView title="暂时没有匹配" description="有新的信息时会通知您" />
      )}
      {state.kind === 'ready' && state.data.items.map((m, i) => <MatchRow key={m.post.id} m={m} rank={i + 1} onOpen={onOpen} />)}
    </Card>
  );
}
