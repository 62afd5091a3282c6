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

type RunnerOpts = {
  redisUrl: string;
  prefix: string;
  logger: Logger;
  workers?: boolean;
  /** Bound of scheduling and cancelling from a request (REDIS_COMMAND_TIMEOUT_MS); workers wait without one. */
  commandTimeoutMs?: number;
};

/** What a job runner holds: its one lazily opened connection, and the queues and workers to close. */
interface RunnerState {
  opts: RunnerOpts;
  runWorkers: boolean;
  connection: Redis | undefined;
  /**
   * Producers of delayed jobs run inside requests: with Redis stalled they must fail within the bound, not wait.
   * A separate connection, so the workers' (blocking, patient) one keeps maxRetriesPerRequest: null and no timeout.
   */
  producerConnection: Redis | undefined;
  queues: Queue[];
  workers: Worker[];
  names: Set<string>;
  closed: boolean;
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
export function createJobRunner(opts: RunnerOpts) {
  const state: RunnerState = {
    opts,
    runWorkers: opts.workers ?? true,
    connection: undefined,
    producerConnection: undefined,
    queues: [],
    workers: [],
    names: new Set<string>(),
    closed: false,
  };
  return {
    /** Runs `handler` every `every_ms`, on one worker at a time across all instances. */
    every(name: string, every_ms: number, handler: () => Promise<unknown>): void {
      schedule(state, name, { every: every_ms }, {}, handler);
    },

    /** Runs `handler` on a cron schedule in a time zone (e.g. daily at 10:30 Asia/Shanghai), retried with backoff. */
    cron(name: string, pattern: string, tz: string, handler: () => Promise<unknown>): void {
      schedule(state, name, { pattern, tz }, { attempts: 5, backoff: { type: 'exponential', delay: 60_000 } }, handler);
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
      return delayed(state, name, handler, options);
    },

    close: () => close(state),
  };
}
export type JobRunner = ReturnType<typeof createJobRunner>;

function conn(state: RunnerState): Redis {
  if (!state.connection) {
    state.connection = new Redis(state.opts.redisUrl, { maxRetriesPerRequest: null });
    state.connection.on('error', (err: Error) => state.opts.logger.warn({ err: err.message }, 'job queue redis error'));
  }
  return state.connection;
}

function producerConn(state: RunnerState): Redis {
  if (!state.producerConnection) {
    state.producerConnection = new Redis(state.opts.redisUrl, boundedRedisOptions(state.opts.commandTimeoutMs));
    state.producerConnection.on('error', (err: Error) => state.opts.logger.debug({ err: err.message }, 'job producer redis error'));
  }
  return state.producerConnection;
}

function claimName(state: RunnerState, name: string) {
  if (state.names.has(name)) throw new Error(`job ${name} is registered twice`);
  state.names.add(name);
}

function openQueue<T>(state: RunnerState, name: string, connection: Redis = conn(state)): Queue<T> {
  const queue = new Queue<T>(name, { connection, prefix: state.opts.prefix });
  state.queues.push(queue as Queue);
  return queue;
}

function startWorker<T>(state: RunnerState, name: string, concurrency: number, run: (job: Job<T>) => Promise<unknown>) {
  const { opts } = state;
  const worker = new Worker<T>(
    name,
    async (job: Job<T>) => {
      const result = await run(job);
      opts.logger.debug({ job: job.name, id: job.id, result }, 'job done');
      return result;
    },
    { connection: conn(state), prefix: opts.prefix, concurrency },
  );
  worker.on('failed', (job, err) => opts.logger.error({ job: job?.name, id: job?.id, err: err.message }, 'job failed'));
  // A worker emits 'error' when its connection drops (Redis away, or our own shutdown closing it while the worker
  // still waits on it): unheard, that event would crash the process. BullMQ reconnects by itself.
  worker.on('error', (err) => {
    if (!state.closed) opts.logger.warn({ worker: name, err: err.message }, 'job worker connection error');
  });
  state.workers.push(worker as Worker);
}

/**
 * A repeatable job and its worker. The schedule is written without waiting: an API must start (and report not
 * ready) while Redis is down; BullMQ connects and writes it when it can.
 */
function schedule(
  state: RunnerState,
  name: string,
  repeat: { every: number } | { pattern: string; tz: string },
  jobOpts: Record<string, unknown>,
  handler: () => Promise<unknown>,
) {
  claimName(state, name);
  if (!state.runWorkers) return;
  void openQueue(state, name)
    .upsertJobScheduler(name, repeat, { name, opts: { removeOnComplete: 100, removeOnFail: 100, ...jobOpts } })
    .catch((err: Error) => state.opts.logger.error({ job: name, err: err.message }, 'job schedule failed'));
  startWorker(state, name, 1, () => handler());
}

function delayed<T extends object>(
  state: RunnerState,
  name: string,
  handler: (data: T) => Promise<unknown>,
  options: { concurrency?: number; attempts?: number },
): DelayedJobs<T> {
  claimName(state, name);
  if (state.runWorkers) startWorker<T>(state, name, options.concurrency ?? 4, (job) => handler(job.data));
  let queue: Queue<T> | undefined;
  const producer = () => {
    if (state.closed) throw new Error(`job runner closed: cannot schedule ${name}`);
    return (queue ??= openQueue<T>(state, name, producerConn(state)));
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
}

async function close(state: RunnerState): Promise<void> {
  state.closed = true;
  if (!state.connection && !state.producerConnection) return;
  const [redis, producer] = [state.connection, state.producerConnection];
  // Bounded: with Redis gone, BullMQ's graceful close would wait for it forever.
  const graceful = (async () => {
    await Promise.all(state.workers.map((w) => w.close()));
    await Promise.all(state.queues.map((q) => q.close()));
    await redis?.quit();
  })().catch(() => undefined);
  await Promise.race([graceful, new Promise((r) => setTimeout(r, 5000).unref())]);
  redis?.disconnect();
  await closeRedis(producer);
}
