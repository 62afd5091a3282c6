import { loadConfig, type Config } from '../config';
import { createModules } from '../modules';
import { createLogger } from '../platform/logger';
import { connectDatabase, ensureIndexes } from '../platform/db';
import { connectRedis } from '../platform/redis';

/** Connections and services for a command-line task, from the same environment variables as the server. */
export async function cliContext(config: Config = loadConfig()) {
  const conn = await connectDatabase(config.MONGODB_URI);
  const redis = connectRedis(config.REDIS_URL, config.REDIS_KEY_PREFIX);
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
