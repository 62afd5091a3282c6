import { Redis, type RedisOptions } from 'ioredis';

/** The default bound of one Redis command (REDIS_COMMAND_TIMEOUT_MS), for connections made without the config at hand. */
export const DEFAULT_REDIS_COMMAND_TIMEOUT_MS = 2000;

/**
 * Options of a connection that request paths use: every command fails after `commandTimeoutMs` instead of waiting
 * for a stalled Redis (SIGSTOP, a full network buffer), and after a few reconnect attempts while Redis is gone.
 * Never for BullMQ workers: their blocking commands wait on purpose and need `maxRetriesPerRequest: null`.
 * A command that timed out stays queued on the connection: Redis still runs it, in order, when it comes back.
 */
export function boundedRedisOptions(commandTimeoutMs = DEFAULT_REDIS_COMMAND_TIMEOUT_MS): RedisOptions {
  return { commandTimeout: commandTimeoutMs, maxRetriesPerRequest: 3, enableReadyCheck: true, lazyConnect: false };
}

export function connectRedis(url: string, keyPrefix: string, commandTimeoutMs = DEFAULT_REDIS_COMMAND_TIMEOUT_MS): Redis {
  return new Redis(url, { ...boundedRedisOptions(commandTimeoutMs), keyPrefix });
}

/** Errors by which ioredis says Redis did not answer (as opposed to Redis answering with an error). */
export function isRedisUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return (
    err.name === 'MaxRetriesPerRequestError' ||
    err.message === 'Command timed out' ||
    err.message === 'Connection is closed.' ||
    err.message.startsWith("Stream isn't writeable")
  );
}

/** Closes a client politely, but never waits more than a second: with Redis gone, QUIT would wait for it forever. */
export async function closeRedis(client: Redis | undefined): Promise<void> {
  if (!client) return;
  await Promise.race([client.quit().catch(() => undefined), new Promise((r) => setTimeout(r, 1000).unref())]);
  client.disconnect();
}

/** Awaits a shutdown step for at most `ms`: a dependency that is down must not keep the process alive. */
export async function bounded(work: Promise<unknown>, ms = 5000): Promise<void> {
  await Promise.race([work.catch(() => undefined), new Promise((r) => setTimeout(r, ms).unref())]);
}
