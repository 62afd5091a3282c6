import { useEffect, useState } from 'react';
import { agriPostRoutes, type AgriCategory, type AgriPost, type Community, type RouteInput } from '@cc/shared';
import { call } from '../../api';
import { parseYuan, usePaged } from '../../commerce/lib';
import { myCommunity } from '../../farmer/lib/hooks';

export type Sort = 'relevance' | 'distance' | 'price' | 'newest';
export interface Filters {
  q: string;
  category: AgriCategory | null;
  variety: string | null;
  /** Kilometres from the buyer's community; null is anywhere. */
  within_km: number | null;
  /** Yuan per base unit (斤 for weights), as typed. */
  price_min: string;
  price_max: string;
  certified_only: boolean;
  sort: Sort;
}

const START: Filters = {
  q: '',
  category: null,
  variety: null,
  within_km: null,
  price_min: '',
  price_max: '',
  certified_only: false,
  sort: 'relevance',
};
type Query = NonNullable<RouteInput<typeof agriPostRoutes.searchAgriPosts>['query']>;

/** The query of the filters; a message instead when a price is not an amount. */
export function queryOf(f: Filters, home: Community | null): Query | string {
  const q: Query = { kind: 'supply', sort: f.sort, limit: 20 };
  if (f.q.trim()) q.q = f.q.trim();
  if (f.category) q.category = f.category;
  if (f.variety) q.variety = f.variety;
  if (home && (f.within_km !== null || f.sort === 'distance')) {
    q.near_lat = home.location.lat;
    q.near_lng = home.location.lng;
    if (f.within_km !== null) q.within_km = f.within_km;
  }
  for (const [text, key] of [
    [f.price_min, 'base_price_min_fen'],
    [f.price_max, 'base_price_max_fen'],
  ] as const) {
    if (!text.trim()) continue;
    const fen = parseYuan(text, { min: 0, label: '价格' });
    if (typeof fen === 'string') return fen;
    q[key] = fen;
  }
  if (f.certified_only) q.certified_only = 'true';
  return q;
}

/** 找货源: the filters, the buyer's place (for distance) and the paged results. */
export function useSearch() {
  const [filters, setFilters] = useState<Filters>(START);
  const [home, setHome] = useState<Community | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const paged = usePaged<AgriPost>();
  useEffect(() => {
    void myCommunity().then(setHome, () => setHome(null));
  }, []);
  const search = (f: Filters) => {
    const q = queryOf(f, home);
    if (typeof q === 'string') return setProblem(q);
    setProblem(null);
    void paged.reload((cursor) => call(agriPostRoutes.searchAgriPosts, { query: { ...q, ...(cursor ? { cursor } : {}) } }));
  };
  useEffect(() => search(filters), [home]);
  const set = (patch: Partial<Filters>, now = true) => {
    const next = { ...filters, ...patch };
    setFilters(next);
    if (now) search(next);
  };
  return { filters, set, search: () => search(filters), home, problem, ...paged };
}
export type SearchPage = ReturnType<typeof useSearch>;
