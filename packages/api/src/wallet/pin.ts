import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { promisify } from 'node:util';
import { badRequest } from '../platform/problem';

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number, options: ScryptOptions) => Promise<Buffer>;
const PARAMS = { N: 16384, r: 8, p: 1 };

/** scrypt$N$r$p$salt$hash — parameters stored with the hash so they can be raised later. */
export async function hashPin(pin: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(pin, salt, 32, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function pinMatches(pin: string, stored: string): Promise<boolean> {
  const [, N, r, p, salt, hash] = stored.split('$');
  const expected = Buffer.from(hash ?? '', 'base64');
  const actual = await scrypt(pin, Buffer.from(salt ?? '', 'base64'), expected.length, { N: Number(N), r: Number(r), p: Number(p) });
  return timingSafeEqual(actual, expected);
}

/** Six digits, not all the same and not a straight run (123456, 987654): the first guesses of anyone holding a lost card. */
export function assertPinStrongEnough(pin: string): void {
  const digits = [...pin].map(Number);
  const same = digits.every((d) => d === digits[0]);
  const step = (digits[1] ?? 0) - (digits[0] ?? 0);
  const run = Math.abs(step) === 1 && digits.every((d, i) => i === 0 || d - (digits[i - 1] ?? 0) === step);
  if (same || run) throw badRequest('pin_too_simple', '密码过于简单，请不要使用相同或连续的数字');
}
