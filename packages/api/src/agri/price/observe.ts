import { PriceObservationInput, shanghaiDate, type PriceRegionLevel } from '@cc/shared';
import { parsePart, type FieldIssue } from '../../platform/http';
import { badRequest } from '../../platform/problem';
import type { PriceDayDoc, PriceModels, PriceObservationDoc } from './models';
import { dayStats } from './stats';
import { baseQuantity, basePriceFen, baseUnitOf, regionPart, varietyKeyOf } from './units';

type Region = PriceObservationDoc['region'];

/** The four buckets an observation counts in, widest first: all regions, its county, township and village. */
export function regionPaths(r: Region): { level: PriceRegionLevel; path: string }[] {
  return [
    { level: 'all', path: '' },
    { level: 'county', path: r.county },
    { level: 'township', path: `${r.county}/${r.township}` },
    { level: 'village', path: `${r.county}/${r.township}/${r.village}` },
  ];
}

export const dayId = (variety: string, unit: string, level: PriceRegionLevel, path: string, day: string) =>
  `${variety}|${unit}|${level}|${path}|${day}`;

const isDuplicateKey = (err: unknown) => (err as { code?: number }).code === 11000;

/** The observation as stored, computed from validated input (rounding rules in units.ts). */
function toDoc(input: PriceObservationInput, now: Date): PriceObservationDoc {
  const issues: FieldIssue[] = [];
  const v = parsePart(PriceObservationInput, input, 'observation', issues) as ReturnType<typeof PriceObservationInput.parse> | undefined;
  if (!v) throw badRequest('validation_failed', '行情数据不完整或超出范围', issues);
  const base_price_fen = basePriceFen(v.price_fen_per_unit, v.unit);
  if (base_price_fen < 1) throw badRequest('price_below_one_fen', '换算后每单位不足 1 分，价格不合理');
  const variety_key = varietyKeyOf(v.variety_key);
  if (!variety_key) throw badRequest('validation_failed', '品种名称无效');
  return {
    _id: `${v.source}:${v.source_id}`,
    source: v.source,
    source_id: v.source_id,
    variety_key,
    variety_name: v.variety_key.normalize('NFKC').trim(),
    unit: v.unit,
    quantity: v.quantity,
    price_fen_per_unit: v.price_fen_per_unit,
    base_unit: baseUnitOf(v.unit),
    base_quantity: baseQuantity(v.quantity, v.unit),
    base_price_fen,
    region: { village: regionPart(v.region.village), township: regionPart(v.region.township), county: regionPart(v.region.county) },
    day: shanghaiDate(v.at),
    at: v.at,
    user_id: v.user_id ?? null,
    created_at: now,
  };
}

/**
 * Computes a bucket's figures if its points changed since they were last computed, and stores them with an
 * optimistic write on `{_id, version}`: a write that lost to a newer point is dropped, and the writer of that point
 * computes again after it (its read saw every point before it). A bucket left stale by a crash is computed here by
 * the next read or observation of it.
 */
export async function freshStats(M: PriceModels, doc: PriceDayDoc) {
  if (doc.stats_version === doc.version && doc.stats) return doc.stats;
  const stats = dayStats(doc.points);
  await M.raw.days.updateOne({ _id: doc._id, version: doc.version }, { $set: { stats, stats_version: doc.version } });
  return stats;
}

/** Adds the observation's point to one bucket (a no-op if it is there), then refreshes the bucket's figures. */
async function addPoint(M: PriceModels, o: PriceObservationDoc, level: PriceRegionLevel, path: string) {
  const _id = dayId(o.variety_key, o.base_unit, level, path, o.day);
  const update = {
    $addToSet: { points: { o: o._id, p: o.base_price_fen, q: o.base_quantity } },
    $inc: { version: 1 },
    $setOnInsert: { variety_key: o.variety_key, base_unit: o.base_unit, level, path, day: o.day, stats: null, stats_version: 0 },
  };
  try {
    await M.raw.days.updateOne({ _id }, update, { upsert: true });
  } catch (err) {
    // Two first observations of a bucket raced to create it: the other one did, so this is a plain update.
    if (!isDuplicateKey(err)) throw err;
    await M.raw.days.updateOne({ _id }, update);
  }
  const doc = await M.Day.findById(_id).lean<PriceDayDoc>();
  if (doc) await freshStats(M, doc);
}

/** What has data: the variety's name, units, regions and latest day (all idempotent operators, safe to repeat). */
async function noteVariety(M: PriceModels, o: PriceObservationDoc) {
  await M.raw.varieties
    .updateOne(
      { _id: o.variety_key },
      {
        $setOnInsert: { name: o.variety_name },
        $addToSet: { units: o.base_unit, regions: { $each: regionPaths(o.region).filter((r) => r.level !== 'all') } },
        $max: { last_day: o.day },
      },
      { upsert: true },
    )
    .catch(async (err: unknown) => {
      if (!isDuplicateKey(err)) throw err;
      await noteVariety(M, o);
    });
}

/**
 * Records one price observation, idempotently per (source, source_id): the first one is kept as it came, a repeat
 * changes nothing (and still completes the roll-up a crash may have cut short). The day's buckets of its variety in
 * its village, township, county and all regions get its point and fresh figures at once, so the price page shows it
 * on the next read; a supply post's observation with its farmer is also that farmer's latest asking price.
 */
export async function observe(M: PriceModels, input: PriceObservationInput, now = new Date()) {
  const fresh = toDoc(input, now);
  let doc = fresh;
  let created = true;
  try {
    await M.raw.observations.insertOne(fresh);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    created = false;
    doc = (await M.Observation.findById(fresh._id).lean<PriceObservationDoc>()) ?? fresh;
  }
  for (const r of regionPaths(doc.region)) await addPoint(M, doc, r.level, r.path);
  await noteVariety(M, doc);
  if (created && doc.source === 'supply_post' && doc.user_id) {
    const { user_id, variety_key, base_unit, base_price_fen, region, day, at, source_id } = doc;
    await M.raw.asks.updateOne(
      { _id: `${user_id}|${variety_key}` },
      { $set: { user_id, variety_key, base_unit, base_price_fen, region, day, at, source_id } },
      { upsert: true },
    );
  }
  return {
    created,
    observation: {
      id: doc._id,
      variety_key: doc.variety_key,
      base_unit: doc.base_unit,
      base_price_fen: doc.base_price_fen,
      base_quantity: doc.base_quantity,
      day: doc.day,
    },
  };
}
