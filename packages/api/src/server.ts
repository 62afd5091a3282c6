import { ConfigError, loadConfig } from './config';
import { startApi } from './main';
import { createLogger } from './platform/logger';

/** Process entry: configuration from the environment, graceful shutdown on SIGTERM/SIGINT. */
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const logger = createLogger(config.LOG_LEVEL);
  const api = await startApi(config, logger);
  logger.info({ url: api.url, env: config.APP_ENV }, 'api listening');

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    // The last resort, above the sum of close()'s bounded steps (jobs 5 s + 1 s, real-time 5 s, Redis 1 s): with more
    // job queues a slow but orderly shutdown on a loaded machine passed 10 s and was cut short with exit code 1.
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    api.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  console.error('api failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
