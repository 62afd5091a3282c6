import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { ConfigError, loadConfig, loadDatabaseConfig, type Config, type DatabaseConfig } from '../config';
import { createModules } from '../modules';
import { createLogger } from '../platform/logger';
import { connectDatabase, databaseBounds, ensureIndexes } from '../platform/db';
import { connectRedis } from '../platform/redis';

/** Connections and services for a command-line task, from the same environment variables as the server. */
export async function cliContext(config: Config = loadConfig()) {
  const conn = await connectDatabase(config.MONGODB_URI, databaseBounds(config));
  const redis = connectRedis(config.REDIS_URL, config.REDIS_KEY_PREFIX, config.REDIS_COMMAND_TIMEOUT_MS);
  const modules = createModules({ config, conn, redis, logger: createLogger(config.LOG_LEVEL) });
  await ensureIndexes(conn);
  return {
    ...modules,
    async close() {
      await modules.jobs.close();
      await redis.quit();
      await conn.close();
    },
  };
}

/** What a database-only operations command works with: the connection, its configuration and a logger. */
export interface DatabaseCliContext {
  conn: Connection;
  config: DatabaseConfig;
  logger: Logger;
}

/**
 * Runs a read-only operations command against the database alone (`ledger:check`, `books:check` …): it needs
 * MONGODB_URI and nothing else (no Redis, no WeChat or card-centre settings), opens no other connection and
 * creates no index. `work` returns the exit code. A bad configuration exits 78 naming the variable.
 * One database round trip may take DB_OPERATION_TIMEOUT_MS, by default 2 minutes here: a check aggregates whole
 * collections in one command, which the server's request-sized bound would cut short.
 */
export async function runDatabaseCommand(work: (ctx: DatabaseCliContext) => Promise<number>, env = process.env): Promise<void> {
  let config: DatabaseConfig;
  try {
    config = loadDatabaseConfig({ DB_OPERATION_TIMEOUT_MS: '120000', ...env });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    process.exitCode = 78; // EX_CONFIG
    return;
  }
  const conn = await connectDatabase(config.MONGODB_URI, databaseBounds(config));
  try {
    process.exitCode = await work({ conn, config, logger: createLogger(config.LOG_LEVEL) });
  } finally {
    await conn.close();
  }
}
