/** Running operations on a number of workers and measuring them. */

import { ApiError } from '@cc/shared';
import { elapsedMs, isInterrupted } from './harness';

export interface Run {
  label: string;
  ops: number;
  errors: number;
  /** Failed operations by `status code` (or message). */
  error_codes: Map<string, number>;
  seconds: number;
  /** Latency of each successful operation, sorted ascending. */
  latencies_ms: number[];
  /** CPU time of this process per successful operation: client, API and simulators share it. */
  cpu_ms_per_op: number;
  /** Stopped at the time limit before all operations were done. */
  cut: boolean;
}

export function describeError(err: unknown): string {
  if (err instanceof ApiError) return `${err.status} ${err.code}`;
  return err instanceof Error ? err.message : String(err);
}

export function count(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Runs `total` operations on `concurrency` workers that each take the next index until none is left. */
export async function runConcurrent(
  label: string,
  total: number,
  concurrency: number,
  deadline_ns: bigint,
  op: (i: number) => Promise<void>,
): Promise<Run> {
  const latencies_ms: number[] = [];
  const error_codes = new Map<string, number>();
  let next = 0;
  let errors = 0;
  let cut = false;
  const worker = async () => {
    while (next < total) {
      if (isInterrupted()) return;
      if (process.hrtime.bigint() > deadline_ns) {
        cut = true;
        return;
      }
      const i = next++;
      const start_ns = process.hrtime.bigint();
      try {
        await op(i);
        latencies_ms.push(elapsedMs(start_ns));
      } catch (err) {
        errors++;
        count(error_codes, describeError(err));
      }
    }
  };
  const start_ns = process.hrtime.bigint();
  const cpu_start = process.cpuUsage();
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  const seconds = elapsedMs(start_ns) / 1000;
  const cpu = process.cpuUsage(cpu_start);
  return {
    label,
    ops: latencies_ms.length,
    errors,
    error_codes,
    seconds,
    latencies_ms: latencies_ms.sort((a, b) => a - b),
    cpu_ms_per_op: (cpu.user + cpu.system) / 1000 / latencies_ms.length,
    cut,
  };
}
