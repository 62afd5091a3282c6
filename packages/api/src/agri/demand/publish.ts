/**
 * 社区需求 (issue 14 item 5): last week's completed shop orders of each community, added up per variety, become one
 * standing weekly purchase post (求购, 每周) of the community's service station — "益乐社区 上周买了 420 斤 青菜" —
 * which enters matching like any purchase post. One post per (community, variety, base unit), fixed by its standing
 * record; a rerun for the same week updates it (never a second post); a standing post whose variety the community
 * did not buy that week expires.
 */
import { shanghaiDate, type AgriCategory, type AgriUnit } from '@cc/shared';
import { newId } from '../../platform/ids';
import { checkFields, type PostFields } from '../build';
import type { DemandCtx, DemandStation } from './context';
import type { StandingDoc } from './models';
import { expireStandingPost, writeStandingPost } from './post';
import { previousWeekOf, weekOf, type ShanghaiWeek } from './week';

const DAY_MS = 86_400_000;

export interface DemandGroup {
  community_id: string;
  variety_key: string;
  base_unit: AgriUnit;
  variety: string;
  category: AgriCategory;
  /** Base units bought, to three decimals. */
  base_quantity: number;
  price_low_fen: number;
  price_high_fen: number;
  orders: number;
}

/** The week's demand lines per community × variety × base unit (one $group on the week's index). */
export async function groupsOf(D: DemandCtx, week: string): Promise<DemandGroup[]> {
  const rows = await D.M.Line.aggregate<{
    _id: { c: string; v: string; u: AgriUnit };
    variety: string;
    category: AgriCategory;
    qty: number;
    low: number;
    high: number;
    orders: string[];
  }>([
    { $match: { week } },
    {
      $group: {
        _id: { c: '$community_id', v: '$variety_key', u: '$base_unit' },
        variety: { $first: '$variety' },
        category: { $first: '$category' },
        qty: { $sum: '$base_quantity' },
        low: { $min: '$base_price_fen' },
        high: { $max: '$base_price_fen' },
        orders: { $addToSet: '$order_id' },
      },
    },
  ]);
  return rows
    .map((r) => ({
      community_id: r._id.c,
      variety_key: r._id.v,
      base_unit: r._id.u,
      variety: r.variety,
      category: r.category,
      base_quantity: Math.round(r.qty * 1000) / 1000,
      price_low_fen: r.low,
      price_high_fen: r.high,
      orders: r.orders.length,
    }))
    .sort((a, b) => `${a.community_id}|${a.variety_key}`.localeCompare(`${b.community_id}|${b.variety_key}`));
}

const amount = (n: number) => String(Math.round(n * 1000) / 1000);

/** The post's fields: the coming week's need at last week's quantity, the prices residents paid as the range. */
function fieldsOf(g: DemandGroup, station: DemandStation, w: ShanghaiWeek, now: Date): PostFields {
  const thisWeek = weekOf(new Date(w.end.getTime() + DAY_MS));
  return {
    category: g.category,
    variety: g.variety,
    quantity: g.base_quantity,
    unit: g.base_unit,
    unit_price_fen: null,
    min_order_quantity: null,
    origin: null,
    photo_upload_ids: [],
    description: null,
    unit_price_min_fen: g.price_low_fen,
    unit_price_max_fen: g.price_high_fen,
    delivery: { place: station.place, community_id: g.community_id, location: station.location },
    frequency: 'weekly',
    notes:
      `${station.community_name} 上周（${w.monday} 至 ${w.sunday}）在社区商城买了 ${amount(g.base_quantity)} ${g.base_unit} ${g.variety}，` +
      `共 ${g.orders} 单。${station.poster_name}每周汇总居民订单，欢迎村里农户供货。`,
    window_from: shanghaiDate(now),
    window_to: thisWeek.sunday,
  };
}

/** The standing record of (community, variety, unit): inserted once with its post id; a racing run reads the winner's. */
async function standingOf(D: DemandCtx, g: DemandGroup): Promise<StandingDoc> {
  const _id = `${g.community_id}|${g.variety_key}|${g.base_unit}`;
  const found = await D.M.Standing.findById(_id).lean<StandingDoc>();
  if (found) return found;
  const doc: StandingDoc = {
    _id,
    post_id: newId('dem'),
    community_id: g.community_id,
    variety_key: g.variety_key,
    week: '',
    open: false,
    published_at: new Date(0),
  };
  try {
    await D.M.Standing.create(doc);
    return doc;
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
    return (await D.M.Standing.findById(_id).lean<StandingDoc>())!;
  }
}

/** One group published; 'no_station' when the community has no operator, 'invalid' when its fields fail the rules. */
async function publishGroup(D: DemandCtx, g: DemandGroup, w: ShanghaiWeek, now: Date): Promise<'published' | 'no_station' | 'invalid'> {
  const station = await D.deps.station(g.community_id);
  if (!station) return 'no_station';
  const fields = fieldsOf(g, station, w, now);
  try {
    checkFields(fields, 'purchase', shanghaiDate(now));
  } catch (err) {
    D.deps.logger.warn(
      { community_id: g.community_id, variety_key: g.variety_key, err: (err as Error).message },
      'community demand skipped',
    );
    return 'invalid';
  }
  const standing = await standingOf(D, g);
  await writeStandingPost(D, standing.post_id, { fields, group: g, station, week: w.week, week_end: w.end }, now);
  // The station's posts open directly: an operator's account is verified by the platform that appointed them.
  await D.deps.agri.credit.setVerified(station.poster_user_id, true);
  await D.M.Standing.updateOne({ _id: standing._id }, { $set: { week: w.week, open: true, published_at: now } });
  return 'published';
}

/**
 * The weekly job's work for the week before `now` (Asia/Shanghai ISO weeks): publishes every group, then expires the
 * standing posts of earlier weeks that were not published again. Safe to rerun: the same posts are updated.
 */
export async function publishLastWeek(D: DemandCtx, now: Date) {
  const w = previousWeekOf(now);
  const groups = await groupsOf(D, w.week);
  const outcome = { week: w.week, published: 0, skipped: 0, expired: 0 };
  for (const g of groups) {
    if ((await publishGroup(D, g, w, now)) === 'published') outcome.published += 1;
    else outcome.skipped += 1;
  }
  const stale = await D.M.Standing.find({ open: true, week: { $lt: w.week } }).lean<StandingDoc[]>();
  for (const s of stale) {
    if (await expireStandingPost(D, s.post_id, now)) outcome.expired += 1;
    await D.M.Standing.updateOne({ _id: s._id, week: s.week }, { $set: { open: false } });
  }
  return outcome;
}
