import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { shanghaiDate } from '@cc/shared';
import { createApp } from './app';
import { answerClientError } from './platform/http';
import { createJobRunner } from './platform/jobs';
import type { Config } from './config';
import { connectDatabase, databaseBounds, ensureIndexes } from './platform/db';
import { dependencyWarnings } from './platform/middleware';
import { createLogger } from './platform/logger';
import { attachRealtime } from './platform/realtime';
import { bounded, closeRedis, connectRedis } from './platform/redis';

/** Opens the connections, creates indexes, and serves the app; `close()` drains requests, then disconnects. */
export async function startApi(config: Config, logger: Logger = createLogger(config.LOG_LEVEL)) {
  const conn = await connectDatabase(config.MONGODB_URI, databaseBounds(config));
  const redis = connectRedis(config.REDIS_URL, config.REDIS_KEY_PREFIX, config.REDIS_COMMAND_TIMEOUT_MS);
  // ioredis reconnects by itself; without a listener it would print every failed attempt as unhandled. While Redis
  // is down it fails an attempt every ≤ 2 s for as long as the outage lasts: one warning per window is enough.
  const warnConnection = dependencyWarnings(logger);
  redis.on('error', (err: Error) => warnConnection('redis', err));
  // Workers (recovery, reconciliation, call SLA deadlines …) run here only when JOBS_ENABLED; producing always works.
  const jobs = createJobRunner({
    redisUrl: config.REDIS_URL,
    prefix: `${config.REDIS_KEY_PREFIX}bull`,
    logger,
    workers: config.JOBS_ENABLED,
    commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS,
  });
  const built = createApp({ config, conn, redis, logger, jobs });
  await ensureIndexes(conn);
  // Finishes or voids ledger transfers a crash left half-done (DESIGN §4).
  jobs.every('ledger-recovery', config.LEDGER_RECOVERY_EVERY_MS, () => built.wallet.ledger.recover(config.LEDGER_RECOVERY_AGE_MS));
  // Commands (checkout, payments, refunds …) whose runner died: resumed from their recorded steps or compensated.
  jobs.every('command-recovery', config.LEDGER_RECOVERY_EVERY_MS, () => built.commands.recover());
  // WeChat Pay payments booked but not yet taken by their module (orders): a crash fell between the two.
  jobs.every('collection-tell-sweep', config.LEDGER_RECOVERY_EVERY_MS, () =>
    built.wallet.collect.tellUntold(config.LEDGER_RECOVERY_AGE_MS),
  );
  // Top-up refunds the platform has not accepted or confirmed yet (late or lost notifies).
  jobs.every('topup-refund-sweep', config.LEDGER_RECOVERY_EVERY_MS, () => built.wallet.refunds.sweep(config.LEDGER_RECOVERY_AGE_MS));
  // Yesterday's WeChat Pay bill and card-centre settlement file, once both are published (retried with backoff).
  jobs.cron('daily-reconciliation', '30 10 * * *', 'Asia/Shanghai', () =>
    built.wallet.reconciliation.run(shanghaiDate(new Date(Date.now() - 24 * 3600 * 1000))),
  );
  // (SLA deadlines of convenience calls are delayed jobs the calls module registered on the same runner.)
  // A deep accept queue: a rush (a flash sale) opens thousands of connections at once, and Node's default of 511
  // resets the rest before the server has a chance to answer them.
  const server = built.app.listen(config.PORT, config.HOST, 4096);
  try {
    await once(server, 'listening');
  } catch (err) {
    // The port was taken (EADDRINUSE): nothing else holds the process open, so a caller may try another port.
    await jobs.close();
    await bounded(built.realtime.close());
    await closeRedis(redis);
    await conn.close().catch(() => undefined);
    throw err;
  }
  // A URL or headers beyond 16 KB: answered with a problem (or Open311's error array) instead of Node's empty 431.
  server.on('clientError', answerClientError);
  // WebSocket channel (/api/v1/realtime) on the same server, authenticated with the session token.
  const realtimeWs = attachRealtime(server, { bus: built.realtime, authenticate: built.identity.authenticator.user, logger });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.HOST}:${port}`;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      // Stop accepting, let in-flight requests finish, then drop idle keep-alive sockets.
      await realtimeWs.close();
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await stopped;
      await jobs.close();
      await bounded(built.realtime.close());
      await closeRedis(redis);
      await conn.close().catch(() => undefined);
    })());

  return { ...built, conn, redis, server, url, port, close };
}
export type RunningApi = Awaited<ReturnType<typeof startApi>>;
