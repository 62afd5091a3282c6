/**
 * Candidate retrieval (DESIGN §8: "candidates come from indexed keys … then are scored"). An open post is put into
 * three buckets: its variety in its map cell, its variety anywhere (the newest only) and its category in its cell.
 * A post's candidates are the counterpart buckets of its cell and the eight around it (cells of CELL_DEG, so
 * everything within about 50 km is always among them), its variety anywhere, and its category around it for
 * cross-variety fits — one read by `_id: {$in}`, bounded by the caps whatever the number of posts.
 */
import type { MatchModels } from './models';
import type { MatchEntry } from './score';

export const CELL_DEG = 0.5;
/** Newest entries kept per bucket: variety × cell, variety anywhere, category × cell. */
export const BUCKET_CAPS = { variety: 200, wide: 100, category: 60 } as const;

const cellOf = (lat: number, lng: number) => [Math.floor(lat / CELL_DEG), Math.floor(lng / CELL_DEG)] as const;

/** The buckets a post of this entry is kept in, with each one's cap. */
export function bucketKeysOf(e: MatchEntry): { key: string; cap: number }[] {
  const [y, x] = cellOf(e.lat, e.lng);
  return [
    { key: `v|${e.kind}|${e.variety_key}|${y}:${x}`, cap: BUCKET_CAPS.variety },
    { key: `v|${e.kind}|${e.variety_key}|*`, cap: BUCKET_CAPS.wide },
    { key: `c|${e.kind}|${e.category}|${y}:${x}`, cap: BUCKET_CAPS.category },
  ];
}

/** The counterpart buckets to read for this entry. */
export function candidateKeysOf(e: MatchEntry): string[] {
  const other = e.kind === 'supply' ? 'purchase' : 'supply';
  const [y, x] = cellOf(e.lat, e.lng);
  const keys = [`v|${other}|${e.variety_key}|*`];
  for (const dy of [-1, 0, 1])
    for (const dx of [-1, 0, 1]) {
      keys.push(`v|${other}|${e.variety_key}|${y + dy}:${x + dx}`, `c|${other}|${e.category}|${y + dy}:${x + dx}`);
    }
  return keys;
}

/** Takes the post out of these buckets (every entry of it: a race may have left two). */
export async function removeFromBuckets(M: MatchModels, post_id: string, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await M.Bucket.updateMany({ _id: { $in: keys } }, { $pull: { entries: { id: post_id } } });
}

/** Puts the entry into its buckets (its old entry out first), keeping the newest `cap` of each. */
export async function putInBuckets(M: MatchModels, e: MatchEntry, old_keys: string[]): Promise<string[]> {
  const targets = bucketKeysOf(e);
  await removeFromBuckets(M, e.id, [...new Set([...old_keys, ...targets.map((t) => t.key)])]);
  await M.Bucket.bulkWrite(
    targets.map((t) => ({
      updateOne: {
        filter: { _id: t.key },
        update: { $push: { entries: { $each: [e], $slice: -t.cap } } },
        upsert: true,
      },
    })),
  );
  return targets.map((t) => t.key);
}

/** The counterpart entries around this one, each post once, expired ones dropped. */
export async function candidatesOf(M: MatchModels, e: MatchEntry, now_ms: number): Promise<MatchEntry[]> {
  const buckets = await M.Bucket.find({ _id: { $in: candidateKeysOf(e) } }).lean();
  const seen = new Map<string, MatchEntry>();
  for (const b of buckets) for (const c of b.entries) if (c.expires_ms > now_ms && !seen.has(c.id)) seen.set(c.id, c);
  return [...seen.values()];
}
