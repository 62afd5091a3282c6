import { TOPUP_MAX_FEN, formatFen, yuanStringToFen } from '@cc/shared';

export const PRESETS = [
  { fen: 2000, label: '¥20' },
  { fen: 5000, label: '¥50' },
  { fen: 10000, label: '¥100' },
  { fen: 20000, label: '¥200' },
] as const;
export const MIN_FEN = 100;

/** The amount the person chose, in fen, or why it is not acceptable. Never goes through floating point. */
export function chosenAmount(preset: number | null, custom: string): { fen: number } | { error: string } | null {
  const text = custom.trim();
  if (!text) return preset === null ? null : { fen: preset };
  let fen: number;
  try {
    fen = yuanStringToFen(text);
  } catch {
    return { error: '请输入正确的金额（元），最多两位小数' };
  }
  if (fen < MIN_FEN) return { error: `单次至少充值 ${formatFen(MIN_FEN)}` };
  if (fen > TOPUP_MAX_FEN) return { error: `单次最多充值 ${formatFen(TOPUP_MAX_FEN)}` };
  return { fen };
}
