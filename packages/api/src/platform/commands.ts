import { createHash, randomBytes } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import type { Logger } from 'pino';
import { modelOn } from './db';
import { newId } from './ids';
import { AppError, conflict } from './problem';

/**
 * The command-and-saga kernel (DESIGN §2, §4; docs/architecture.md "The money kernel"). Every money movement and
 * every operation that spans modules runs as a command:
 *
 * - A command is keyed: the caller's key (Idempotency-Key, or a key derived from what the command acts on) is unique
 *   per command name. The same key with the same request replays the first result (or the first failure); with
 *   another request it is 409 `idempotency_conflict`; while the first run is still going it is 409 (in progress).
 * - Its side effects are steps: `saga.step(kind, args, run)`. A step's output is persisted when it is done, so when
 *   the command runs again (a crash, a lost lease, a timeout) a done step is not repeated: its output is returned.
 *   A step that was started but not recorded as done is run again, so every step must be idempotent in itself
 *   (a keyed ledger transfer, a keyed stock reservation, a WeChat request with the same out_trade_no …). Anything
 *   non-deterministic (new ids, the time) that later steps depend on is produced inside a step.
 * - A business refusal (an AppError with a 4xx status) ends the command: the steps done so far are compensated in
 *   reverse order by the command's `undo` functions (by step kind; they get the step's args and its output, or null
 *   when the step was started but its output never recorded — undo must then work from the args alone), and the
 *   failure is recorded and replayed.
 * - Any other error (a dependency away, a 5xx, a crash) leaves the command running with its lease released: the
 *   recovery job (or the client's retry with the same key) runs it again from its recorded steps. After
 *   `max_attempts` runs it is compensated instead.
 *
 * The record is one document per command; every write is a single-document guarded update (the lease token), so the
 * kernel needs no transactions and behaves the same on MongoDB and on the embedded server (DESIGN §3).
 */

export interface CommandFailure {
  status: number;
  code: string;
  title: string;
}

interface StepRecord {
  seq: number;
  kind: string;
  args: unknown;
  status: 'started' | 'done' | 'undone';
  output: unknown;
}

interface CommandDoc {
  _id: string;
  name: string;
  key: string;
  request_hash: string;
  input: unknown;
  status: 'running' | 'compensating' | 'succeeded' | 'failed';
  result: unknown;
  failure: CommandFailure | null;
  steps: Record<string, StepRecord>;
  owner: string | null;
  lease_until: Date;
  attempts: number;
  created_at: Date;
  updated_at: Date;
}

const commandSchema = new Schema<CommandDoc>(
  {
    _id: String,
    name: { type: String, required: true },
    key: { type: String, required: true, unique: true },
    request_hash: { type: String, required: true },
    input: { type: Schema.Types.Mixed },
    status: { type: String, required: true },
    result: { type: Schema.Types.Mixed, default: null },
    failure: { type: Schema.Types.Mixed, default: null },
    steps: { type: Schema.Types.Mixed, default: {} },
    owner: { type: String, default: null },
    lease_until: { type: Date, required: true },
    attempts: { type: Number, required: true },
    created_at: { type: Date, required: true },
    updated_at: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
// The recovery sweep's query has exactly these fields, so the embedded server serves it from the index too.
commandSchema.index({ status: 1, lease_until: 1 });

/** What a command's `run` gets to record its side effects. */
export interface Saga {
  readonly command_id: string;
  /** Runs `run(args)` once for this command (kind + args identify the step); a repeat returns the recorded output. */
  step<A, O>(kind: string, args: A, run: (args: A) => Promise<O>): Promise<O>;
}

export interface CommandSpec<I, R, T = undefined> {
  /** Unique across the application, e.g. `orders.checkout`; the recovery job finds the definition by it. */
  name: string;
  /** `transient` is what only the first run sees (e.g. a PIN): never stored, absent when resumed. */
  run(input: I, saga: Saga, transient: T | undefined): Promise<R>;
  /** Compensations by step kind, run newest first when the command fails for good. Must be idempotent. */
  undo?: Record<string, (args: never, output: never) => Promise<void>>;
  /** What a replay of a succeeded command answers (default: the recorded result). */
  replay?(result: R, input: I): Promise<R>;
  /** The 409 answered while the first run is still going (default `command_in_progress`). */
  inProgress?: { code: string; title: string };
  /** Runs (first + resumptions) before the recovery job compensates instead of resuming (default 5). */
  max_attempts?: number;
}

export interface Command<I, R, T = undefined> {
  readonly name: string;
  /**
   * Runs the command under `key` or replays its first outcome. `request` is what the idempotency check compares
   * (default: the input); secrets such as a PIN belong in neither — pass them through `transient`, which only this
   * run sees (a resumption runs without them).
   */
  execute(req: { key: string; input: I; request?: unknown; transient?: T }): Promise<R>;
}

const LOST_LEASE = 'command_lease_lost';
const ABANDONED: CommandFailure = { status: 409, code: 'command_abandoned', title: '操作未能完成，已撤销' };

export function hashOf(value: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(value ?? null))
    .digest('hex');
}

/** A 4xx AppError is the business's answer and ends the command; anything else may succeed when run again. */
function isFinal(err: unknown): err is AppError {
  return err instanceof AppError && err.status < 500 && err.code !== LOST_LEASE;
}

function failureOf(err: AppError): CommandFailure {
  return { status: err.status, code: err.code, title: err.title };
}

/** What the runner functions share: the record's model, the lease length and the logger. */
interface Kernel {
  Command: Model<CommandDoc>;
  leaseMs: number;
  logger: Logger;
}
type AnySpec = CommandSpec<never, unknown, unknown>;
type Taken = { doc: CommandDoc; owner: string };

const leaseUntil = (k: Kernel) => new Date(Date.now() + k.leaseMs);

/** A write that only the lease holder may make; a holder that lost its lease stops. */
async function held(k: Kernel, id: string, owner: string, set: Record<string, unknown>): Promise<void> {
  const res = await k.Command.updateOne({ _id: id, owner }, { $set: { ...set, updated_at: new Date() } });
  if (res.matchedCount === 0) throw new AppError(503, LOST_LEASE, '该操作正在处理中，请稍后查询');
}

function sagaFor(k: Kernel, doc: CommandDoc, owner: string): Saga {
  const steps = { ...doc.steps };
  let seq = Object.values(steps).reduce((max, s) => Math.max(max, s.seq), 0);
  return {
    command_id: doc._id,
    async step<A, O>(kind: string, args: A, run: (args: A) => Promise<O>): Promise<O> {
      const id = hashOf([kind, args]).slice(0, 24);
      const known = steps[id];
      if (known?.status === 'done') return known.output as O;
      const started: StepRecord = { seq: known?.seq ?? ++seq, kind, args, status: 'started', output: null };
      await held(k, doc._id, owner, { [`steps.${id}`]: started, lease_until: leaseUntil(k) });
      steps[id] = started;
      const output = await run(args);
      const done: StepRecord = { ...started, status: 'done', output: output ?? null };
      await held(k, doc._id, owner, { [`steps.${id}`]: done, lease_until: leaseUntil(k) });
      steps[id] = done;
      return output;
    },
  };
}

/** Undoes the recorded steps newest first, marking each; safe to repeat after a crash half-way. */
async function compensate(k: Kernel, { doc, owner }: Taken, spec: AnySpec): Promise<void> {
  await held(k, doc._id, owner, { status: 'compensating', lease_until: leaseUntil(k) });
  const fresh = (await k.Command.findById(doc._id).lean<CommandDoc>()) ?? doc;
  const entries = Object.entries(fresh.steps ?? {})
    .filter(([, s]) => s.status !== 'undone')
    .sort(([, a], [, b]) => b.seq - a.seq);
  for (const [id, s] of entries) {
    const undo = spec.undo?.[s.kind] as ((args: unknown, output: unknown) => Promise<void>) | undefined;
    if (undo) await undo(s.args, s.status === 'done' ? s.output : null);
    await held(k, doc._id, owner, { [`steps.${id}.status`]: 'undone', lease_until: leaseUntil(k) });
  }
}

async function fail(k: Kernel, taken: Taken, spec: AnySpec, failure: CommandFailure): Promise<void> {
  await held(k, taken.doc._id, taken.owner, { failure });
  await compensate(k, taken, spec);
  await held(k, taken.doc._id, taken.owner, { status: 'failed', owner: null });
}

/** Runs (or resumes) a command whose lease `owner` holds. */
async function drive(k: Kernel, taken: Taken, spec: AnySpec, transient?: unknown): Promise<unknown> {
  const { doc, owner } = taken;
  try {
    const result = await spec.run(doc.input as never, sagaFor(k, doc, owner), transient);
    await held(k, doc._id, owner, { status: 'succeeded', result: result ?? null, owner: null });
    return result;
  } catch (err) {
    if (isFinal(err)) {
      await fail(k, taken, spec, failureOf(err));
      throw err;
    }
    // Outcome unknown: let the next run (a retry with the same key, or the recovery job) resume it at once.
    await k.Command.updateOne({ _id: doc._id, owner }, { $set: { owner: null, lease_until: new Date() } }).catch(() => undefined);
    throw err;
  }
}

/** Takes over a command whose lease ran out (its runner died or gave up); null when someone else holds it. */
async function claim(k: Kernel, id: string): Promise<Taken | null> {
  const owner = randomBytes(12).toString('hex');
  const doc = await k.Command.findOneAndUpdate(
    { _id: id, status: { $in: ['running', 'compensating'] }, lease_until: { $lt: new Date() } },
    { $set: { owner, lease_until: leaseUntil(k), updated_at: new Date() }, $inc: { attempts: 1 } },
    { new: true },
  ).lean<CommandDoc>();
  return doc ? { doc, owner } : null;
}

/** Runs a taken-over command on from its recorded steps, or compensates it when it has been tried enough. */
async function resume(k: Kernel, taken: Taken, spec: AnySpec): Promise<unknown> {
  const { doc } = taken;
  if (doc.status !== 'compensating' && doc.attempts <= (spec.max_attempts ?? 5)) return drive(k, taken, spec);
  const failure = doc.failure ?? ABANDONED;
  await fail(k, taken, spec, failure);
  throw new AppError(failure.status, failure.code, failure.title);
}

/** The first outcome of a command again, resuming it if its runner is gone. */
async function replay(k: Kernel, spec: AnySpec, existing: CommandDoc, request_hash: string): Promise<unknown> {
  if (existing.request_hash !== request_hash) throw conflict('idempotency_conflict', '同一幂等键对应了不同的请求参数');
  if (existing.status === 'succeeded')
    return spec.replay ? spec.replay(existing.result as never, existing.input as never) : existing.result;
  if (existing.status === 'failed' && existing.failure) {
    throw new AppError(existing.failure.status, existing.failure.code, existing.failure.title);
  }
  const taken = await claim(k, existing._id);
  if (taken) return resume(k, taken, spec);
  const busy = spec.inProgress ?? { code: 'command_in_progress', title: '正在处理，请稍候' };
  throw conflict(busy.code, busy.title);
}

/** A first run under a new key; a concurrent first run with the same key makes this a replay of it. */
async function start(k: Kernel, spec: AnySpec, req: { key: string; input: unknown; request?: unknown; transient?: unknown }) {
  const key = `${spec.name}:${req.key}`;
  const request_hash = hashOf(req.request === undefined ? req.input : req.request);
  const existing = await k.Command.findOne({ key }).lean<CommandDoc>();
  if (existing) return replay(k, spec, existing, request_hash);
  const owner = randomBytes(12).toString('hex');
  const now = new Date();
  const doc: CommandDoc = {
    _id: newId('cmd'),
    name: spec.name,
    key,
    request_hash,
    input: req.input ?? null,
    status: 'running',
    result: null,
    failure: null,
    steps: {},
    owner,
    lease_until: leaseUntil(k),
    attempts: 1,
    created_at: now,
    updated_at: now,
  };
  try {
    await k.Command.create(doc);
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
    return replay(k, spec, (await k.Command.findOne({ key }).lean<CommandDoc>()) as CommandDoc, request_hash);
  }
  return drive(k, { doc, owner }, spec, req.transient);
}

/** The recovery sweep: resumes commands whose runner is gone, or compensates them after `max_attempts` runs. */
async function recover(k: Kernel, specs: Map<string, AnySpec>) {
  const out = { resumed: 0, compensated: 0, failed: 0 };
  const due = await k.Command.find({ status: { $in: ['running', 'compensating'] }, lease_until: { $lt: new Date() } }, { _id: 1, name: 1 })
    .limit(200)
    .lean<{ _id: string; name: string }[]>();
  for (const { _id, name } of due) {
    // A command this process does not know (an instance of another version) is left to one that does.
    const spec = specs.get(name);
    const taken = spec ? await claim(k, _id) : null;
    if (!spec || !taken) continue;
    try {
      await resume(k, taken, spec);
      out.resumed++;
    } catch (err) {
      if (isFinal(err)) out.compensated++;
      else {
        out.failed++;
        k.logger.warn({ command_id: _id, name, err: (err as Error).message }, 'command recovery will retry');
      }
    }
  }
  return out;
}

export function createCommands(deps: { conn: Connection; logger: Logger; lease_ms?: number }) {
  const k: Kernel = {
    Command: modelOn(deps.conn, 'Command', commandSchema, 'commands'),
    leaseMs: deps.lease_ms ?? 30_000,
    logger: deps.logger,
  };
  const specs = new Map<string, AnySpec>();
  return {
    define<I, R, T = undefined>(spec: CommandSpec<I, R, T>): Command<I, R, T> {
      if (specs.has(spec.name)) throw new Error(`command ${spec.name} defined twice`);
      const any = spec as unknown as AnySpec;
      specs.set(spec.name, any);
      return { name: spec.name, execute: async (req) => (await start(k, any, req)) as R };
    },
    /** The recovery job's pass; returns what it did, for logs and tests. */
    recover: () => recover(k, specs),
    /** The record of a command, for tests and operators. */
    find: (name: string, key: string) => k.Command.findOne({ key: `${name}:${key}` }).lean<CommandDoc>(),
  };
}
export type Commands = ReturnType<typeof createCommands>;
