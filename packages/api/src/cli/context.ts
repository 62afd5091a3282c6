import { loadConfig, type Config } from '../config';
import { createIdentity } from '../identity/index';
import { connectDatabase, ensureIndexes } from '../platform/db';
import { connectRedis } from '../platform/redis';

/** Connections and services for a command-line task, from the same environment variables as the server. */
export async function cliContext(config: Config = loadConfig()) {
  const conn = await connectDatabase(config.MONGODB_URI);
  const redis = connectRedis(config.REDIS_URL, config.REDIS_KEY_PREFIX);
  const identity = createIdentity({
    conn,
    redis,
    sessionTtlSeconds: config.SESSION_TTL_SECONDS,
    wechat: { baseUrl: config.WECHAT_API_BASE_URL, appid: config.WECHAT_APPID, secret: config.WECHAT_SECRET },
  });
  await ensureIndexes(conn);
  return {
    identity,
    async close() {
      await redis.quit();
      await conn.close();
    },
  };
}
