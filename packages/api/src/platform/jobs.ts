import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { boundedRedisOptions, closeRedis } from './redis';

/** A delayed job's producer: `schedule` runs the handler once at `at` (or soon after), on one worker of any instance. */
export interface DelayedJobs<T> {
  /**
   * Schedules one run. `jobId` makes it unique: scheduling the same id again while the job is kept (waiting, or among
   * the last 1000 finished) changes nothing, so callers may schedule from retried requests.
   * BullMQ ids may not contain ':'.
   */
  schedule(jobId: string, data: T, at: Date): Promise<void>;
  /** Removes a job that has not run yet (e.g. an order paid before its auto-cancel); true if one was removed. */
  cancel(jobId: string): Promise<boolean>;
}

/**
 * Background jobs on BullMQ (DESIGN §3): repeatable and delayed jobs live in Redis, so any number of API instances
 * or workers share them and none is lost with a process. BullMQ keys its own prefix (ioredis keyPrefix is not
 * allowed), derived from REDIS_KEY_PREFIX.
 *
 * `workers: false` (JOBS_ENABLED=false, command-line tools): nothing runs in this process — `every` and `cron` do
 * nothing and `delayed` only produces. Redis is connected on first use, so a process that never schedules opens
 * nothing.
 */
export function createJobRunner(opts: {
  redisUrl: string;
  prefix: string;
  logger: Logger;
  workers?: boolean;
  /** Bound of scheduling and cancelling from a request (REDIS_COMMAND_TIMEOUT_MS); workers wait without one. */
  commandTimeoutMs?: number;
}) {
  const runWorkers = opts.workers ?? true;
  let connection: Redis | undefined;
  const conn = () => {
    if (!connection) {
      connection = new Redis(opts.redisUrl, { maxRetriesPerRequest: null });
      connection.on('error', (err: Error) => opts.logger.warn({ err: err.message }, 'job queue redis error'));
    }
    return connection;
  };
  // Producers of delayed jobs run inside requests: with Redis stalled they must fail within the bound, not wait.
  // A separate connection, so the workers' (blocking, patient) one keeps maxRetriesPerRequest: null and no timeout.
  let producerConnection: Redis | undefined;
  const producerConn = () => {
    if (!producerConnection) {
      producerConnection = new Redis(opts.redisUrl, boundedRedisOptions(opts.commandTimeoutMs));
      producerConnection.on('error', (err: Error) => opts.logger.debug({ err: err.message }, 'job producer redis error'));
    }
    return producerConnection;
  };
  const queues: Queue[] = [];
  const workers: Worker[] = [];
  const names = new Set<string>();
  let closed = false;

  function claimName(name: string) {
    if (names.has(name)) throw new Error(`job ${name} is registered twice`);
    names.add(name);
  }

  function openQueue<T>(name: string, connection: Redis = conn()): Queue<T> {
    const queue = new Queue<T>(name, { connection, prefix: opts.prefix });
    queues.push(queue as Queue);
    return queue;
  }

  function startWorker<T>(name: string, concurrency: number, run: (job: Job<T>) => Promise<unknown>) {
    const worker = new Worker<T>(
      name,
      async (job: Job<T>) => {
        const result = await run(job);
        opts.logger.debug({ job: job.name, id: job.id, result }, 'job done');
        return result;
      },
      { connection: conn(), prefix: opts.prefix, concurrency },
    );
    worker.on('failed', (job, err) => opts.logger.error({ job: job?.name, id: job?.id, err: err.message }, 'job failed'));
    workers.push(worker as Worker);
  }

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
    claimName(name);
    if (!runWorkers) return;
    void openQueue(name)
      .upsertJobScheduler(name, repeat, { name, opts: { removeOnComplete: 100, removeOnFail: 100, ...jobOpts } })
      .catch((err: Error) => opts.logger.error({ job: name, err: err.message }, 'job schedule failed'));
    startWorker(name, 1, () => handler());
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

    /**
     * One-off jobs at a given time (SLA deadlines of calls, auto-cancel of unpaid orders): returns the producer; the
     * handler runs here when workers run. A handler that throws is retried (5 attempts, exponential backoff from
     * 1 s), so it must be idempotent — typically "re-read the document and act only if it is still due".
     */
    delayed<T extends object>(
      name: string,
      handler: (data: T) => Promise<unknown>,
      options: { concurrency?: number; attempts?: number } = {},
    ): DelayedJobs<T> {
      claimName(name);
      if (runWorkers) startWorker<T>(name, options.concurrency ?? 4, (job) => handler(job.data));
      let queue: Queue<T> | undefined;
      const producer = () => {
        if (closed) throw new Error(`job runner closed: cannot schedule ${name}`);
        return (queue ??= openQueue<T>(name, producerConn()));
      };
      return {
        async schedule(jobId, data, at) {
          // BullMQ's own types make the job name and data generic-heavy; the queue holds exactly T.
          await (producer() as Queue).add(name, data, {
            delay: Math.max(0, at.getTime() - Date.now()),
            jobId,
            attempts: options.attempts ?? 5,
            backoff: { type: 'exponential', delay: 1000 },
            removeOnComplete: 1000,
            removeOnFail: 1000,
          });
        },
        async cancel(jobId) {
          const job = await producer().getJob(jobId);
          if (!job || !(await job.isDelayed())) return false;
          await job.remove();
          return true;
        },
      };
    },

    async close(): Promise<void> {
      closed = true;
      if (!connection && !producerConnection) return;
      const [redis, producer] = [connection, producerConnection];
      // Bounded: with Redis gone, BullMQ's graceful close would wait for it forever.
      const graceful = (async () => {
        await Promise.all(workers.map((w) => w.close()));
        await Promise.all(queues.map((q) => q.close()));
        await redis?.quit();
      })().catch(() => undefined);
      await Promise.race([graceful, new Promise((r) => setTimeout(r, 5000).unref())]);
      redis?.disconnect();
      await closeRedis(producer);
    },
  };
}
export type JobRunner = ReturnType<typeof createJobRunner>;
