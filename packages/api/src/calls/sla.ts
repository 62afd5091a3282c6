import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

type DeadlineJob = { call_id: string; kind: 'ack' | 'resolve' };
const QUEUE = 'call-sla';

/**
 * SLA deadlines as BullMQ delayed jobs (DESIGN §3: no home-made schedulers): one job per call and deadline, kept in
 * Redis, so a deadline survives restarts and fires on exactly one worker of any instance. The producer connects on
 * first use, so tools that never create calls open nothing.
 */
export function createSlaJobs(opts: { redisUrl: string; prefix: string; logger: Logger }) {
  let connection: Redis | undefined;
  let queue: Queue<DeadlineJob> | undefined;
  let worker: Worker<DeadlineJob> | undefined;
  const conn = () => {
    if (!connection) {
      connection = new Redis(opts.redisUrl, { maxRetriesPerRequest: null });
      connection.on('error', (err: Error) => opts.logger.warn({ err: err.message }, 'sla queue redis error'));
    }
    return connection;
  };

  return {
    async schedule(call_id: string, kind: DeadlineJob['kind'], at: Date): Promise<void> {
      queue ??= new Queue<DeadlineJob>(QUEUE, { connection: conn(), prefix: opts.prefix });
      await queue.add(
        'deadline',
        { call_id, kind },
        {
          delay: Math.max(0, at.getTime() - Date.now()),
          jobId: `${call_id}-${kind}`,
          attempts: 5,
          backoff: { type: 'exponential', delay: 1000 },
          removeOnComplete: 1000,
          removeOnFail: 1000,
        },
      );
    },

    /** Runs the deadline checks in this process (JOBS_ENABLED). */
    start(handler: (call_id: string, kind: DeadlineJob['kind']) => Promise<unknown>): void {
      worker = new Worker<DeadlineJob>(QUEUE, async (job: Job<DeadlineJob>) => handler(job.data.call_id, job.data.kind), {
        connection: conn(),
        prefix: opts.prefix,
        concurrency: 4,
      });
      worker.on('failed', (job, err) => opts.logger.error({ job: job?.id, err: err.message }, 'sla job failed'));
    },

    async close(): Promise<void> {
      await worker?.close();
      await queue?.close();
      await connection?.quit().catch(() => undefined);
    },
  };
}
