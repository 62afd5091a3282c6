import { shanghaiDate } from '@cc/shared';
import { Schema, type Connection, type FilterQuery, type Model, type UpdateQuery } from 'mongoose';
import { modelOn } from './db';

/**
 * Short numbers people read out on the phone (DESIGN §6): `2412-0387` = the Asia/Shanghai year and month the thing
 * was placed in, a dash, and that month's sequence (four digits, more after 9999). One counter document per kind and
 * month, moved with a single-document `$inc` upsert — no transaction.
 *
 * The sequence alone is not the guarantee: measured on mongo-java-server 1.47, 50 concurrent `findOneAndUpdate`
 * `$inc` never lose an increment but may hand the same new value to two callers (the document is read back after the
 * update, not with it). So every numbered collection has a unique index on `number`, and a clash draws again.
 */
interface CounterDoc {
  _id: string;
  seq: number;
}
const counterSchema = new Schema<CounterDoc>({ _id: String, seq: { type: Number, required: true } }, { versionKey: false });

/** The format of a readable number, for query filters (exact match). */
export const READABLE_NUMBER = /^\d{4}-\d{4,9}$/;
const DRAWS_MAX = 20;
type Unnumbered = { _id: string; created_at: Date };

function isDuplicate(err: unknown): err is { code: number; keyPattern?: Record<string, unknown>; message: string } {
  return (err as { code?: number }).code === 11000;
}

/** A duplicate key on the `number` index (MongoDB says so in keyPattern; the embedded server only in the message). */
export function isNumberClash(err: unknown): boolean {
  if (!isDuplicate(err)) return false;
  if (err.keyPattern) return 'number' in err.keyPattern;
  return /index: number_1\b/.test(err.message);
}

export function createNumbers(conn: Connection) {
  const Counter = modelOn(conn, 'Counter', counterSchema, 'counters');

  async function next(key: string): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      try {
        const doc = await Counter.findOneAndUpdate({ _id: key }, { $inc: { seq: 1 } }, { upsert: true, new: true }).lean<CounterDoc>();
        return (doc as CounterDoc).seq;
      } catch (err) {
        // Two first upserts of a month race on the counter's _id: the loser increments the winner's document.
        if (!isDuplicate(err) || attempt >= 2) throw err;
      }
    }
  }

  /** A fresh number of `kind` ('order', 'call') for something placed at `at`. */
  async function draw(kind: string, at: Date): Promise<string> {
    const yymm = shanghaiDate(at).slice(2, 7).replace('-', '');
    return `${yymm}-${String(await next(`${kind}:${yymm}`)).padStart(4, '0')}`;
  }

  /**
   * Runs `write(number)` with a fresh number, drawing again while the unique `number` index refuses it. Any other
   * error (a duplicate on another key included) is the caller's.
   */
  async function withNumber<T>(kind: string, at: Date, write: (number: string) => Promise<T>): Promise<T> {
    for (let draws = 1; ; draws++) {
      try {
        return await write(await draw(kind, at));
      } catch (err) {
        if (!isNumberClash(err) || draws >= DRAWS_MAX) throw err;
      }
    }
  }

  /**
   * The migration for documents made before numbers existed (`pnpm backfill:numbers`, also run by `pnpm seed`):
   * oldest first, each gets a number of the month it was created in; a guarded update, so running it twice, or on
   * two machines at once, numbers each document once (a lost race only wastes a sequence value).
   */
  async function backfill<D>(model: Model<D>, kind: string): Promise<number> {
    const unnumbered = { number: { $exists: false } } as FilterQuery<D>;
    let done = 0;
    for (;;) {
      const batch = await model.find(unnumbered).sort({ _id: 1 }).limit(200).select({ _id: 1, created_at: 1 }).lean<Unnumbered[]>();
      if (batch.length === 0) return done;
      for (const d of batch) {
        const res = await withNumber(kind, new Date(d.created_at), (number) =>
          model.updateOne({ _id: d._id, number: { $exists: false } } as FilterQuery<D>, { $set: { number } } as UpdateQuery<D>),
        );
        done += res.modifiedCount;
      }
    }
  }

  return { draw, withNumber, backfill };
}
export type Numbers = ReturnType<typeof createNumbers>;
