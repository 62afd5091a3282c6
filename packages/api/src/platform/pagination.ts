import type { FilterQuery, Model } from 'mongoose';
import { badRequest } from './problem';

/** Opaque cursor over the time-ordered `_id`: base64url of the last id seen. */
function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[a-z]{3}_[0-9A-Z]{26}$/.test(id)) throw badRequest('invalid_cursor', '分页游标无效');
  return id;
}

/** One page in id order; ask for one more than the limit to know whether another page exists. */
export async function pageByCursor<T extends { _id: string }>(
  model: Model<T>,
  filter: FilterQuery<T>,
  opts: { limit: number; cursor?: string },
): Promise<{ items: T[]; next_cursor: string | null }> {
  const where = opts.cursor ? { $and: [filter, { _id: { $gt: decodeCursor(opts.cursor) } }] } : filter;
  const rows = (await model
    .find(where as FilterQuery<T>)
    .sort({ _id: 1 })
    .limit(opts.limit + 1)
    .lean()) as T[];
  const items = rows.slice(0, opts.limit);
  const last = items[items.length - 1];
  return { items, next_cursor: rows.length > opts.limit && last ? Buffer.from(last._id).toString('base64url') : null };
}

/** One key of a keyset sort (ascending). Its values must never be null: null does not compare with `$gt`. */
export interface SortKey {
  field: string;
  type: 'string' | 'date' | 'number';
}

function encodeKeys(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values.map((v) => (v instanceof Date ? v.toISOString() : v)))).toString('base64url');
}

function decodeKeys(cursor: string, keys: SortKey[]): unknown[] {
  const invalid = () => badRequest('invalid_cursor', '分页游标无效');
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(raw) || raw.length !== keys.length + 1) throw invalid();
  const id = raw[keys.length];
  if (typeof id !== 'string' || !/^[a-z]{3}_[0-9A-Z]{26}$/.test(id)) throw invalid();
  const values = keys.map((k, i) => {
    const v: unknown = raw[i];
    if (k.type === 'number') {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw invalid();
      return v;
    }
    if (typeof v !== 'string' || v.length > 200) throw invalid();
    if (k.type === 'date') {
      const d = new Date(v);
      if (Number.isNaN(d.getTime())) throw invalid();
      return d;
    }
    return v;
  });
  return [...values, id];
}

/**
 * One page in a compound ascending order (`keys`, then `_id` as the tie-breaker), by keyset: the cursor carries the
 * last row's sort values, and the next page starts strictly after them. Rows whose sort values do not change
 * between pages are neither repeated nor skipped; a row whose values change meanwhile moves to its new place.
 */
export async function pageBySort<T extends { _id: string }>(
  model: Model<T>,
  filter: FilterQuery<T>,
  opts: { limit: number; cursor?: string | undefined },
  keys: SortKey[],
): Promise<{ items: T[]; next_cursor: string | null }> {
  const fields = [...keys.map((k) => k.field), '_id'];
  let where: FilterQuery<T> = filter;
  if (opts.cursor) {
    const after = decodeKeys(opts.cursor, keys);
    // (k1 > v1) or (k1 = v1 and k2 > v2) or … or (all equal and _id > id)
    const or = fields.map((field, i) => ({
      ...Object.fromEntries(fields.slice(0, i).map((f, j) => [f, after[j]])),
      [field]: { $gt: after[i] },
    }));
    where = { $and: [filter, { $or: or }] } as FilterQuery<T>;
  }
  const rows = (await model
    .find(where)
    .sort(Object.fromEntries(fields.map((f) => [f, 1])))
    .limit(opts.limit + 1)
    .lean()) as T[];
  const items = rows.slice(0, opts.limit);
  const last = items[items.length - 1] as Record<string, unknown> | undefined;
  return { items, next_cursor: rows.length > opts.limit && last ? encodeKeys(fields.map((f) => last[f])) : null };
}

/** One page newest first (descending time-ordered `_id`); the cursor is the last id seen, like pageByCursor's. */
export async function pageNewestFirst<T extends { _id: string }>(
  model: Model<T>,
  filter: FilterQuery<T>,
  opts: { limit: number; cursor?: string | undefined },
): Promise<{ items: T[]; next_cursor: string | null }> {
  const where = opts.cursor ? { $and: [filter, { _id: { $lt: decodeCursor(opts.cursor) } }] } : filter;
  const rows = (await model
    .find(where as FilterQuery<T>)
    .sort({ _id: -1 })
    .limit(opts.limit + 1)
    .lean()) as T[];
  const items = rows.slice(0, opts.limit);
  const last = items[items.length - 1];
  return { items, next_cursor: rows.length > opts.limit && last ? Buffer.from(last._id).toString('base64url') : null };
}
