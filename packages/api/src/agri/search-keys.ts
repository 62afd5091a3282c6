/**
 * The candidate lists of search (issue 14 item 8), kept by `_id` so that a search costs the same at 100 posts or
 * 100,000 (the embedded server scans for every filter but `_id`, DESIGN §3). Each open post is an entry — the
 * fields every filter and sort but text needs — in a few lists of its kind: all posts, its category, its variety and
 * each token of its variety's name; each list keeps its newest SEARCH_KEY_CAP entries. A search reads the narrowest
 * list its query names, filters and ranks the entries in memory and reads only the page's posts (which it checks
 * again, text included, so an entry left behind by a failed listener is skipped, never shown).
 */
import { AGRI_CATEGORY_TREE } from '@cc/shared';
import { Schema, type Connection } from 'mongoose';
import { modelOn } from '../platform/db';
import type { AgriPostChange } from './context';
import type { AgriPostDoc } from './models';
import { postTokens } from './text';

/** Newest entries kept per list: the candidates of one search. */
export const SEARCH_KEY_CAP = 1000;

export interface SearchEntry {
  id: string;
  category: string;
  variety_key: string;
  /** Base-unit price range (fen) and the price sort key. */
  low: number | null;
  high: number | null;
  sort_fen: number;
  lat: number;
  lng: number;
  from: string;
  to: string;
  certified: boolean;
  region_keys: string[];
  created_ms: number;
  expires_ms: number;
}

export interface SearchListDoc {
  _id: string;
  entries: SearchEntry[];
}
/** Where a post was put (to take it out after an edit moved it, or when it leaves `open`). */
export interface SearchPlacementDoc {
  _id: string;
  keys: string[];
}

const listSchema = new Schema<SearchListDoc>({ _id: String, entries: { type: Schema.Types.Mixed, default: [] } }, { versionKey: false });
const placementSchema = new Schema<SearchPlacementDoc>({ _id: String, keys: { type: [String], default: [] } }, { versionKey: false });

export function searchModels(conn: Connection) {
  return {
    List: modelOn<SearchListDoc>(conn, 'AgriSearchList', listSchema, 'agri_search_lists'),
    Placement: modelOn<SearchPlacementDoc>(conn, 'AgriSearchPlacement', placementSchema, 'agri_search_placements'),
  };
}
export type SearchModels = ReturnType<typeof searchModels>;

export const allKey = (kind: string) => `${kind}|all`;
export const categoryKey = (kind: string, category: string) => `${kind}|c|${category}`;
export const varietyKeyOf = (kind: string, variety_key: string) => `${kind}|v|${variety_key}`;
export const tokenKey = (kind: string, token: string) => `${kind}|t|${token}`;

/** The lists a post is kept in: all, its category, its variety, and each token of its variety's and category's name. */
export function searchKeysOf(p: Pick<AgriPostDoc, 'kind' | 'category' | 'variety' | 'variety_key'>): string[] {
  const names = postTokens([p.variety, AGRI_CATEGORY_TREE[p.category].name], []);
  return [allKey(p.kind), categoryKey(p.kind, p.category), varietyKeyOf(p.kind, p.variety_key), ...names.map((t) => tokenKey(p.kind, t))];
}

export function searchEntryOf(p: AgriPostDoc): SearchEntry {
  return {
    id: p._id,
    category: p.category,
    variety_key: p.variety_key,
    low: p.base_price_low_fen,
    high: p.base_price_high_fen,
    sort_fen: p.price_sort_fen,
    lat: p.location.lat,
    lng: p.location.lng,
    from: p.window_from,
    to: p.window_to,
    certified: p.certified,
    region_keys: p.region_keys,
    created_ms: p.created_at.getTime(),
    expires_ms: p.expires_at.getTime(),
  };
}

/** Keeps the lists after every change of a post: out of the lists it was in, and into its own while it is open. */
export function searchListener(S: SearchModels) {
  return async ({ post }: AgriPostChange): Promise<void> => {
    const placed = await S.Placement.findById(post._id).lean();
    const keys = post.status === 'open' ? searchKeysOf(post) : [];
    // Only the lists it was placed in hold it (a new post is in none: nothing to take out).
    const out = placed?.keys ?? [];
    if (out.length > 0) await S.List.updateMany({ _id: { $in: out } }, { $pull: { entries: { id: post._id } } });
    if (keys.length > 0) {
      const entry = searchEntryOf(post);
      await S.List.bulkWrite(
        keys.map((k) => ({
          updateOne: {
            filter: { _id: k },
            update: { $push: { entries: { $each: [entry], $slice: -SEARCH_KEY_CAP } } },
            upsert: true,
          },
        })),
        { ordered: false },
      );
    }
    await S.Placement.updateOne({ _id: post._id }, { $set: { keys } }, { upsert: true });
  };
}
