/**
 * Database compatibility: pins every database feature the code relies on (DESIGN §3). It runs against whatever
 * MONGODB_URI points at — the embedded mongo-java-server in CI, or a production MongoDB to qualify it.
 */
import { randomBytes } from 'node:crypto';
import test from 'ava';
import type { Document } from 'mongodb';
import mongoose, { type Connection } from 'mongoose';
import { withDatabase } from '../support/stack';

let conn: Connection;

test.before(async () => {
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI is not set: run through pnpm test');
  conn = await mongoose.createConnection(withDatabase(uri, `compat_${randomBytes(4).toString('hex')}`)).asPromise();
});
test.after.always(async () => {
  await conn?.dropDatabase();
  await conn?.close();
});

const col = <T extends Document = Document>(name: string) => conn.db!.collection<T>(`${name}_${randomBytes(3).toString('hex')}`);

test('200 concurrent guarded decrements of a balance of 70: exactly 70 succeed and the balance ends at 0', async (t) => {
  const wallets = col('wallets');
  await wallets.insertOne({ _id: 'w1' as never, balance_fen: 70 });
  const results = await Promise.all(
    Array.from({ length: 200 }, () =>
      wallets.findOneAndUpdate(
        { _id: 'w1' as never, balance_fen: { $gte: 1 } },
        { $inc: { balance_fen: -1 } },
        { returnDocument: 'after' },
      ),
    ),
  );
  t.is(results.filter((r) => r !== null).length, 70);
  t.is((await wallets.findOne({ _id: 'w1' as never }))?.balance_fen, 0);
});

test('200 concurrent $inc lose nothing', async (t) => {
  const counters = col('counters');
  await counters.insertOne({ _id: 'c' as never, n: 0 });
  await Promise.all(Array.from({ length: 200 }, () => counters.updateOne({ _id: 'c' as never }, { $inc: { n: 1 } })));
  t.is((await counters.findOne({ _id: 'c' as never }))?.n, 200);
});

test('100 racing inserts on a unique key: one winner, 99 duplicate-key errors (11000)', async (t) => {
  const keys = col('keys');
  await keys.createIndex({ key: 1 }, { unique: true });
  const outcomes = await Promise.allSettled(Array.from({ length: 100 }, (_, i) => keys.insertOne({ key: 'same', attempt: i })));
  t.is(outcomes.filter((o) => o.status === 'fulfilled').length, 1);
  const codes = outcomes
    .filter((o): o is PromiseRejectedResult => o.status === 'rejected')
    .map((o) => (o.reason as { code?: number }).code);
  t.deepEqual([...new Set(codes)], [11000]);
  t.is(await keys.countDocuments(), 1);
});

test('50 racing upserts with $setOnInsert on a unique key create one document', async (t) => {
  const users = col('users');
  await users.createIndex({ openid: 1 }, { unique: true });
  const settled = await Promise.allSettled(
    Array.from({ length: 50 }, (_, i) =>
      users.findOneAndUpdate(
        { openid: 'o1' },
        { $setOnInsert: { _id: `u${i}` as never, openid: 'o1' } },
        { upsert: true, returnDocument: 'after' },
      ),
    ),
  );
  // MongoDB may report E11000 for a losing upsert; the code then reads the winner.
  for (const s of settled) if (s.status === 'rejected') t.is((s.reason as { code?: number }).code, 11000);
  t.is(await users.countDocuments({ openid: 'o1' }), 1);
});

test('compound unique index rejects a duplicate pair and accepts other pairs', async (t) => {
  const stations = col('stations');
  await stations.createIndex({ community_id: 1, name: 1 }, { unique: true });
  await stations.insertOne({ community_id: 'a', name: 'x' });
  await stations.insertOne({ community_id: 'b', name: 'x' });
  const err = await t.throwsAsync(stations.insertOne({ community_id: 'a', name: 'x' }));
  t.is((err as unknown as { code: number }).code, 11000);
});

test('$addToSet and $pull on subdocuments, $elemMatch queries, $in and $ne', async (t) => {
  type Grant = { role: string; community_id: string };
  const users = col<{ _id: string; community_id: string | null; roles: Grant[] }>('roles');
  await users.insertOne({ _id: 'u', community_id: null, roles: [] });
  for (let i = 0; i < 3; i++) await users.updateOne({ _id: 'u' }, { $addToSet: { roles: { role: 'farmer', community_id: 'c1' } } });
  await users.updateOne({ _id: 'u' }, { $addToSet: { roles: { role: 'courier', community_id: 'c2' } } });
  t.is((await users.findOne({ _id: 'u' }))?.roles.length, 2);
  t.is(await users.countDocuments({ roles: { $elemMatch: { role: 'farmer', community_id: { $in: ['c1', 'c9'] } } } }), 1);
  t.is(await users.countDocuments({ roles: { $elemMatch: { role: 'farmer', community_id: 'c2' } } }), 0);
  t.is(await users.countDocuments({ $or: [{ community_id: { $in: ['c2'] } }, { 'roles.community_id': { $in: ['c2'] } }] }), 1);
  t.is(await users.countDocuments({ community_id: { $ne: null } }), 0);
  await users.updateOne({ _id: 'u' }, { $pull: { roles: { role: 'farmer', community_id: 'c1' } } });
  t.deepEqual((await users.findOne({ _id: 'u' }))?.roles, [{ role: 'courier', community_id: 'c2' }]);
});

test('cursor pagination: $gt on string ids with sort and limit', async (t) => {
  const items = col('items');
  await items.insertMany(Array.from({ length: 25 }, (_, i) => ({ _id: `itm_${String(i).padStart(3, '0')}` as never })));
  const page = await items
    .find({ _id: { $gt: 'itm_009' as never } })
    .sort({ _id: 1 })
    .limit(5)
    .toArray();
  t.deepEqual(
    page.map((d) => d._id),
    ['itm_010', 'itm_011', 'itm_012', 'itm_013', 'itm_014'],
  );
});

test('aggregation stages: $match $group $sort $lookup $unwind $facet $bucket $project $count', async (t) => {
  const orders = col('orders');
  const communities = col('communities');
  await communities.insertMany([
    { _id: 'c1' as never, name: '益乐社区' },
    { _id: 'c2' as never, name: '径山村' },
  ]);
  await orders.insertMany([
    { community_id: 'c1', amount_fen: 1000, items: ['a', 'b'] },
    { community_id: 'c1', amount_fen: 2500, items: ['c'] },
    { community_id: 'c2', amount_fen: 800, items: ['a'] },
  ]);
  const gmv = await orders
    .aggregate([
      { $match: { amount_fen: { $gt: 0 } } },
      { $group: { _id: '$community_id', gmv_fen: { $sum: '$amount_fen' }, orders: { $sum: 1 } } },
      { $lookup: { from: communities.collectionName, localField: '_id', foreignField: '_id', as: 'community' } },
      { $unwind: '$community' },
      { $project: { _id: 0, name: '$community.name', gmv_fen: 1, orders: 1 } },
      { $sort: { gmv_fen: -1 } },
    ])
    .toArray();
  t.deepEqual(gmv, [
    { gmv_fen: 3500, orders: 2, name: '益乐社区' },
    { gmv_fen: 800, orders: 1, name: '径山村' },
  ]);
  const [facets] = await orders
    .aggregate([
      {
        $facet: {
          total: [{ $count: 'n' }],
          items: [{ $unwind: '$items' }, { $group: { _id: '$items', n: { $sum: 1 } } }, { $sort: { _id: 1 } }],
          sizes: [{ $bucket: { groupBy: '$amount_fen', boundaries: [0, 1000, 5000], default: 'other', output: { n: { $sum: 1 } } } }],
        },
      },
    ])
    .toArray();
  t.deepEqual(facets?.total, [{ n: 3 }]);
  t.deepEqual(facets?.items, [
    { _id: 'a', n: 2 },
    { _id: 'b', n: 1 },
    { _id: 'c', n: 1 },
  ]);
  t.deepEqual(facets?.sizes, [
    { _id: 0, n: 1 },
    { _id: 1000, n: 2 },
  ]);
});

test('bulkWrite with mixed operations reports its counts', async (t) => {
  const stock = col('stock');
  const res = await stock.bulkWrite([
    { insertOne: { document: { _id: 's1' as never, qty: 5 } } },
    { insertOne: { document: { _id: 's2' as never, qty: 1 } } },
    { updateOne: { filter: { _id: 's1' as never, qty: { $gte: 2 } }, update: { $inc: { qty: -2 } } } },
    { updateOne: { filter: { _id: 's2' as never, qty: { $gte: 2 } }, update: { $inc: { qty: -2 } } } },
    { deleteOne: { filter: { _id: 'missing' as never } } },
  ]);
  t.is(res.insertedCount, 2);
  t.is(res.matchedCount, 1);
  t.is(res.modifiedCount, 1);
  t.is((await stock.findOne({ _id: 's1' as never }))?.qty, 3);
});

test('ping answers (readiness probe)', async (t) => {
  t.like(await conn.db!.admin().ping(), { ok: 1 });
});
