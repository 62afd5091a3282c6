/** Unknown varieties (issue 14 item 1): accepted on posts, queued for an operator, confirmed or refused once. */
import { varietyKey, type AgriCategory } from '@cc/shared';
import type { UserActor } from '../platform/actor';
import { notFound } from '../platform/problem';
import type { AgriCtx } from './context';
import type { AgriVarietyDoc } from './models';

const toPending = (v: AgriVarietyDoc) => ({
  category: v.category,
  variety: v.variety,
  variety_key: v.variety_key,
  posts: v.posts,
  first_seen_at: v.first_seen_at.toISOString(),
});

export function createVarieties(C: AgriCtx) {
  return {
    async pending() {
      const rows = await C.models.Variety.find({ status: 'pending' }).sort({ first_seen_at: 1 }).limit(200).lean<AgriVarietyDoc[]>();
      return { items: rows.map(toPending) };
    },

    /** Accepting marks every post of the variety confirmed; refusing leaves them unconfirmed (operators may hide them). */
    async confirm(actor: UserActor, body: { category: AgriCategory; variety: string; accept: boolean }) {
      const key = varietyKey(body.variety);
      const decided = await C.models.Variety.findOneAndUpdate(
        { _id: `${body.category}:${key}`, status: 'pending' },
        { $set: { status: body.accept ? 'accepted' : 'refused', decided_by: actor.user_id, decided_at: new Date() } },
        { new: true },
      ).lean<AgriVarietyDoc>();
      if (!decided) throw notFound('variety_not_pending', '没有待确认的这个品种');
      if (body.accept) await C.models.Post.updateMany({ category: body.category, variety_key: key }, { $set: { variety_confirmed: true } });
      return toPending(decided);
    },
  };
}
