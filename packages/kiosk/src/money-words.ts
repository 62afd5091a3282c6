/**
 * Amounts of money in Chinese words, for reading aloud: 12345 fen → "一百二十三元四角五分".
 * Integer arithmetic on fen only, like everything that touches money (DESIGN §4).
 */
const DIGITS = '零一二三四五六七八九';
const SMALL_UNITS = ['千', '百', '十', ''];
const BIG_UNITS = ['', '万', '亿', '万亿'];

/** 0 ≤ n ≤ 9999, without leading 零; `leading` writes 10–19 as 十… rather than 一十…. */
function sectionWords(n: number, leading: boolean): string {
  const digits = [Math.floor(n / 1000), Math.floor(n / 100) % 10, Math.floor(n / 10) % 10, n % 10];
  let out = '';
  let zero = false;
  digits.forEach((d, i) => {
    if (d === 0) {
      if (out) zero = true;
      return;
    }
    if (zero) out += '零';
    zero = false;
    const tenOnly = leading && !out && i === 2 && d === 1;
    out += `${tenOnly ? '' : DIGITS[d]}${SMALL_UNITS[i]}`;
  });
  return out;
}

/** A whole number in Chinese words: 1005 → 一千零五, 120000 → 十二万, 0 → 零. */
export function integerWords(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not a whole number: ${n}`);
  if (n === 0) return '零';
  const sections: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 10000)) sections.push(rest % 10000);
  let out = '';
  let zero = false;
  for (let i = sections.length - 1; i >= 0; i--) {
    const s = sections[i] as number;
    if (s === 0) {
      if (out) zero = true;
      continue;
    }
    // A gap inside the number is read as one 零: 10005 → 一万零五, 1000500 → 一百万零五百.
    if (out && (zero || s < 1000)) out += '零';
    zero = false;
    out += sectionWords(s, !out) + BIG_UNITS[i];
  }
  return out;
}

/** 12345 → 一百二十三元四角五分; 12305 → 一百二十三元零五分; 50 → 五角; 0 → 零元; -100 → 负一元. */
export function fenToChineseWords(amount_fen: number): string {
  if (!Number.isSafeInteger(amount_fen)) throw new TypeError(`not an integer amount of fen: ${amount_fen}`);
  if (amount_fen < 0) return `负${fenToChineseWords(-amount_fen)}`;
  if (amount_fen === 0) return '零元';
  const yuan = Math.floor(amount_fen / 100);
  const jiao = Math.floor(amount_fen / 10) % 10;
  const fen = amount_fen % 10;
  let out = yuan > 0 ? `${integerWords(yuan)}元` : '';
  if (jiao > 0) out += `${DIGITS[jiao]}角`;
  else if (yuan > 0 && fen > 0) out += '零';
  if (fen > 0) out += `${DIGITS[fen]}分`;
  return out;
}
