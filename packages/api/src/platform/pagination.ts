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
