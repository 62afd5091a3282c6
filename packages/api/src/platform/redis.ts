import { Redis } from 'ioredis';

export function connectRedis(url: string, keyPrefix: string): Redis {
  return new Redis(url, { keyPrefix, maxRetriesPerRequest: 3, enableReadyCheck: true, lazyConnect: false });
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
