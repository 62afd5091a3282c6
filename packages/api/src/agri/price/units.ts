import type { PriceUnit } from '@cc/shared';

/**
 * Weights as an exact fraction of a 斤 (num / den): 公斤 = 2/1, 吨 = 2000/1, 克 = 1/500. Fractions, not decimals, so
 * the conversion of a price is one integer division with a stated rounding (0.002 in binary floating point is not).
 * Every other unit is its own base unit.
 */
const WEIGHTS: Partial<Record<PriceUnit, { num: number; den: number }>> = {
  斤: { num: 1, den: 1 },
  公斤: { num: 2, den: 1 },
  吨: { num: 2000, den: 1 },
  克: { num: 1, den: 500 },
};

export function baseUnitOf(unit: PriceUnit): string {
  return WEIGHTS[unit] ? '斤' : unit;
}

/** Integer a / b rounded half up (a ≥ 0, b > 0): 3 fen per 公斤 → 1.5 → 2 fen per 斤. */
export function divideHalfUp(a: number, b: number): number {
  return Math.floor((2 * a + b) / (2 * b));
}

/**
 * A price per `unit` as integer fen per base unit, rounded half up to the fen: ¥7.99 per 公斤 = 399.5 → 400 fen per 斤,
 * ¥0.03 per 克 = 1500 fen per 斤. The division is exact integer arithmetic (prices ≤ 10⁹ fen, factors ≤ 2000).
 */
export function basePriceFen(price_fen_per_unit: number, unit: PriceUnit): number {
  const w = WEIGHTS[unit] ?? { num: 1, den: 1 };
  return divideHalfUp(price_fen_per_unit * w.den, w.num);
}

/** A quantity in the base unit, to three decimals (2.5 公斤 → 5 斤; 300 克 → 0.6 斤). */
export function baseQuantity(quantity: number, unit: PriceUnit): number {
  const w = WEIGHTS[unit] ?? { num: 1, den: 1 };
  return Math.round((quantity * w.num * 1000) / w.den) / 1000;
}

/**
 * The key a variety is stored and looked up by: NFKC (full-width folded), lower case, white space and punctuation
 * removed, so 「高山 茶叶」 and 「高山茶叶」 are one variety.
 * TODO(agriposts): use the contract's varietyKey (contract/agri-tree.ts) once it is on main: the same rule.
 */
export function varietyKeyOf(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

/** A region name as stored: NFKC, inner white space removed (径山 镇 = 径山镇). */
export function regionPart(name: string): string {
  return name.normalize('NFKC').replace(/\s+/gu, '');
}
