import { agriPostRoutes, type AgriPost } from '@cc/shared';
import { call } from '../../api';
import type { Standing } from '../../farmer/lib/agri';
import { useLoaded } from '../../farmer/lib/hooks';

export type BuyerHomeData = { posts: AgriPost[]; standing: Standing };

/** The buyer's purchase posts (newest first, the first 50) and their standing. */
export function useBuyerHome() {
  return useLoaded<BuyerHomeData>(async () => {
    const [page, standing] = await Promise.all([
      call(agriPostRoutes.listMyAgriPosts, { query: { kind: 'purchase', limit: 50 } }),
      call(agriPostRoutes.getMyAgriStanding, { query: {} }),
    ]);
    return { posts: page.items, standing };
  }, []);
}
