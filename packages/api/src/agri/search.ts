/**
 * Search of open posts (issue 14 item 8) without $text or geo operators (DESIGN §3), at a cost that does not grow
 * with the number of posts. Candidates come from the lists of search-keys.ts, read by `_id`: the query's variety,
 * else its category, else (text) the lists of its tokens joined with the newest posts of the kind — at most
 * SEARCH_KEY_CAP newest entries of each list, so a broad query searches the newest posts (a variety or category
 * narrows it; text found only in a description is found among the newest). The entries are filtered (category,
 * variety, region, price, window, certified, distance by haversine) and ranked in memory — relevance (the variety
 * named exactly 10, contained 5, a checked certification 2, freshness up to 3), distance, price (面议 last) or
 * newest — and paged by a keyset over (key, id); only the page's posts are read, and checked again (open,
 * unexpired, every text token among its tokens), so an entry a failed listener left behind is never shown.
 */
import { varietyKey, type AgriPost, type SearchAgriPostsQuery } from '@cc/shared';
import { haversineM } from '../delivery/tasks/geo';
import { badRequest } from '../platform/problem';
import type { AgriCtx } from './context';
import type { AgriPostDoc } from './models';
import { ANONYMOUS, toPostView } from './present';
import {
  allKey,
  categoryKey,
  searchEntryOf,
  searchModels,
  tokenKey,
  varietyKeyOf,
  type SearchEntry,
  type SearchModels,
} from './search-keys';
import { queryTokens, regionKey } from './text';

/** Posts read per round while walking the ranked entries to fill a page. */
const VERIFY_BATCH = 40;
const DAY_MS = 86_400_000;

/** The filters of the query on an entry (everything but text; `kind` is the list's). */
function entryMatches(q: SearchAgriPostsQuery, e: SearchEntry, now_ms: number): boolean {
  if (e.expires_ms <= now_ms) return false;
  if (q.category && e.category !== q.category) return false;
  if (q.variety && e.variety_key !== varietyKey(q.variety)) return false;
  if (q.certified_only && !e.certified) return false;
  if (q.region && !e.region_keys.includes(regionKey(q.region))) return false;
  // Price ranges overlap (a supply post's low = high): 面议 posts have no price and drop out of a price filter.
  if (q.base_price_min_fen !== undefined && (e.high === null || e.high < q.base_price_min_fen)) return false;
  if (q.base_price_max_fen !== undefined && (e.low === null || e.low > q.base_price_max_fen)) return false;
  // Windows overlap; YYYY-MM-DD strings order like the dates.
  if (q.window_from && e.to < q.window_from) return false;
  if (q.window_to && e.from > q.window_to) return false;
  if (q.within_km !== undefined) {
    const km = distanceKm(q, e);
    if (km === null || km > q.within_km) return false;
  }
  return true;
}

/** The stored post still fits (open, unexpired, its text has every query token): a stale entry is skipped. */
function postMatches(q: SearchAgriPostsQuery, tokens: string[], p: AgriPostDoc, now_ms: number): boolean {
  if (p.kind !== q.kind || p.status !== 'open' || !entryMatches(q, searchEntryOf(p), now_ms)) return false;
  return tokens.every((t) => p.tokens.includes(t));
}

const distanceKm = (q: SearchAgriPostsQuery, at: { lat: number; lng: number }): number | null =>
  q.near_lat !== undefined && q.near_lng !== undefined ? Math.round(haversineM({ lat: q.near_lat, lng: q.near_lng }, at) / 100) / 10 : null;

/** Relevance: the variety named exactly, then contained, a checked certification, freshness (whole days, stable). */
function relevance(q: SearchAgriPostsQuery, e: SearchEntry, now_ms: number): number {
  const key = q.q ? varietyKey(q.q) : '';
  let score = 0;
  if (key && e.variety_key === key) score += 10;
  else if (key && e.variety_key.includes(key)) score += 5;
  if (e.certified) score += 2;
  const ageDays = Math.floor((now_ms - e.created_ms) / DAY_MS);
  return score + Math.max(0, 3 - ageDays / 10);
}

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

/** The candidates: the narrowest list the query names; for text, its tokens' lists joined, and the newest posts. */
async function candidates(S: SearchModels, q: SearchAgriPostsQuery, tokens: string[]): Promise<SearchEntry[]> {
  let keys: string[];
  if (q.variety) keys = [varietyKeyOf(q.kind, varietyKey(q.variety))];
  else if (q.category) keys = [categoryKey(q.kind, q.category)];
  else keys = [allKey(q.kind), ...tokens.map((t) => tokenKey(q.kind, t))];
  const lists = new Map((await S.List.find({ _id: { $in: keys } }).lean()).map((l) => [l._id, l.entries]));
  const seen = new Map<string, SearchEntry>();
  for (const e of lists.get(keys[0]!) ?? []) seen.set(e.id, e);
  if (keys.length > 1) {
    // A name that has every token (the text of a description is checked on the post itself).
    const [first, ...rest] = tokens.map((t) => new Set((lists.get(tokenKey(q.kind, t)) ?? []).map((e) => e.id)));
    for (const e of lists.get(tokenKey(q.kind, tokens[0]!)) ?? [])
      if (first!.has(e.id) && rest.every((r) => r.has(e.id)) && !seen.has(e.id)) seen.set(e.id, e);
  }
  return [...seen.values()];
}

type Ranked = { e: SearchEntry; key: number };

/** Sort keys: relevance and newest descending, price and distance ascending; ties by id (newest first, price: oldest). */
function rankEntries(q: SearchAgriPostsQuery, entries: SearchEntry[], now_ms: number) {
  const keyOf = (e: SearchEntry): number => {
    if (q.sort === 'distance') return distanceKm(q, e) ?? 0;
    if (q.sort === 'price') return e.sort_fen;
    if (q.sort === 'relevance') return Math.round(relevance(q, e, now_ms) * 1000) / 1000;
    return 0;
  };
  const ascending = q.sort === 'distance' || q.sort === 'price';
  const cmp = (a: { key: number; id: string }, b: { key: number; id: string }) =>
    a.key !== b.key
      ? ascending
        ? a.key - b.key
        : b.key - a.key
      : q.sort === 'price'
        ? a.id.localeCompare(b.id)
        : b.id.localeCompare(a.id);
  const all: Ranked[] = entries.map((e) => ({ e, key: keyOf(e) }));
  all.sort((a, b) => cmp({ key: a.key, id: a.e.id }, { key: b.key, id: b.e.id }));
  const after = q.cursor ? decodeCursor(q.cursor) : null;
  return after ? all.filter((r) => cmp({ key: r.key, id: r.e.id }, { key: after[0], id: after[1] }) > 0) : all;
}

/** Walks the ranked entries, reading their posts a batch at a time, until a page (and one more) is checked. */
async function pageOf(C: AgriCtx, q: SearchAgriPostsQuery, tokens: string[], rest: Ranked[], now_ms: number) {
  const found: { r: Ranked; p: AgriPostDoc }[] = [];
  for (let i = 0; i < rest.length && found.length <= q.limit; i += VERIFY_BATCH) {
    const batch = rest.slice(i, i + VERIFY_BATCH);
    const posts = new Map(
      (await C.models.Post.find({ _id: { $in: batch.map((r) => r.e.id) } }).lean<AgriPostDoc[]>()).map((p) => [p._id, p]),
    );
    for (const r of batch) {
      const p = posts.get(r.e.id);
      if (p && postMatches(q, tokens, p, now_ms)) found.push({ r, p });
    }
  }
  const items = found.slice(0, q.limit);
  const last = items[items.length - 1];
  const next_cursor = found.length > q.limit && last ? Buffer.from(JSON.stringify([last.r.key, last.p._id])).toString('base64url') : null;
  return { items, next_cursor };
}

export async function searchPosts(C: AgriCtx, q: SearchAgriPostsQuery): Promise<{ items: AgriPost[]; next_cursor: string | null }> {
  const now_ms = Date.now();
  const tokens = q.q ? queryTokens(q.q) : [];
  const S = searchModels(C.deps.conn);
  const entries = (await candidates(S, q, tokens)).filter((e) => entryMatches(q, e, now_ms));
  const page = await pageOf(C, q, tokens, rankEntries(q, entries, now_ms), now_ms);
  const posters = await C.credit.many(page.items.map((r) => r.p.owner_user_id));
  return {
    items: page.items.map((r) => toPostView(r.p, ANONYMOUS, posters.get(r.p.owner_user_id), distanceKm(q, r.p.location))),
    next_cursor: page.next_cursor,
  };
}
