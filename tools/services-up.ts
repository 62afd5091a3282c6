/**
 * For quick local runs of single test files: starts the embedded database and Redis, writes their URLs
 * to the file given as the first argument (shell `export` lines), and keeps them up until interrupted.
 *   pnpm exec tsx tools/services-up.ts /tmp/cc-services.env & source /tmp/cc-services.env && pnpm exec ava test/api/x.test.ts
 */
import { writeFileSync } from 'node:fs';
import { startMongo, startRedis } from './services';

const out = process.argv[2] ?? '.data/services.env';
const mongo = await startMongo();
const redis = await startRedis();
writeFileSync(out, `export MONGODB_URI=${mongo.url}\nexport REDIS_URL=${redis.url}\n`);
console.log(`MONGODB_URI=${mongo.url}\nREDIS_URL=${redis.url}\n(written to ${out}; Ctrl-C stops both)`);
const stop = async () => {
  await Promise.all([mongo.stop(), redis.stop()]);
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
// Stay alive until a signal arrives.
setInterval(() => {}, 1 << 30);
