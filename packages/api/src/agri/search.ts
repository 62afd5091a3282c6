/**
 * Search of open posts (issue 14 item 8) without $text or geo operators (DESIGN §3): text through the posts' token
 * arrays (`$all` of the query's tokens), distance through a bounding box on the indexed lat/lng then haversine,
 * filters on plain fields. Sorts: newest and price page by keyset in the database; relevance and distance are
 * computed, so they rank the newest SEARCH_CANDIDATES_MAX matches and page through them by a keyset over
 * (score or distance, id) — a narrower filter (a variety, a category, a radius) keeps that set complete.
 */
import { varietyKey, type AgriPost, type SearchAgriPostsQuery } from '@cc/shared';
import { boxAround, haversineM } from '../delivery/tasks/geo';
import { pageBySort, pageNewestFirst } from '../platform/pagination';
import { badRequest } from '../platform/problem';
import type { AgriCtx } from './context';
import type { AgriPostDoc } from './models';
import { ANONYMOUS, toPostView } from './present';
import { queryTokens, regionKey } from './text';

export const SEARCH_CANDIDATES_MAX = 2000;
const DAY_MS = 86_400_000;

function filterOf(q: SearchAgriPostsQuery): Record<string, unknown> {
  const f: Record<string, unknown> = { kind: q.kind, status: 'open' };
  if (q.category) f.category = q.category;
  if (q.variety) f.variety_key = varietyKey(q.variety);
  if (q.certified_only) f.certified = true;
  const tokens = q.q ? queryTokens(q.q) : [];
  if (tokens.length > 0) f.tokens = { $all: tokens };
  if (q.region) f.region_keys = regionKey(q.region);
  // Price ranges overlap (a supply post's low = high): 面议 posts have no price and drop out of a price filter.
  if (q.base_price_min_fen !== undefined) f.base_price_high_fen = { $gte: q.base_price_min_fen };
  if (q.base_price_max_fen !== undefined) f.base_price_low_fen = { $lte: q.base_price_max_fen };
  // Windows overlap; YYYY-MM-DD strings order like the dates.
  if (q.window_from) f.window_to = { $gte: q.window_from };
  if (q.window_to) f.window_from = { $lte: q.window_to };
  if (q.near_lat !== undefined && q.near_lng !== undefined && q.within_km !== undefined) {
    const box = boxAround({ lat: q.near_lat, lng: q.near_lng }, q.within_km * 1000);
    f['location.lat'] = { $gte: box.lat[0], $lte: box.lat[1] };
    f['location.lng'] = { $gte: box.lng[0], $lte: box.lng[1] };
  }
  return f;
}

const distanceKm = (q: SearchAgriPostsQuery, p: AgriPostDoc): number | null =>
  q.near_lat !== undefined && q.near_lng !== undefined
    ? Math.round(haversineM({ lat: q.near_lat, lng: q.near_lng }, p.location) / 100) / 10
    : null;

/** Relevance: the variety named exactly, then contained, a checked certification, freshness (whole days, stable). */
function relevance(q: SearchAgriPostsQuery, p: AgriPostDoc, now: Date): number {
  const key = q.q ? varietyKey(q.q) : '';
  let score = 0;
  if (key && p.variety_key === key) score += 10;
  else if (key && p.variety_key.includes(key)) score += 5;
  if (p.certified) score += 2;
  const ageDays = Math.floor((now.getTime() - p.created_at.getTime()) / DAY_MS);
  return score + Math.max(0, 3 - ageDays / 10);
}

type Ranked = { p: AgriPostDoc; key: number; distance_km: number | null };

function decodeCursor(cursor: string): [number, string] {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'string' && /^[a-z]{3}_[0-9A-Z]{26}$/.test(v[1]))
      return [v[0], v[1]];
  } catch {
    // fall through
  }
  throw badRequest('invalid_cursor', '分页游标无效');
}

/** Ranks in memory: relevance descending or distance ascending, then newest; pages after the cursor's row. */
async function ranked(C: AgriCtx, q: SearchAgriPostsQuery, filter: Record<string, unknown>, now: Date) {
  const rows = await C.models.Post.find(filter).sort({ _id: -1 }).limit(SEARCH_CANDIDATES_MAX).lean<AgriPostDoc[]>();
  const byDistance = q.sort === 'distance';
  const all: Ranked[] = rows
    .map((p) => {
      const distance_km = distanceKm(q, p);
      const key = byDistance ? (distance_km ?? 0) : Math.round(relevance(q, p, now) * 1000) / 1000;
      return { p, key, distance_km };
    })
    .filter((r) => q.within_km === undefined || (r.distance_km !== null && r.distance_km <= q.within_km));
  const cmp = (a: { key: number; id: string }, b: { key: number; id: string }) =>
    a.key !== b.key ? (byDistance ? a.key - b.key : b.key - a.key) : b.id.localeCompare(a.id);
  all.sort((a, b) => cmp({ key: a.key, id: a.p._id }, { key: b.key, id: b.p._id }));
  const after = q.cursor ? decodeCursor(q.cursor) : null;
  const rest = after ? all.filter((r) => cmp({ key: r.key, id: r.p._id }, { key: after[0], id: after[1] }) > 0) : all;
  const items = rest.slice(0, q.limit);
  const last = items[items.length - 1];
  const next_cursor = rest.length > q.limit && last ? Buffer.from(JSON.stringify([last.key, last.p._id])).toString('base64url') : null;
  return { items, next_cursor };
}

export async function searchPosts(C: AgriCtx, q: SearchAgriPostsQuery): Promise<{ items: AgriPost[]; next_cursor: string | null }> {
  const now = new Date();
  const filter = filterOf(q);
  let page: { items: Ranked[]; next_cursor: string | null };
  if (q.sort === 'relevance' || q.sort === 'distance') {
    page = await ranked(C, q, filter, now);
  } else {
    const rows =
      q.sort === 'price'
        ? await pageBySort(C.models.Post, filter, q, [{ field: 'price_sort_fen', type: 'number' }])
        : await pageNewestFirst(C.models.Post, filter, q);
    // The box holds the circle; its corners are dropped here (a page may come out shorter, the cursor goes on).
    const items = rows.items
      .map((p) => ({ p, key: 0, distance_km: distanceKm(q, p) }))
      .filter((r) => q.within_km === undefined || (r.distance_km !== null && r.distance_km <= q.within_km));
    page = { items, next_cursor: rows.next_cursor };
  }
  const posters = await C.credit.many(page.items.map((r) => r.p.owner_user_id));
  return {
    items: page.items.map((r) => toPostView(r.p, ANONYMOUS, posters.get(r.p.owner_user_id), r.distance_km)),
    next_cursor: page.next_cursor,
  };
}
