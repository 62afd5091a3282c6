/**
 * Child process for the crash tests: runs one ledger transfer and SIGKILLs itself right after the step named in
 * CRASH_AFTER — a real process death, leaving its Redis lease and half-done documents behind.
 * Env: MONGODB_URI (with database), REDIS_URL, REDIS_KEY_PREFIX, CRASH_AFTER, TRANSFER (JSON of the request).
 */
import { connectDatabase, connectRedis } from '@cc/api';
import { createLedger, type LedgerStep } from '@cc/api/wallet/ledger';
import { ledgerModels } from '@cc/api/wallet/models';
import { createLocks } from '@cc/api/platform/lock';

const conn = await connectDatabase(process.env.MONGODB_URI!);
const redis = connectRedis(process.env.REDIS_URL!, process.env.REDIS_KEY_PREFIX!);
const crashAfter = process.env.CRASH_AFTER as LedgerStep;
const ledger = createLedger({
  models: ledgerModels(conn),
  locks: createLocks(redis),
  lockTtlMs: 2000,
  afterStep: (step) => {
    if (step === crashAfter) process.kill(process.pid, 'SIGKILL');
  },
});
await ledger.transfer(JSON.parse(process.env.TRANSFER!));
// Only reached when the crash step never came (e.g. 'posted' on a transfer that was voided).
process.exit(3);
