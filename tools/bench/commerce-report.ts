/** What bench:commerce prints: the results table and the machine it ran on. */

import os from 'node:os';
import { fixed, opsPerSecond, percentile, table } from './harness';
import { type Run } from './commerce-run';

export const codes = (m: Map<string, number>): string =>
  [...m.entries()]
    .sort(([, a], [, b]) => b - a)
    .map(([k, n]) => `${k} ×${n}`)
    .join(', ');

/** A scenario with the bare Koa run measured right before it. */
export interface Measured {
  run: Run;
  baseline: Run;
}

export function resultsTable(rows: Measured[]): string {
  return table(
    [
      'scenario',
      'ops',
      'err',
      's',
      'ops/s',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'max ms',
      'cpu ms/op',
      '| koa req/s',
      'koa p50',
      'koa p95',
      'koa p99',
      '| ops/s ÷ koa',
      'p99 × koa',
    ],
    rows.map(({ run: r, baseline: b }) => [
      r.label + (r.cut ? ' (cut at time limit)' : ''),
      String(r.ops),
      String(r.errors),
      fixed(r.seconds, 1),
      fixed(opsPerSecond(r), 1),
      fixed(percentile(r.latencies_ms, 50), 1),
      fixed(percentile(r.latencies_ms, 95), 1),
      fixed(percentile(r.latencies_ms, 99), 1),
      fixed(percentile(r.latencies_ms, 100), 1),
      fixed(r.cpu_ms_per_op, 2),
      `| ${fixed(opsPerSecond(b), 0)}`,
      fixed(percentile(b.latencies_ms, 50), 2),
      fixed(percentile(b.latencies_ms, 95), 2),
      fixed(percentile(b.latencies_ms, 99), 2),
      `| ${fixed(opsPerSecond(r) / opsPerSecond(b), 4)}`,
      fixed(percentile(r.latencies_ms, 99) / percentile(b.latencies_ms, 99), 0),
    ]),
  );
}

export function machineFacts(load_at_start: number[]): string[] {
  const cpus = os.cpus();
  const load = (l: number[]) => l.map((x) => fixed(x, 2)).join(' ');
  return [
    `machine:  ${cpus.length} cores (${cpus[0]?.model.trim() ?? '?'}), ${fixed(os.totalmem() / 2 ** 30, 1)} GiB, ` +
      `load average ${load(load_at_start)} at the start, ${load(os.loadavg())} at the end`,
    `node:     ${process.version} on ${os.platform()} ${os.release()}; client, API and simulators share this one process`,
  ];
}
