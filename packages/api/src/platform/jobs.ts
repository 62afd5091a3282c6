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

  return {
    /** Runs `handler` every `every_ms`, on one worker at a time across all instances. */
    async every(name: string, every_ms: number, handler: () => Promise<unknown>): Promise<void> {
      const queue = new Queue(name, { connection, prefix: opts.prefix });
      queues.push(queue);
      await queue.upsertJobScheduler(name, { every: every_ms }, { name, opts: { removeOnComplete: 100, removeOnFail: 100 } });
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
    },

    /** Runs `handler` on a cron schedule in a time zone (e.g. daily at 02:30 Asia/Shanghai). */
    async cron(name: string, pattern: string, tz: string, handler: () => Promise<unknown>): Promise<void> {
      const queue = new Queue(name, { connection, prefix: opts.prefix });
      queues.push(queue);
      await queue.upsertJobScheduler(
        name,
        { pattern, tz },
        { name, opts: { removeOnComplete: 100, removeOnFail: 100, attempts: 5, backoff: { type: 'exponential', delay: 60_000 } } },
      );
      const worker = new Worker(name, async () => handler(), { connection, prefix: opts.prefix, concurrency: 1 });
      worker.on('failed', (job, err) => opts.logger.error({ job: job?.name, err: err.message }, 'job failed'));
      workers.push(worker);
    },

    async close(): Promise<void> {
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all(queues.map((q) => q.close()));
      await connection.quit().catch(() => undefined);
    },
  };
}
export type JobRunner = ReturnType<typeof createJobRunner>;
