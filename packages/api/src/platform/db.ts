import mongoose, { type Connection, type Model, type Schema } from 'mongoose';

export interface DatabaseBounds {
  /** One round trip (socketTimeoutMS). */
  operation_ms: number;
  /** Finding a usable server, opening a connection, waiting for a pooled one. */
  server_selection_ms: number;
}
export const DEFAULT_DATABASE_BOUNDS: DatabaseBounds = { operation_ms: 5000, server_selection_ms: 3000 };

/**
 * One connection per app instance (tests run several apps, each on its own database). Every call is bounded, so a
 * stalled server (measured with SIGSTOP on the embedded server: without bounds a read waits for as long as the
 * stall) fails the call within about operation_ms + server_selection_ms (the driver retries a read once), and the
 * driver reconnects by itself when the server is back. Client-side operation timeouts (`timeoutMS`) bound a call
 * more tightly but end cursors and index builds after the same time, so they are not used here.
 */
export async function connectDatabase(uri: string, bounds: DatabaseBounds = DEFAULT_DATABASE_BOUNDS): Promise<Connection> {
  const conn = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: bounds.server_selection_ms,
    connectTimeoutMS: bounds.server_selection_ms,
    waitQueueTimeoutMS: bounds.server_selection_ms,
    socketTimeoutMS: bounds.operation_ms,
    // Mongoose would otherwise hold calls made while it thinks it is disconnected for 10 s, beyond every bound above.
    bufferCommands: false,
    // Indexes are created explicitly at start-up (ensureIndexes), never lazily on first use.
    autoIndex: false,
    autoCreate: true,
  });
  await conn.asPromise();
  return conn;
}

const UNAVAILABLE = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoPoolClearedError',
  'MongoWaitQueueTimeoutError',
  'MongoOperationTimeoutError',
  'MongoTopologyClosedError',
  'MongoNotConnectedError',
]);

/** Errors by which the driver says the database did not answer (as opposed to refusing a write, a duplicate key …). */
export function isDatabaseUnavailable(err: unknown): boolean {
  return err instanceof Error && UNAVAILABLE.has(err.name);
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

/** The bounds from the configuration (DB_OPERATION_TIMEOUT_MS, DB_SERVER_SELECTION_TIMEOUT_MS). */
export function databaseBounds(config: { DB_OPERATION_TIMEOUT_MS: number; DB_SERVER_SELECTION_TIMEOUT_MS: number }): DatabaseBounds {
  return { operation_ms: config.DB_OPERATION_TIMEOUT_MS, server_selection_ms: config.DB_SERVER_SELECTION_TIMEOUT_MS };
}

/** A write refused by a unique index (E11000): the row it would have made exists already. */
export function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number } | null)?.code === 11000;
}
