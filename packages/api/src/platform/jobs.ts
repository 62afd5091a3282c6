import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * Background jobs on BullMQ (DESIGN §3): repeatable and delayed jobs live in Redis, so any number of API instances
 * or workers share them and none is lost with a process. BullMQ keys its own prefix (ioredis keyPrefix is not
 * allowed), derived from REDIS_KEY_PREFIX.
 */
export function createJobRunner(opts: { redisUrl: string; prefix: string; logger: Logger }) {
  const connection = new Redis(opts.redisUrl, { maxRetriesPerRequest: null });
  connection.on('error', (err: Error) => opts.logger.warn({ err: err.message }, 'job queue redis error'));
  const queues: Queue[] = [];
  const workers: Worker[] = [];

  /**
   * A repeatable job and its worker. The schedule is written without waiting: an API must start (and report not
   * ready) while Redis is down; BullMQ connects and writes it when it can.
   */
  function schedule(
    name: string,
    repeat: { every: number } | { pattern: string; tz: string },
    jobOpts: Record<string, unknown>,
    handler: () => Promise<unknown>,
  ) {
    const queue = new Queue(name, { connection, prefix: opts.prefix });
    queues.push(queue);
    void queue
      .upsertJobScheduler(name, repeat, { name, opts: { removeOnComplete: 100, removeOnFail: 100, ...jobOpts } })
      .catch((err: Error) => opts.logger.error({ job: name, err: err.message }, 'job schedule failed'));
    const worker = new Worker(
      name,
      async (job: Job) => {
        const result = await handler();
        opts.logger.debug({ job: job.name, result }, 'job done');
        return result;
      },
      { connection, prefix: opts.prefix, concurrency: 1 },
    );
    worker.on('failed', (job, err) => opts.logger.error({ job: job?.name, err: err.message }, 'job failed'));
    workers.push(worker);
  }

  return {
    /** Runs `handler` every `every_ms`, on one worker at a time across all instances. */
    every(name: string, every_ms: number, handler: () => Promise<unknown>): void {
      schedule(name, { every: every_ms }, {}, handler);
    },

    /** Runs `handler` on a cron schedule in a time zone (e.g. daily at 10:30 Asia/Shanghai), retried with backoff. */
    cron(name: string, pattern: string, tz: string, handler: () => Promise<unknown>): void {
      schedule(name, { pattern, tz }, { attempts: 5, backoff: { type: 'exponential', delay: 60_000 } }, handler);
    },

    async close(): Promise<void> {
      // Bounded: with Redis gone, BullMQ's graceful close would wait for it forever.
      const graceful = (async () => {
        await Promise.all(workers.map((w) => w.close()));
        await Promise.all(queues.map((q) => q.close()));
        await connection.quit();
      })().catch(() => undefined);
      await Promise.race([graceful, new Promise((r) => setTimeout(r, 5000).unref())]);
      connection.disconnect();
    },
  };
}
export type JobRunner = ReturnType<typeof createJobRunner>;
