import { AGRI_UNIT_SPECS, varietyKey, type PriceUnit } from '@cc/shared';

/**
 * A unit as an exact fraction num / den of its base unit (contract AGRI_UNIT_SPECS: 公斤 = 2/1 斤, 吨 = 2000/1,
 * 克 = 1/500), so converting a price is one integer division with a stated rounding (0.002 in binary floating point
 * is not exact).
 */
function fraction(unit: PriceUnit): { num: number; den: number } {
  const per = AGRI_UNIT_SPECS[unit].per_unit;
  return per >= 1 ? { num: per, den: 1 } : { num: 1, den: Math.round(1 / per) };
}

export function baseUnitOf(unit: PriceUnit): string {
  return AGRI_UNIT_SPECS[unit].base;
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
  const w = fraction(unit);
  return divideHalfUp(price_fen_per_unit * w.den, w.num);
}

/** A quantity in the base unit, to three decimals (2.5 公斤 → 5 斤; 300 克 → 0.6 斤). */
export function baseQuantity(quantity: number, unit: PriceUnit): number {
  const w = fraction(unit);
  return Math.round((quantity * w.num * 1000) / w.den) / 1000;
}

/** The key a variety is stored and looked up by: the contract's varietyKey (「高山 茶叶」 = 「高山茶叶」). */
export const varietyKeyOf = varietyKey;

/** A region name as stored: NFKC, inner white space removed (径山 镇 = 径山镇). */
export function regionPart(name: string): string {
  return name.normalize('NFKC').replace(/\s+/gu, '');
}
