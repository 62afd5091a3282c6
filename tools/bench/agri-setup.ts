/**
 * What bench:agri builds: verified posters (merchant records approved through the catalog's service, so the posts'
 * own verification and plausibility paths run as for real people), post bodies spread across the demo region
 * (径山 / 白沙 / 余杭 / 临安, about 0.6° × 1.0°), and the bulk fill of open posts with their match buckets.
 */
import { randomInt } from 'node:crypto';
import type { RunningApi } from '@cc/api';
import {
  AGRI_CATEGORIES,
  AGRI_CATEGORY_TREE,
  residentIdCheckChar,
  shanghaiDate,
  type AgriCategory,
  type CreatePurchasePostBody,
  type CreateSupplyPostBody,
} from '@cc/shared';
import { bucketKeysOf } from '../../packages/api/src/agri/match/buckets';
import { entryOf } from '../../packages/api/src/agri/match/score';
import { PRICE_SAMPLE_KEPT, priceSampleKeys } from '../../packages/api/src/agri/plausibility-keys';
import { SEARCH_KEY_CAP, searchEntryOf, searchKeysOf } from '../../packages/api/src/agri/search-keys';
import { regionKey } from '../../packages/api/src/agri/text';
import { derived, type PostFields } from '../../packages/api/src/agri/build';
import type { AgriPostDoc } from '../../packages/api/src/agri/models';
import type { UserActor } from '../../packages/api/src/platform/actor';

export const REGION = { lat: [30.05, 30.65], lng: [119.4, 120.4] } as const;
const DAY_MS = 86_400_000;
const day = (offset: number) => shanghaiDate(new Date(Date.now() + offset * DAY_MS));
const VARIETIES = AGRI_CATEGORIES.flatMap((c) => AGRI_CATEGORY_TREE[c].varieties.map((v) => [c, v] as [AgriCategory, string]));
/** A stable reference price per variety (fen per unit), so generated prices stay near a plausible median. */
const basePrice = (i: number) => 200 + ((i * 137) % 1800);

export const actorOf = (user_id: string, role: 'farmer' | 'buyer' | 'admin', community_id: string | null): UserActor => ({
  kind: 'user',
  user_id,
  roles: [{ role, community_id: role === 'admin' ? null : community_id } as UserActor['roles'][number]],
  community_id,
  session_id: 'bench',
});

/** `n` people, each with a merchant record an admin approved (real-name verified posters). */
export async function verifiedPosters(api: RunningApi, community_id: string, n: number, tag: string, role: 'farmer' | 'buyer') {
  const admin = actorOf('usr_bench_admin', 'admin', null);
  const out: UserActor[] = [];
  for (let i = 0; i < n; i++) {
    const actor = actorOf(`usr_bench_${tag}_${role}_${i}`, role, community_id);
    const m = await api.catalog.merchants.create(actor, {
      name: `基准${role === 'farmer' ? '农户' : '食堂'}${tag}${i}`,
      kind: role === 'farmer' ? 'farmer' : 'store',
      contact_name: '张三',
      contact_phone: '13800001111',
      community_id,
    } as never);
    const first17 = '33011019800101123';
    await api.catalog.merchants.submitVerification(actor, m.id, {
      real_name: '张三',
      id_kind: 'resident_id',
      id_number: first17 + residentIdCheckChar(first17),
    } as never);
    await api.catalog.merchants.approve(admin, m.id, null);
    out.push(actor);
  }
  return out;
}

const rnd = (lo: number, hi: number) => lo + Math.random() * (hi - lo);
const place = () => ({ lat: rnd(REGION.lat[0], REGION.lat[1]), lng: rnd(REGION.lng[0], REGION.lng[1]) });

export function pick(): { category: AgriCategory; variety: string; unit: string; price: number } {
  const i = randomInt(VARIETIES.length);
  const [category, variety] = VARIETIES[i]!;
  return { category, variety, unit: AGRI_CATEGORY_TREE[category].units[0], price: basePrice(i) };
}

export function supplyBody(): CreateSupplyPostBody {
  const v = pick();
  const from = randomInt(0, 20);
  return {
    category: v.category,
    variety: v.variety,
    quantity: randomInt(50, 500),
    unit: v.unit,
    unit_price_fen: Math.round(v.price * rnd(0.85, 1.15)),
    available_from: day(from),
    available_to: day(from + randomInt(5, 40)),
    origin: { village: `基准村${randomInt(100)}`, location: place() },
    photo_upload_ids: [],
    certifications: [],
    valid_days: 30,
  } as CreateSupplyPostBody;
}

export function purchaseBody(): CreatePurchasePostBody {
  const v = pick();
  const from = randomInt(0, 20);
  return {
    category: v.category,
    variety: v.variety,
    quantity: randomInt(20, 300),
    unit: v.unit,
    unit_price_min_fen: Math.round(v.price * 0.8),
    unit_price_max_fen: Math.round(v.price * 1.2),
    delivery: { place: `基准食堂${randomInt(100)}`, location: place() },
    needed_from: day(from),
    needed_to: day(from + randomInt(5, 40)),
    frequency: 'weekly',
    notes: '基准测试生成的求购信息，每周送货',
    valid_days: 30,
  } as CreatePurchasePostBody;
}

/** One stored post like the posts' own create would write (fields through the posts' `derived`), open. */
function docOf(kind: 'supply' | 'purchase', n: number): AgriPostDoc {
  const b = kind === 'supply' ? supplyBody() : purchaseBody();
  const s = b as CreateSupplyPostBody;
  const p = b as CreatePurchasePostBody;
  const f: PostFields = {
    category: b.category,
    variety: b.variety,
    quantity: b.quantity,
    unit: b.unit,
    unit_price_fen: kind === 'supply' ? s.unit_price_fen : null,
    min_order_quantity: null,
    origin:
      kind === 'supply'
        ? { village: s.origin.village, township: null, county: '余杭区', community_id: null, location: s.origin.location }
        : null,
    photo_upload_ids: [],
    description: null,
    unit_price_min_fen: kind === 'purchase' ? p.unit_price_min_fen : null,
    unit_price_max_fen: kind === 'purchase' ? p.unit_price_max_fen : null,
    delivery: kind === 'purchase' ? { place: p.delivery.place, community_id: null, location: p.delivery.location } : null,
    frequency: kind === 'purchase' ? 'weekly' : null,
    notes: kind === 'purchase' ? p.notes : null,
    window_from: kind === 'supply' ? s.available_from : p.needed_from,
    window_to: kind === 'supply' ? s.available_to : p.needed_to,
  } as PostFields;
  const now = new Date(Date.now() - randomInt(0, 5 * DAY_MS));
  return {
    _id: `${kind === 'supply' ? 'sup' : 'dem'}_BENCH${String(n).padStart(21, '0')}`,
    kind,
    owner_user_id: `usr_bench_fill_${n % 5000}`,
    community_id: null,
    poster_name: '基准',
    poster_kind: kind === 'supply' ? 'farmer' : 'buyer',
    ...f,
    ...derived(f, kind, '余杭区'),
    variety_confirmed: true,
    photo_hashes: [],
    certifications: [],
    certified: false,
    status: 'open',
    status_before_hide: null,
    hold_reasons: [],
    moderation_note: null,
    reports_open: 0,
    expires_at: new Date(Date.now() + 30 * DAY_MS),
    revision: 1,
    created_at: now,
    updated_at: now,
  } as AgriPostDoc;
}

/**
 * The bench's copy of every capped list it filled (each list's newest `cap` entries), per collection, written whole
 * after a fill: the match buckets, search's candidate lists and the median rule's price samples.
 */
export type FillBuckets = Map<string, Map<string, { cap: number; entries: unknown[] }>>;

function addTo(lists: FillBuckets, touched: Set<string>, collection: string, key: string, cap: number, entry: unknown): void {
  const byKey = lists.get(collection) ?? new Map<string, { cap: number; entries: unknown[] }>();
  lists.set(collection, byKey);
  const b = byKey.get(key) ?? { cap, entries: [] };
  b.entries.push(entry);
  if (b.entries.length > 2 * b.cap) b.entries = b.entries.slice(-b.cap);
  byKey.set(key, b);
  touched.add(`${collection}\u0000${key}`);
}

/** The lists one stored open post is in, as the posts' own listeners would keep them. */
function listPost(lists: FillBuckets, touched: Set<string>, d: AgriPostDoc): void {
  const e = entryOf(d);
  for (const k of bucketKeysOf(e)) addTo(lists, touched, 'agri_match_buckets', k.key, k.cap, e);
  const s = searchEntryOf(d);
  for (const k of searchKeysOf(d)) addTo(lists, touched, 'agri_search_lists', k, SEARCH_KEY_CAP, s);
  if (d.kind === 'supply' && d.base_price_low_fen !== null)
    for (const k of priceSampleKeys(d.variety_key, regionKey('余杭区')))
      addTo(lists, touched, 'agri_price_samples', k, PRICE_SAMPLE_KEPT, { id: d._id, fen: d.base_price_low_fen });
}

async function writeLists(api: RunningApi, lists: FillBuckets, touched: Set<string>): Promise<void> {
  const keys = [...touched].map((t) => t.split('\u0000') as [string, string]);
  for (let i = 0; i < keys.length; i += 200) {
    const byCollection = new Map<string, { replaceOne: unknown }[]>();
    for (const [collection, key] of keys.slice(i, i + 200)) {
      const b = lists.get(collection)!.get(key)!;
      b.entries = b.entries.slice(-b.cap);
      const ops = byCollection.get(collection) ?? [];
      ops.push({ replaceOne: { filter: { _id: key }, replacement: { entries: b.entries }, upsert: true } });
      byCollection.set(collection, ops);
    }
    for (const [collection, ops] of byCollection) await api.conn.collection(collection).bulkWrite(ops as never[], { ordered: false });
  }
}

/**
 * Adds `count` open posts (half supply, half purchase) with insertMany, and their entries to the capped lists (match
 * buckets, search lists, price samples; each keeps its newest `cap`, as the posts' own listeners would) — what
 * `count` creates would leave, without waiting for them. Returns a sample of the stored posts for the probes.
 */
export async function fillInBulk(api: RunningApi, lists: FillBuckets, from: number, count: number): Promise<AgriPostDoc[]> {
  const posts = api.conn.collection('agri_posts');
  const sample: AgriPostDoc[] = [];
  const touched = new Set<string>();
  for (let done = 0; done < count;) {
    const chunk = Math.min(1000, count - done);
    const docs = Array.from({ length: chunk }, (_, i) => docOf((from + done + i) % 2 === 0 ? 'supply' : 'purchase', from + done + i));
    await posts.insertMany(docs as never[], { ordered: false });
    for (const d of docs) listPost(lists, touched, d);
    sample.push(...docs.filter(() => Math.random() < 0.02));
    done += chunk;
  }
  await writeLists(api, lists, touched);
  return sample;
}
