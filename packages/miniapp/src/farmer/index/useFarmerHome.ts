import { agriMatchRoutes, agriPostRoutes, type AgriPost } from '@cc/shared';
import { call } from '../../api';
import type { Standing } from '../lib/agri';
import { useLoaded } from '../lib/hooks';

export type FarmerHomeData = {
  posts: AgriPost[];
  standing: Standing;
  /** Matched purchase demands by post id (open posts only). */
  matches: Record<string, number>;
  /** Inquiry threads waiting for the farmer's answer. */
  unanswered: number;
};

/** Matches of the open posts (the first 10: a farmer rarely has more on show). */
async function matchCounts(posts: AgriPost[]): Promise<Record<string, number>> {
  const open = posts.filter((p) => p.status === 'open').slice(0, 10);
  const lists = await Promise.all(open.map((p) => call(agriMatchRoutes.listAgriMatches, { params: { post_id: p.id }, query: {} })));
  return Object.fromEntries(lists.map((l) => [l.post_id, l.items.length]));
}

/** The farmer's supply posts (newest first, the first 50), their standing, matches and unanswered inquiries. */
export function useFarmerHome() {
  return useLoaded<FarmerHomeData>(async () => {
    const [page, standing, inquiries] = await Promise.all([
      call(agriPostRoutes.listMyAgriPosts, { query: { kind: 'supply', limit: 50 } }),
      call(agriPostRoutes.getMyAgriStanding, { query: {} }),
      call(agriMatchRoutes.listMyAgriInquiries, { query: { side: 'farmer', limit: 50 } }),
    ]);
    const matches = await matchCounts(page.items);
    return { posts: page.items, standing, matches, unanswered: inquiries.items.filter((q) => q.awaiting === 'farmer').length };
  }, []);
}
