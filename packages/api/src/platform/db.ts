import mongoose, { type Connection, type Model, type Schema } from 'mongoose';

/** One connection per app instance (tests run several apps, each on its own database). */
export async function connectDatabase(uri: string): Promise<Connection> {
  const conn = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: 10_000,
    // Indexes are created explicitly at start-up (ensureIndexes), never lazily on first use.
    autoIndex: false,
    autoCreate: true,
  });
  await conn.asPromise();
  return conn;
}

/** Creates every declared index; unique indexes are part of correctness (ids, openids, idempotency keys). */
export async function ensureIndexes(conn: Connection): Promise<void> {
  for (const model of Object.values(conn.models)) {
    await model.createCollection().catch(() => undefined);
    await model.createIndexes();
  }
}

/** A model registered once per connection (several apps may share a process in tests). */
export function modelOn<T>(conn: Connection, name: string, schema: Schema<T>, collection: string): Model<T> {
  return (conn.models[name] as Model<T> | undefined) ?? conn.model<T>(name, schema, collection);
}
