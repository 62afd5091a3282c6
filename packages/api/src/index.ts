export { createApp } from './app';
export { ConfigError, ConfigSchema, loadConfig, type Config } from './config';
export { startApi, type RunningApi } from './main';
export { createLogger } from './platform/logger';
export { connectDatabase, ensureIndexes } from './platform/db';
export { connectRedis } from './platform/redis';
export { DEMO_WALLETS, seedDemo } from './cli/seed-demo';
export { cliContext } from './cli/context';
