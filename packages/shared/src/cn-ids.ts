import { isCalendarDate } from './time';

/**
 * Real-name numbers a merchant is verified with: the 18-character resident identity number (居民身份证号码,
 * GB 11643-1999) of a farmer, and the unified social credit code (统一社会信用代码, GB 32100-2015) of a co-op or a
 * store. Both end in a check character, so a mistyped number is caught at the edge instead of by an operator.
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The check character of the first 17 digits of a resident identity number. */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('need 17 digits');
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * (ID_WEIGHTS[i] as number), 0);
  return ID_CHECK[sum % 11] as string;
}

/** 18 characters, a real birth date at positions 7–14, and the right check character (X upper or lower case). */
export function isResidentIdNumber(value: string): boolean {
  const v = value.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(v)) return false;
  const birth = `${v.slice(6, 10)}-${v.slice(10, 12)}-${v.slice(12, 14)}`;
  if (!isCalendarDate(birth) || birth < '1900-01-01') return false;
  return residentIdCheckChar(v.slice(0, 17)) === v[17];
}

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character of the first 17 characters of a unified social credit code. */
export function creditCodeCheckChar(first17: string): string {
  const sum = [...first17].reduce((s, c, i) => {
    const n = CREDIT_CHARS.indexOf(c);
    if (n < 0) throw new RangeError(`not a credit code character: ${c}`);
    return s + n * (CREDIT_WEIGHTS[i] as number);
  }, 0);
  return CREDIT_CHARS[(31 - (sum % 31)) % 31] as string;
}

/** 18 characters of the code's alphabet (no I, O, S, V, Z) with the right check character. */
export function isCreditCode(value: string): boolean {
  const v = value.toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(v)) return false;
  return creditCodeCheckChar(v.slice(0, 17)) === v[17];
}

/** Shown to operators instead of the number: the first 3 and last 4 characters. */
export function maskIdNumber(value: string): string {
  return `${value.slice(0, 3)}${'*'.repeat(Math.max(0, value.length - 7))}${value.slice(-4)}`;
}
