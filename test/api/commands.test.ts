/**
 * The command-and-saga kernel (platform/commands.ts) on the real database: replay of the first result or failure,
 * 409 for another body and while running, steps memoised across a resumption, compensation newest first on a
 * business refusal, resumption by the recovery sweep after a crash, and compensation after too many attempts.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import path from 'node:path';
import test from 'ava';
import { repoRoot } from '@cc/tools/services';
import { AppError, createCommands, createLogger, type Commands } from '@cc/api';
import { defineCounting } from '../support/crash-command';
import { startStack, withDatabase, type Stack } from '../support/stack';
import { failureOf, until } from '../support/outcome';

let stack: Stack;
let commands: Commands;

test.before(async () => {
  stack = await startStack();
  // Its own kernel on the stack's database, with a short lease so a "crashed" run is taken over quickly.
  commands = createCommands({ conn: stack.api.conn, logger: createLogger('silent'), lease_ms: 500 });
});
test.after.always(() => stack?.stop());

/** A command whose steps record what ran, and which can be told to fail at a step, finally or "by crashing". */
function recorder(name: string) {
  const log: string[] = [];
  const failAt = new Map<string, Error>();
  const command = commands.define<{ n: number }, { total: number }>({
    name,
    max_attempts: 3,
    async run(input, saga) {
      let total = 0;
      for (const step of ['a', 'b', 'c']) {
        total += await saga.step('add', { step, n: input.n }, async (a) => {
          log.push(`run ${a.step}`);
          const err = failAt.get(a.step);
          if (err) throw err;
          return a.n;
        });
      }
      return { total };
    },
    undo: {
      add: async (a: { step: string }, output: number | null) => {
        log.push(`undo ${a.step}${output === null ? ' (started)' : ''}`);
      },
    },
  });
  return { command, log, failAt };
}

test('the same key replays the first result; another body is 409; steps run once', async (t) => {
  const { command, log } = recorder(`t.replay.${randomUUID()}`);
  const key = randomUUID();
  t.deepEqual(await command.execute({ key, input: { n: 2 } }), { total: 6 });
  t.deepEqual(await command.execute({ key, input: { n: 2 } }), { total: 6 });
  t.deepEqual(log, ['run a', 'run b', 'run c']);
  t.is(await failureOf(command.execute({ key, input: { n: 3 } })), '409 idempotency_conflict');
});

test('concurrent requests with one key: one run, the others replay or hear 409 in progress', async (t) => {
  const { command, log } = recorder(`t.race.${randomUUID()}`);
  const key = randomUUID();
  const outcomes = await Promise.all(
    Array.from({ length: 10 }, () =>
      command.execute({ key, input: { n: 1 } }).then(
        (r) => `ok ${r.total}`,
        (e: AppError) => e.code,
      ),
    ),
  );
  t.true(
    outcomes.every((o) => o === 'ok 3' || o === 'command_in_progress'),
    outcomes.join(),
  );
  t.deepEqual(log, ['run a', 'run b', 'run c']);
});

test('a business refusal compensates the done steps newest first and is replayed', async (t) => {
  const { command, log, failAt } = recorder(`t.refuse.${randomUUID()}`);
  failAt.set('c', new AppError(409, 'sold_out', '已抢完'));
  const key = randomUUID();
  t.is(await failureOf(command.execute({ key, input: { n: 1 } })), '409 sold_out');
  t.deepEqual(log, ['run a', 'run b', 'run c', 'undo c (started)', 'undo b', 'undo a']);
  failAt.clear();
  t.is(await failureOf(command.execute({ key, input: { n: 1 } })), '409 sold_out', 'the failure is the answer to this key');
  t.is(log.length, 6);
});

test('a crash mid-way is resumed by the recovery sweep from its recorded steps', async (t) => {
  const { command, log, failAt } = recorder(`t.resume.${randomUUID()}`);
  failAt.set('b', new Error('connection reset'));
  const key = randomUUID();
  await t.throwsAsync(command.execute({ key, input: { n: 5 } }), { message: 'connection reset' });
  failAt.clear();
  const swept = await commands.recover();
  t.true(swept.resumed >= 1);
  t.deepEqual(log, ['run a', 'run b', 'run b', 'run c'], 'a was not run again');
  t.deepEqual(await command.execute({ key, input: { n: 5 } }), { total: 15 });
});

test('a command that keeps failing is compensated after its attempts', async (t) => {
  const { command, log, failAt } = recorder(`t.giveup.${randomUUID()}`);
  failAt.set('b', new Error('still down'));
  const key = randomUUID();
  await t.throwsAsync(command.execute({ key, input: { n: 1 } }));
  // Sweep until the attempts are used up (the API's own recovery job may sweep it too, so not exactly three times).
  await until('the command to be given up', async () => {
    await commands.recover();
    return (await commands.find(command.name, key))?.status === 'failed';
  });
  t.deepEqual(log.slice(-2), ['undo b (started)', 'undo a']);
  t.is(await failureOf(command.execute({ key, input: { n: 1 } })), '409 command_abandoned');
  const record = await commands.find(command.name, key);
  t.is(record?.status, 'failed');
});

test('a process killed inside a step: the sweep of another process finishes the command, done steps not repeated', async (t) => {
  const tag = randomUUID();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'test/support/crash-command.ts')], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', MONGODB_URI: withDatabase(process.env.MONGODB_URI!, stack.dbName), TAG: tag, KILL_AT: 'c' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const [, signal] = (await once(child, 'exit')) as [number | null, string | null];
  t.is(signal, 'SIGKILL');
  const command = defineCounting(commands, stack.api.conn, null);
  const left = await commands.find(command.name, tag);
  t.is(left?.status, 'running', 'the crash left the command running');
  // The child's lease (1 s) runs out, then a sweep takes the command over.
  await until(
    'the sweep to finish it',
    async () => (await commands.recover(), (await commands.find(command.name, tag))?.status === 'succeeded'),
  );
  const runs = await stack.api.conn
    .collection<{ _id: string; runs: number }>('crash_effects')
    .find({ _id: { $in: ['a', 'b', 'c'].map((s) => `${tag}:${s}`) } })
    .sort({ _id: 1 })
    .toArray();
  t.deepEqual(
    runs.map((r) => r.runs),
    [1, 1, 1],
    'each step took effect once',
  );
  t.deepEqual(await command.execute({ key: tag, input: { tag } }), { steps: 3 });
});
