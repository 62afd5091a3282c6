import { shanghaiDate, fromShanghai, type PriceObservationInput, type PriceSource } from '@cc/shared';
import { seededRandom } from '@cc/shared/random';
import type { AgriPrices } from './index';

const JINGSHAN = { county: '余杭区', township: '径山镇', village: '径山村', slug: 'jingshan' };
const XIAOGUCHENG = { county: '余杭区', township: '径山镇', village: '小古城村', slug: 'xiaogucheng' };
const BAISHA = { county: '临安区', township: '太湖源镇', village: '白沙村', slug: 'baisha' };

/**
 * The demo's produce: a typical price per 斤 in fen, how much a day's sale moves it, the usual lot in 斤, where it
 * grows and which demo farmer asks for it (their 报价 for the farmer's view).
 */
const DEMO_PRODUCE = [
  {
    slug: 'qingcai',
    variety: '青菜',
    base_fen: 160,
    swing_fen: 40,
    lot: 40,
    places: [JINGSHAN, BAISHA],
    farmer: 'demo-farmer-1',
    ask_fen: 180,
  },
  {
    slug: 'gaoshan-tea',
    variety: '高山茶叶',
    base_fen: 42_000,
    swing_fen: 6_000,
    lot: 3,
    places: [JINGSHAN, XIAOGUCHENG],
    farmer: 'demo-farmer-1',
    ask_fen: 48_000,
  },
  {
    slug: 'apple',
    variety: '苹果',
    base_fen: 550,
    swing_fen: 90,
    lot: 25,
    places: [BAISHA, XIAOGUCHENG],
    farmer: 'demo-farmer-2',
    ask_fen: 520,
  },
] as const;

const SOURCES: PriceSource[] = ['shop_order', 'match_deal', 'shop_order'];
export const DEMO_PRICE_DAYS = 28;

/** A seeded generator (FNV-1a of the text as the seed) so a re-run on the same day produces the same observations. */
const random = (seedText: string): (() => number) =>
  seededRandom([...seedText].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16_777_619) >>> 0, 2_166_136_261));

/** One day's observations of one variety in one village: a seasonal drift, a little noise, now and then a typo. */
function dayObservations(
  p: (typeof DEMO_PRODUCE)[number],
  place: (typeof DEMO_PRODUCE)[number]['places'][number],
  day: string,
  dayIndex: number,
) {
  const rnd = random(`${p.variety}|${place.village}|${day}`);
  const drift = Math.round(p.swing_fen * Math.sin(dayIndex / 5));
  return [0, 1, 2].map((i): PriceObservationInput => {
    const noise = Math.round((rnd() - 0.5) * p.swing_fen * 0.6);
    // About one lot in thirty is mistyped ten times too dear: the outlier rule leaves it out of the day's figures.
    const typo = rnd() < 0.033 ? 10 : 1;
    return {
      variety_key: p.variety,
      region: { county: place.county, township: place.township, village: place.village },
      unit: '斤',
      price_fen_per_unit: Math.max(1, (p.base_fen + drift + noise) * typo),
      quantity: Math.max(1, Math.round(p.lot * (0.5 + rnd()))),
      source: SOURCES[i] as PriceSource,
      source_id: `demo-${p.slug}-${place.slug}-${day}-${i}`,
      at: fromShanghai(day, `${String(8 + i * 3).padStart(2, '0')}:15`),
    };
  });
}

/**
 * 行情 demo data: the last DEMO_PRICE_DAYS days of plausible observations of 青菜, 高山茶叶 and 苹果 in the demo
 * villages, plus each demo farmer's asking price. Idempotent (each observation has a stable source id).
 */
export async function seedDemoPrices(prices: AgriPrices, users: Record<string, string>, now = new Date()): Promise<number> {
  let count = 0;
  const today = Date.parse(`${shanghaiDate(now)}T00:00:00Z`);
  for (let back = DEMO_PRICE_DAYS - 1; back >= 0; back--) {
    const day = new Date(today - back * 86_400_000).toISOString().slice(0, 10);
    for (const p of DEMO_PRODUCE) {
      for (const place of p.places) {
        for (const o of dayObservations(p, place, day, DEMO_PRICE_DAYS - back)) {
          await prices.observe(o);
          count++;
        }
      }
    }
  }
  for (const p of DEMO_PRODUCE) {
    const user_id = users[p.farmer];
    if (!user_id) continue;
    const day = shanghaiDate(now);
    await prices.observe({
      variety_key: p.variety,
      region: { county: p.places[0].county, township: p.places[0].township, village: p.places[0].village },
      unit: '斤',
      price_fen_per_unit: p.ask_fen,
      quantity: p.lot * 5,
      source: 'supply_post',
      source_id: `demo-ask-${p.farmer}-${p.slug}-${day}`,
      at: fromShanghai(day, '07:30'),
      user_id,
    });
  }
  return count;
}
