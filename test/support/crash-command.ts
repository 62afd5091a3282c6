/**
 * The kernel's crash test, both sides: `defineCounting` is a three-step command whose steps count their runs in the
 * `crash_effects` collection; run as a child process (env MONGODB_URI, TAG, KILL_AT), it executes that command and
 * SIGKILLs itself inside step KILL_AT — a real process death that leaves the command running with a live lease.
 */
import type { Connection } from 'mongoose';
import { connectDatabase, createCommands, createLogger, type Commands } from '@cc/api';

export const CRASH_COMMAND = 'test.crash_counting';

export function defineCounting(commands: Commands, conn: Connection, killAt: string | null) {
  const effects = conn.collection<{ _id: string; runs: number }>('crash_effects');
  return commands.define<{ tag: string }, { steps: number }>({
    name: CRASH_COMMAND,
    async run(input, saga) {
      for (const step of ['a', 'b', 'c']) {
        await saga.step('count', { tag: input.tag, step }, async (a) => {
          if (a.step === killAt) process.kill(process.pid, 'SIGKILL');
          await effects.updateOne({ _id: `${a.tag}:${a.step}` }, { $inc: { runs: 1 } }, { upsert: true });
          return a.step;
        });
      }
      return { steps: 3 };
    },
  });
}

if (process.argv[1]?.endsWith('crash-command.ts')) {
  const conn = await connectDatabase(process.env.MONGODB_URI!);
  const commands = createCommands({ conn, logger: createLogger('silent'), lease_ms: 1000 });
  const command = defineCounting(commands, conn, process.env.KILL_AT ?? null);
  await command.execute({ key: process.env.TAG!, input: { tag: process.env.TAG! } });
  process.exit(3); // only reached when the kill step never came
}
