/**
 * What the benchmark scripts share: stopping on a signal after the work in flight, undoing what was started (once, in
 * reverse order, on success, error or signal), provisioning the database and Redis, and small measuring helpers.
 */
import type { connectRedis } from '@cc/api';
import type { Service } from '../services';

type Redis = ReturnType<typeof connectRedis>;

// ---- stopping: Ctrl+C or SIGTERM lets the work in flight finish, then cleans up ----

let interrupted = false;

/** Installs the signal handlers; `inFlight` names what is let finish ("operations", "requests"). */
export function stopOnSignals(inFlight: string): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    // Repeats are ignored: Ctrl+C reaches us twice (directly and relayed by pnpm/tsx). The watchdog in main() ends a hang.
    process.on(signal, () => {
      if (!interrupted) console.error(`\n${signal}: finishing the ${inFlight} in flight, then cleaning up…`);
      interrupted = true;
    });
  }
}

export const isInterrupted = (): boolean => interrupted;

export class Interrupted extends Error {}

export function stopIfInterrupted(): void {
  if (interrupted) throw new Interrupted('interrupted');
}

/** Runs a benchmark's main and exits with its code (130 when interrupted, 1 on an error), after cleaning up. */
export async function runBench(main: () => Promise<number>): Promise<never> {
  let exitCode = 1;
  try {
    exitCode = await main();
  } catch (err) {
    if (err instanceof Interrupted) exitCode = 130;
    else console.error(err);
  } finally {
    await cleanUp();
  }
  process.exit(exitCode);
}

// ---- clean-up: whatever was started or created is undone once, in reverse order, on success, error or signal ----

export const cleanups: { name: string; run: () => Promise<unknown> }[] = [];
let cleaning: Promise<void> | undefined;

export function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const step of cleanups.reverse()) {
      await step.run().catch((err: unknown) => console.error(`clean-up (${step.name}) failed: ${String(err)}`));
    }
  })();
  return cleaning;
}

// ---- provisioning ----

export async function provision(
  given: string | undefined,
  start: () => Promise<Service>,
  name: string,
): Promise<{ url: string; embedded: boolean }> {
  if (given) return { url: given, embedded: false };
  const service = await start();
  cleanups.push({ name: `stop ${name}`, run: () => service.stop() });
  return { url: service.url, embedded: true };
}

/** Puts `db` as the database of a MongoDB connection string, keeping hosts and options (as test/support/stack.ts). */
export function withDatabase(uri: string, db: string): string {
  const m = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(?:\/[^?]*)?(\?.*)?$/.exec(uri);
  if (!m) throw new Error('MONGODB_URI is not a mongodb:// or mongodb+srv:// connection string');
  return `${m[1]}/${db}${m[2] ?? ''}`;
}

/** A connection string fit to print: no user or password, no options (they may carry secrets too). */
export function printable(uri: string): string {
  return uri.replace(/^([a-z+]+:\/\/)[^@/]*@/i, '$1').replace(/\?.*$/, '');
}

/** Deletes the keys under our prefix. ioredis does not prefix SCAN patterns, but does prefix DEL's keys. */
export async function deleteKeys(redis: Redis, prefix: string): Promise<number> {
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length) deleted += await redis.del(...keys.map((k) => k.slice(prefix.length)));
  } while (cursor !== '0');
  return deleted;
}

// ---- measuring ----

export const elapsedMs = (since_ns: bigint): number => Number(process.hrtime.bigint() - since_ns) / 1e6;

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted_ms: number[], p: number): number {
  if (sorted_ms.length === 0) return NaN;
  return sorted_ms[Math.min(sorted_ms.length - 1, Math.max(0, Math.ceil((p / 100) * sorted_ms.length) - 1))]!;
}

export const opsPerSecond = (r: { ops: number; seconds: number }): number => r.ops / r.seconds;

// ---- output ----

export const fixed = (n: number, digits: number): string => (Number.isFinite(n) ? n.toFixed(digits) : '—');

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  // First column left-aligned (names), the rest right-aligned (numbers).
  const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
