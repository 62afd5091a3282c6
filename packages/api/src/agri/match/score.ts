/**
 * How well a supply post (供应) and a purchase post (求购) fit (issue 14 item 3): a pure function of two compact
 * entries, 0–100 with the reasons in plain words (同品种 · 数量满足 · 价格在区间内 · 相距 12 公里 · 时间重合).
 * Symmetric by construction (it always scores supply against purchase), so the score a pair gets is the same
 * whichever side recomputes it — which lets either side's recompute update the other side's list.
 *
 * Points: variety 30 (same variety; 8 for another variety of the category), quantity 20, price 20, distance 15,
 * window 15. Quantities and prices compare in base units (斤 for weights); 面议 on either side scores half the price
 * points ("neutral": neither helps nor hurts much).
 */
import { AGRI_UNIT_SPECS, toBaseQuantity, toBaseUnitPriceFen, type AgriUnit } from '@cc/shared';
import { haversineM } from '../../delivery/tasks/geo';

/** What matching keeps of an open post: enough to score it without reading the post. */
export interface MatchEntry {
  id: string;
  kind: 'supply' | 'purchase';
  owner: string;
  category: string;
  variety_key: string;
  base_unit: string;
  base_quantity: number;
  /** Supply's minimum order in base units; null when none (and for purchases). */
  base_min_order: number | null;
  /** Fen per base unit. Supply: its price in both (null = 面议). Purchase: its range; a missing end is null. */
  price_low: number | null;
  price_high: number | null;
  lat: number;
  lng: number;
  /** YYYY-MM-DD window (available / needed), Asia/Shanghai calendar days. */
  from: string;
  to: string;
  expires_ms: number;
}

/** The stored fields of a post matching reads (the agri posts' document has them all). */
export interface MatchablePost {
  _id: string;
  kind: 'supply' | 'purchase';
  owner_user_id: string;
  category: string;
  variety_key: string;
  quantity: number;
  unit: AgriUnit;
  base_quantity: number;
  base_unit: string;
  unit_price_fen: number | null;
  min_order_quantity: number | null;
  unit_price_min_fen: number | null;
  unit_price_max_fen: number | null;
  location: { lat: number; lng: number };
  window_from: string;
  window_to: string;
  status: string;
  expires_at: Date;
  revision: number;
}

export function entryOf(p: MatchablePost): MatchEntry {
  const base = (fen: number | null) => (fen === null ? null : toBaseUnitPriceFen(fen, p.unit));
  const supply = p.kind === 'supply';
  return {
    id: p._id,
    kind: p.kind,
    owner: p.owner_user_id,
    category: p.category,
    variety_key: p.variety_key,
    base_unit: p.base_unit ?? AGRI_UNIT_SPECS[p.unit].base,
    base_quantity: p.base_quantity ?? toBaseQuantity(p.quantity, p.unit),
    base_min_order: supply && p.min_order_quantity !== null ? toBaseQuantity(p.min_order_quantity, p.unit) : null,
    price_low: supply ? base(p.unit_price_fen) : base(p.unit_price_min_fen),
    price_high: supply ? base(p.unit_price_fen) : base(p.unit_price_max_fen),
    lat: p.location.lat,
    lng: p.location.lng,
    from: p.window_from,
    to: p.window_to,
    expires_ms: p.expires_at.getTime(),
  };
}

export interface MatchScore {
  score: number;
  reasons: string[];
  distance_km: number;
}

type Part = [points: number, reason: string];

function quantityPart(s: MatchEntry, p: MatchEntry): Part {
  if (s.base_unit !== p.base_unit) return [6, '计量单位不同，数量需商议'];
  if (s.base_min_order !== null && s.base_min_order > p.base_quantity) return [0, '需求量低于起订量'];
  if (s.base_quantity >= p.base_quantity) return [20, '数量满足'];
  const share = s.base_quantity / p.base_quantity;
  return [Math.round(20 * share), `可供需求的 ${Math.max(1, Math.floor(share * 100))}%`];
}

/** Above the buyer's top price the points fall to 0 at 30 % over; 面议 on either side is neutral (half). */
function pricePart(s: MatchEntry, p: MatchEntry): Part {
  const price = s.price_low;
  if (price === null || (p.price_low === null && p.price_high === null)) return [10, '价格面议'];
  if (s.base_unit !== p.base_unit) return [10, '价格需商议'];
  if (p.price_high !== null && price > p.price_high) {
    const over = (price - p.price_high) / p.price_high;
    return [Math.round(20 * Math.max(0, 1 - over / 0.3)), `高出预算 ${Math.max(1, Math.round(over * 100))}%`];
  }
  if (p.price_low !== null && price < p.price_low) return [20, '价格低于预期'];
  return [20, '价格在区间内'];
}

/** Full points within 10 km, none from 200 km. */
function distancePart(km: number): Part {
  const points = km <= 10 ? 15 : Math.max(0, Math.round(15 * (1 - (km - 10) / 190)));
  return [points, `相距 ${km < 1 ? '不到 1' : Math.round(km)} 公里`];
}

const dayOf = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / 86_400_000;

/** Overlapping windows score full; a gap loses the points over 30 days. */
function windowPart(s: MatchEntry, p: MatchEntry): Part {
  const gap = Math.max(dayOf(s.from) - dayOf(p.to), dayOf(p.from) - dayOf(s.to));
  if (gap <= 0) return [15, '时间重合'];
  return [Math.round(15 * Math.max(0, 1 - gap / 30)), `时间相差 ${gap} 天`];
}

/**
 * The score of a pair, or null when they cannot match at all: the same kind, the same poster, or another category.
 */
export function scoreMatch(a: MatchEntry, b: MatchEntry): MatchScore | null {
  if (a.kind === b.kind || a.owner === b.owner || a.category !== b.category) return null;
  const [s, p] = a.kind === 'supply' ? [a, b] : [b, a];
  const km = haversineM(s, p) / 1000;
  const variety: Part = s.variety_key === p.variety_key ? [30, '同品种'] : [8, '同品类不同品种'];
  const parts = [variety, quantityPart(s, p), pricePart(s, p), distancePart(km), windowPart(s, p)];
  const score = Math.min(
    100,
    parts.reduce((sum, [points]) => sum + points, 0),
  );
  return { score, reasons: parts.map(([, reason]) => reason), distance_km: Math.round(km * 10) / 10 };
}
