/** Money is an integer number of fen (分) everywhere; these helpers never use floating point. */

export function isFen(value: unknown): value is number {
  return Number.isSafeInteger(value);
}

/** 12345 → "123.45"; -5 → "-0.05" */
export function fenToYuanString(amount_fen: number): string {
  if (!isFen(amount_fen)) throw new TypeError(`not an integer amount of fen: ${amount_fen}`);
  const sign = amount_fen < 0 ? '-' : '';
  const abs = Math.abs(amount_fen);
  const yuan = Math.floor(abs / 100);
  const fen = abs % 100;
  return `${sign}${yuan}.${fen.toString().padStart(2, '0')}`;
}

/** 12345 → "¥123.45" */
export function formatFen(amount_fen: number): string {
  const s = fenToYuanString(amount_fen);
  return s.startsWith('-') ? `-¥${s.slice(1)}` : `¥${s}`;
}

/** "123.4" → 12340; rejects more than two decimals and anything that is not a plain number. */
export function yuanStringToFen(input: string): number {
  const m = /^(-)?(\d{1,12})(?:\.(\d{1,2}))?$/.exec(input.trim());
  if (!m) throw new RangeError(`not an amount in yuan: ${input}`);
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -fen : fen;
}
