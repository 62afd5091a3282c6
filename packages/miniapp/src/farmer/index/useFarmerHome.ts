import { agriPostRoutes, type AgriPost } from '@cc/shared';
import type { Standing } from '../lib/agri';
import { call } from '../../api';
import { useLoaded } from '../lib/hooks';

export type FarmerHomeData = { posts: AgriPost[]; standing: Standing };

/** The farmer's supply posts (newest first, the first 50) and their standing (verified, banned, credit). */
export function useFarmerHome() {
  return useLoaded<FarmerHomeData>(async () => {
    const [page, standing] = await Promise.all([
      call(agriPostRoutes.listMyAgriPosts, { query: { kind: 'supply', limit: 50 } }),
      call(agriPostRoutes.getMyAgriStanding, { query: {} }),
    ]);
    return { posts: page.items, standing };
  }, []);
}
