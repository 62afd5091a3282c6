import type { PriceObservationInput, PriceUnit } from '@cc/shared';
import type { Connection } from 'mongoose';
import type { UserActor } from '../../platform/actor';
import { priceModels } from './models';
import { observe } from './observe';
import { position, referenceFor, trend, varieties } from './queries';
import { baseUnitOf, regionPart, varietyKeyOf } from './units';

/**
 * 行情 (issue 14 item 6): price observations rolled up per day × variety × region, read as trends. Its own
 * collections; other modules feed it through `observe` (supply posts, matched deals, completed shop orders).
 * `now` is the clock of the trend windows (tests pass their own).
 */
export function createAgriPrices(deps: { conn: Connection; now?: () => Date }) {
  const M = priceModels(deps.conn);
  const now = deps.now ?? (() => new Date());
  return {
    observe: (input: PriceObservationInput) => observe(M, input, now()),
    trend: (q: { variety: string; region?: string; days: number; unit?: string }) => trend(M, q, now()),
    varieties: () => varieties(M),
    position: (actor: UserActor, q: { variety: string }) => position(M, actor.user_id, q, now()),
    /**
     * The regional figures a price in `unit` at a place compares with (null without data in the last 30 days), in fen
     * per base unit: for plausibility checks of posts ("a price far from the regional median").
     */
    regionalReference: (q: { variety: string; unit: PriceUnit; region: { village: string; township: string; county: string } }) =>
      referenceFor(
        M,
        {
          variety_key: varietyKeyOf(q.variety),
          base_unit: baseUnitOf(q.unit),
          region: { village: regionPart(q.region.village), township: regionPart(q.region.township), county: regionPart(q.region.county) },
        },
        now(),
      ),
  };
}
export type AgriPrices = ReturnType<typeof createAgriPrices>;
