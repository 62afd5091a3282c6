import { createHash, timingSafeEqual } from 'node:crypto';
import { DELIVERY_CODE_ATTEMPTS_MAX } from '@cc/shared';
import { AppError, badRequest } from '../../platform/problem';
import type { TaskCtx } from './context';
import type { DeliveryTaskDoc } from './models';
import { isLocked } from './present';

const digest = (s: string) => createHash('sha256').update(s).digest();
const locked = (kind: 'pickup' | 'delivery') =>
  new AppError(
    423,
    'delivery_code_locked',
    kind === 'pickup' ? '取件码输错次数过多，已锁定，请联系服务站解锁' : '收件码输错次数过多，已锁定，请联系服务站解锁',
  );

/**
 * Checks the code a party read out. A wrong one counts with one guarded $inc (only while below the maximum), so
 * however many guesses race, at most DELIVERY_CODE_ATTEMPTS_MAX are counted and the code then stays locked until an
 * operator unlocks it: 400 delivery_code_incorrect with the attempts left, 423 delivery_code_locked.
 */
export async function checkCode(C: TaskCtx, t: DeliveryTaskDoc, kind: 'pickup' | 'delivery', code: string): Promise<void> {
  if (isLocked(t, kind)) throw locked(kind);
  if (timingSafeEqual(digest(code), digest(t.codes[kind].value))) return;
  const field = `codes.${kind}.wrong_attempts`;
  const filter: Record<string, unknown> = { _id: t._id, [field]: { $lt: DELIVERY_CODE_ATTEMPTS_MAX } };
  const counted = await C.models.Task.findOneAndUpdate(filter, { $inc: { [field]: 1 } }, { new: true }).lean<DeliveryTaskDoc>();
  if (!counted || isLocked(counted, kind)) throw locked(kind);
  const left = DELIVERY_CODE_ATTEMPTS_MAX - counted.codes[kind].wrong_attempts;
  const words = kind === 'pickup' ? '取件码' : '收件码';
  throw badRequest('delivery_code_incorrect', `${words}不对，还可以再试 ${left} 次`, [
    { path: 'body.code', message: `${words}不对`, code: 'delivery_code_incorrect' },
  ]);
}
