import type { JobRunner } from '../platform/jobs';

export type DeadlineKind = 'ack' | 'resolve';
type DeadlineJob = { call_id: string; kind: DeadlineKind };

/**
 * SLA deadlines as delayed jobs of the platform's job runner (DESIGN §3: no home-made schedulers): one job per call
 * and deadline (`call-sla` queue, job id `<call_id>-<kind>`), kept in Redis, so a deadline survives restarts and fires
 * on exactly one worker of any instance. `check` re-reads the call and escalates only if it is still late.
 */
export function createSlaJobs(jobs: JobRunner, check: (call_id: string, kind: DeadlineKind) => Promise<unknown>) {
  const deadlines = jobs.delayed<DeadlineJob>('call-sla', (job) => check(job.call_id, job.kind));
  return {
    schedule: (call_id: string, kind: DeadlineKind, at: Date) => deadlines.schedule(`${call_id}-${kind}`, { call_id, kind }, at),
  };
}
