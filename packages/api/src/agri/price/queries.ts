import {
  PRICE_NEAR_PERCENT,
  shanghaiDate,
  type PriceDay,
  type PricePosition,
  type PriceRegion,
  type PriceRegionLevel,
  type PriceTrend,
  type PriceVarietyEntry,
} from '@cc/shared';
import { badRequest, notFound } from '../../platform/problem';
import type { PriceAskDoc, PriceDayDoc, PriceModels, PriceVarietyDoc } from './models';
import { dayId, freshStats, regionPaths } from './observe';
import { divideHalfUp, regionPart, varietyKeyOf } from './units';

const DAY_MS = 86_400_000;
const LEVEL_BY_DEPTH: PriceRegionLevel[] = ['all', 'county', 'township', 'village'];
/** How far back the farmer's view looks for a regional median. */
const POSITION_LOOKBACK_DAYS = 30;

/** The `days` Shanghai calendar days ending with the one `now` is in, oldest first. */
export function windowDates(now: Date, days: number): string[] {
  const today = Date.parse(`${shanghaiDate(now)}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) => new Date(today - (days - 1 - i) * DAY_MS).toISOString().slice(0, 10));
}

export function regionOf(level: PriceRegionLevel, path: string): PriceRegion {
  return { level, path, name: path === '' ? '全部地区' : path.split('/').join(' ') };
}

/** A region path from the query: '' (all), county, county/township or county/township/village. */
export function parseRegion(raw: string | undefined): PriceRegion {
  const text = (raw ?? '').trim();
  if (text === '') return regionOf('all', '');
  const parts = text.split('/').map(regionPart);
  if (parts.length > 3 || parts.some((p) => p === '')) {
    throw badRequest('price_region_invalid', '地区应写作 县（区）、县/乡镇 或 县/乡镇/村', [
      { path: 'query.region', message: '地区路径最多三级，各级不能为空', code: 'price_region_invalid' },
    ]);
  }
  return regionOf(LEVEL_BY_DEPTH[parts.length] as PriceRegionLevel, parts.join('/'));
}

/** Buckets by id, with their figures (computed now for a bucket whose figures are stale). */
async function bucketDays(M: PriceModels, ids: string[]): Promise<Map<string, PriceDay>> {
  const docs = await M.Day.find({ _id: { $in: ids } }).lean<PriceDayDoc[]>();
  const out = new Map<string, PriceDay>();
  for (const doc of docs) {
    const stats = await freshStats(M, doc);
    if (stats && stats.count > 0) out.set(doc._id, { date: doc.day, ...stats });
  }
  return out;
}

async function varietyOr404(M: PriceModels, name: string): Promise<PriceVarietyDoc> {
  const v = await M.Variety.findById(varietyKeyOf(name)).lean<PriceVarietyDoc>();
  if (!v) throw notFound('price_variety_not_found', '这个品种还没有行情数据');
  return v;
}

/** A 7, 30 or 90-day trend: ≤ 90 buckets read by `_id`, whatever the number of observations. */
export async function trend(
  M: PriceModels,
  q: { variety: string; region?: string; days: number; unit?: string },
  now = new Date(),
): Promise<PriceTrend> {
  const v = await varietyOr404(M, q.variety);
  const region = parseRegion(q.region);
  const unit = q.unit?.trim() || (v.units[0] as string);
  const dates = windowDates(now, q.days);
  const ids = dates.map((d) => dayId(v._id, unit, region.level, region.path, d));
  const found = await bucketDays(M, ids);
  const series = ids.flatMap((id) => found.get(id) ?? []);
  const first = series[0];
  const latest = series[series.length - 1];
  return {
    variety: { key: v._id, name: v.name, base_unit: unit },
    region,
    days: q.days,
    from: dates[0] as string,
    to: dates[dates.length - 1] as string,
    series,
    summary:
      first && latest
        ? {
            low_fen: Math.min(...series.map((d) => d.low_fen)),
            high_fen: Math.max(...series.map((d) => d.high_fen)),
            latest,
            change_fen: latest.median_fen - first.median_fen,
            volume: Math.round(series.reduce((a, d) => a + d.volume * 1000, 0)) / 1000,
            count: series.reduce((a, d) => a + d.count, 0),
          }
        : null,
  };
}

/** Varieties with data (a short collection, read whole, bounded), most recent first. */
export async function varieties(M: PriceModels): Promise<{ items: PriceVarietyEntry[] }> {
  const docs = await M.Variety.find({}).limit(500).lean<PriceVarietyDoc[]>();
  const depth = (l: PriceRegionLevel) => LEVEL_BY_DEPTH.indexOf(l);
  const items = docs
    .map((v) => ({
      key: v._id,
      name: v.name,
      units: v.units,
      last_date: v.last_day,
      regions: [
        regionOf('all', ''),
        ...[...v.regions]
          .sort((a, b) => depth(a.level) - depth(b.level) || a.path.localeCompare(b.path))
          .map((r) => regionOf(r.level, r.path)),
      ],
    }))
    .sort((a, b) => b.last_date.localeCompare(a.last_date) || a.name.localeCompare(b.name));
  return { items };
}

/** (ask − median) / median in whole percent, rounded half away from zero. */
function percentOf(diff: number, median: number): number {
  return Math.sign(diff) * divideHalfUp(Math.abs(diff) * 100, median);
}

type Place = Pick<PriceAskDoc, 'variety_key' | 'base_unit' | 'region'>;

/**
 * The newest day with data in the last 30 days in the narrowest region of a place (village, then township, county,
 * all): the farmer's view compares an ask with it, and a plausibility check of a new post may too.
 */
export async function referenceFor(M: PriceModels, ask: Place, now: Date): Promise<PricePosition['reference']> {
  const dates = windowDates(now, POSITION_LOOKBACK_DAYS);
  const levels = regionPaths(ask.region).reverse();
  const idsOf = (r: { level: PriceRegionLevel; path: string }) =>
    dates.map((d) => dayId(ask.variety_key, ask.base_unit, r.level, r.path, d));
  const found = await bucketDays(M, levels.flatMap(idsOf));
  for (const r of levels) {
    const days = idsOf(r).flatMap((id) => found.get(id) ?? []);
    const day = days[days.length - 1];
    if (day) return { region: regionOf(r.level, r.path), day };
  }
  return null;
}

/** 我的报价 against the regional median: the farmer's latest asking price for the variety and where it stands. */
export async function position(M: PriceModels, user_id: string, q: { variety: string }, now = new Date()): Promise<PricePosition> {
  const key = varietyKeyOf(q.variety);
  const [v, ask] = await Promise.all([
    M.Variety.findById(key).lean<PriceVarietyDoc>(),
    M.Ask.findById(`${user_id}|${key}`).lean<PriceAskDoc>(),
  ]);
  const variety = { key, name: v?.name ?? q.variety.trim(), base_unit: ask?.base_unit ?? v?.units[0] ?? '斤' };
  const none = { variety, ask: null, reference: null, position: null, difference_fen: null, difference_percent: null };
  if (!ask) return none;
  const mine = {
    price_fen: ask.base_price_fen,
    unit: ask.base_unit,
    region: regionOf('village', regionPaths(ask.region)[3]?.path ?? ''),
    date: ask.day,
  };
  const reference = await referenceFor(M, ask, now);
  if (!reference) return { ...none, ask: mine };
  const difference_fen = ask.base_price_fen - reference.day.median_fen;
  const difference_percent = percentOf(difference_fen, reference.day.median_fen);
  const where = difference_percent < -PRICE_NEAR_PERCENT ? 'below' : difference_percent > PRICE_NEAR_PERCENT ? 'above' : 'near';
  return { variety, ask: mine, reference, position: where, difference_fen, difference_percent };
}
